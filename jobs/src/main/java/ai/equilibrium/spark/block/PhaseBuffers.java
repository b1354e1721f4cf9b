package ai.equilibrium.spark.block;

import ai.equilibrium.tensor.NumericVector;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * A replica's slice buffers (the bytes it puts, the vectors it reads), reused from the phase before last. A
 * phase's blocks are removed once every replica has reported the next phase, so every peer has read them, and
 * the phase's vectors are spent within it (the players average them into their own arrays). A block's phases once
 * allocated tens of MB of these per step, and the heap's collections came several times a second.
 */
final class PhaseBuffers {
  private final List<Map<String, ByteBuffer>> outgoing = List.of(new HashMap<>(), new HashMap<>());
  private final List<Map<String, List<NumericVector>>> incoming = List.of(new HashMap<>(), new HashMap<>());

  /**
   * The bytes {@code slot} puts in {@code phase}: {@code writer} gets the buffer that slot put two phases before
   * (null in the first two phases) to write over, and returns what it wrote.
   */
  ByteBuffer outgoing(int phase, String slot, UnaryOperator<ByteBuffer> writer) {
    Map<String, ByteBuffer> parity = outgoing.get(phase & 1);
    ByteBuffer written = writer.apply(parity.get(slot));
    parity.put(slot, written);
    return written;
  }

  /** The vectors {@code slot} read two phases before {@code phase}, to read into; null in the first two. */
  List<NumericVector> incoming(int phase, String slot) {
    return incoming.get(phase & 1).get(slot);
  }

  /** Remembers the vectors {@code slot} read in {@code phase}. */
  void keepIncoming(int phase, String slot, List<NumericVector> vectors) {
    incoming.get(phase & 1).put(slot, vectors);
  }
}
