package ai.equilibrium.spark.block;

import ai.equilibrium.step.GradientTerm;
import ai.equilibrium.step.ShardResult;
import ai.equilibrium.tensor.NumericVector;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * How a phase's gradient sums split into one slice per replica: slice s of every term is elements
 * [s·L/P, (s+1)·L/P) of that term's vector of length L, so a replica that owns slice s sums the same elements
 * of every partition that the in-process merge sums, in the same order, and gets the same bits.
 *
 * @param terms      the phase's gradient terms, in the enum's order
 * @param lengths    each term's length
 * @param precisions each term's precision
 * @param slices     how many slices (the number of replicas)
 */
record GradientSlices(List<GradientTerm> terms, int[] lengths, DataType[] precisions, int slices) {

  /** The layout of {@code result}'s gradients in {@code slices} slices. */
  static GradientSlices of(ShardResult result, int slices) {
    List<GradientTerm> terms = List.copyOf(result.gradientTerms());
    int[] lengths = new int[terms.size()];
    DataType[] precisions = new DataType[terms.size()];
    for (int t = 0; t < terms.size(); t++) {
      NumericVector v = result.gradientSum(terms.get(t));
      lengths[t] = v.length();
      precisions[t] = v.precision();
    }
    return new GradientSlices(terms, lengths, precisions, slices);
  }

  /** Bytes of all terms' whole vectors. */
  int bytes() {
    int total = 0;
    for (int t = 0; t < lengths.length; t++) {
      total += lengths[t] * (precisions[t] == DataType.DOUBLE ? Double.BYTES : Float.BYTES);
    }
    return total;
  }

  int from(int term, int slice) {
    return (int) ((long) slice * lengths[term] / slices);
  }

  int to(int term, int slice) {
    return from(term, slice + 1);
  }

  /** Every term's sums of {@code result} themselves, not copied (a merge may add into them). */
  List<NumericVector> sums(ShardResult result) {
    return terms.stream().map(result::gradientSum).toList();
  }

  /** Slice {@code slice} of every term of {@code result}. */
  List<NumericVector> cut(ShardResult result, int slice) {
    List<NumericVector> parts = new ArrayList<>(terms.size());
    for (int t = 0; t < terms.size(); t++) {
      parts.add(result.gradientSum(terms.get(t)).slice(from(t, slice), to(t, slice)));
    }
    return parts;
  }

  /** Adds {@code b} into {@code a}, term by term (the in-process merge's arithmetic). */
  static List<NumericVector> add(List<NumericVector> a, List<NumericVector> b) {
    for (int t = 0; t < a.size(); t++) {
      a.get(t).addInPlace(b.get(t));
    }
    return a;
  }

  /** Every part's raw values, one after another, in {@code reuse} when it is large enough (else a new buffer). */
  static ByteBuffer bytes(List<NumericVector> parts, ByteBuffer reuse) {
    ByteBuffer out = buffer(parts.stream().mapToInt(NumericVector::byteSize).sum(), reuse);
    parts.forEach(p -> p.writeTo(out));
    return out.flip();
  }

  /** Slice {@code slice} of every term of {@code result} as {@link #bytes} writes {@link #cut}'s parts, uncopied. */
  ByteBuffer sliceBytes(ShardResult result, int slice, ByteBuffer reuse) {
    int size = 0;
    for (int t = 0; t < terms.size(); t++) {
      size += (to(t, slice) - from(t, slice)) * (precisions[t] == DataType.DOUBLE ? Double.BYTES : Float.BYTES);
    }
    ByteBuffer out = buffer(size, reuse);
    for (int t = 0; t < terms.size(); t++) {
      result.gradientSum(terms.get(t)).writeTo(out, from(t, slice), to(t, slice));
    }
    return out.flip();
  }

  private static ByteBuffer buffer(int size, ByteBuffer reuse) {
    ByteBuffer out = reuse != null && reuse.capacity() >= size ? reuse.clear() : ByteBuffer.allocate(size);
    return out.limit(size).order(ByteOrder.LITTLE_ENDIAN);
  }

  /** Slice {@code slice} of every term from {@code in}, into {@code reuse}'s vectors where they fit (or null). */
  List<NumericVector> read(ByteBuffer in, int slice, List<NumericVector> reuse) {
    in.order(ByteOrder.LITTLE_ENDIAN);
    List<NumericVector> parts = new ArrayList<>(terms.size());
    for (int t = 0; t < terms.size(); t++) {
      parts.add(NumericVector.readFrom(in, precisions[t], to(t, slice) - from(t, slice), term(reuse, t)));
    }
    return parts;
  }

  /** Full-length vectors, one per term, for every slice to be placed into: {@code reuse}'s where they fit. */
  List<NumericVector> wholeVectors(List<NumericVector> reuse) {
    List<NumericVector> whole = new ArrayList<>(terms.size());
    for (int t = 0; t < terms.size(); t++) {
      whole.add(NumericVector.sized(precisions[t], lengths[t], term(reuse, t)));
    }
    return whole;
  }

  private static NumericVector term(List<NumericVector> vectors, int t) {
    return vectors != null && t < vectors.size() ? vectors.get(t) : null;
  }

  void place(List<NumericVector> whole, List<NumericVector> slice, int index) {
    for (int t = 0; t < terms.size(); t++) {
      whole.get(t).place(slice.get(t), from(t, index));
    }
  }
}
