package ai.equilibrium.checkpoint;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;

/** The arrays of checkpoint files: a length, then big-endian doubles, so that every bit comes back. */
final class StateArrays {
  /** 2 GiB of doubles, far beyond any player's state: a larger length means a corrupt file, not a big network. */
  private static final int MAX_LENGTH = 1 << 28;

  private StateArrays() {}

  static void write(DataOutputStream data, double[] values) throws IOException {
    data.writeInt(values.length);
    for (double v : values) {
      data.writeDouble(v);
    }
  }

  /** @param source the file, for the message when the length is impossible */
  static double[] read(DataInputStream data, String source) throws IOException {
    int length = data.readInt();
    if (length < 0 || length > MAX_LENGTH) {
      throw new IOException(source + " is corrupt: array length " + length);
    }
    double[] values = new double[length];
    for (int i = 0; i < length; i++) {
      values[i] = data.readDouble();
    }
    return values;
  }

  /** Reads past an array written by {@link #write}. */
  static void skip(DataInputStream data, String source) throws IOException {
    int length = data.readInt();
    if (length < 0 || length > MAX_LENGTH) {
      throw new IOException(source + " is corrupt: array length " + length);
    }
    data.skipNBytes((long) length * Double.BYTES);
  }
}
