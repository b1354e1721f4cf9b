package ai.equilibrium.train;

import ai.equilibrium.step.Player;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * A player's whole driver-side state, as a checkpoint holds it: the parameters its optimizer updates (the
 * double master copy, not the networks' rounded or normalized ones), the optimizer's state and the
 * reparameterization's state (for example spectral normalization's power-iteration vectors).
 *
 * <p>Binary format: magic "EQPS", format version, then each array as its length and big-endian doubles.
 */
public record PlayerCheckpoint(double[] parameters, double[] optimizerState, double[] reparameterizationState) {
  /** The file a checkpoint directory holds a player's state in: main-state.bin, adversary-state.bin. */
  public static String fileName(Player player) {
    return player.name().toLowerCase(java.util.Locale.ROOT) + "-state.bin";
  }

  private static final int MAGIC = 0x45515053; // "EQPS"
  private static final int FORMAT_VERSION = 1;

  public void write(OutputStream out) throws IOException {
    DataOutputStream data = new DataOutputStream(out);
    data.writeInt(MAGIC);
    data.writeInt(FORMAT_VERSION);
    for (double[] array : new double[][] {parameters, optimizerState, reparameterizationState}) {
      StateArrays.write(data, array);
    }
    data.flush();
  }

  /**
   * Reads a checkpoint written by {@link #write}.
   *
   * @param source the file's name, for error messages
   * @throws IOException naming {@code source} when the data is not a player checkpoint or is truncated
   */
  public static PlayerCheckpoint read(InputStream in, String source) throws IOException {
    DataInputStream data = new DataInputStream(in);
    try {
      if (data.readInt() != MAGIC) {
        throw new IOException(source + " is not a player checkpoint (wrong magic number)");
      }
      int version = data.readInt();
      if (version != FORMAT_VERSION) {
        throw new IOException(source + " has checkpoint format " + version + "; this build reads " + FORMAT_VERSION);
      }
      return new PlayerCheckpoint(StateArrays.read(data, source), StateArrays.read(data, source),
          StateArrays.read(data, source));
    } catch (EOFException e) {
      throw new IOException(source + " is truncated", e);
    }
  }
}
