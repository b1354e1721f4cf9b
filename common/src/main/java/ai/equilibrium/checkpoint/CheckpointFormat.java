package ai.equilibrium.checkpoint;

import ai.equilibrium.step.Player;
import ai.equilibrium.train.LoopCheckpoint;
import ai.equilibrium.train.PlayerCheckpoint;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/**
 * The bytes of a checkpoint's training state. The loop's part is loop-state.bin: magic "EQLS", format version,
 * steps completed, the learning-rate scale, the rollbacks, then the schedule's and the guard's states. Each
 * player's part is a file of its own (main-state.bin, adversary-state.bin): magic "EQPS", format version, then
 * its parameters, optimizer state and reparameterization state. Arrays are a length and big-endian doubles,
 * so that every bit comes back.
 */
public final class CheckpointFormat {
  static final String LOOP_STATE = "loop-state.bin";
  /** The files the training state is read from; a checkpoint's model files are for people and plain DL4J. */
  static final java.util.Set<String> STATE_FILES = java.util.Set.of(LOOP_STATE, playerFile(Player.MAIN),
      playerFile(Player.ADVERSARY));
  private static final int MAGIC = 0x45514C53; // "EQLS"
  private static final int VERSION = 1;
  private static final int PLAYER_MAGIC = 0x45515053; // "EQPS"
  private static final int PLAYER_VERSION = 1;

  private CheckpointFormat() {}

  static byte[] loopState(LoopCheckpoint checkpoint) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DataOutputStream data = new DataOutputStream(bytes);
    data.writeInt(MAGIC);
    data.writeInt(VERSION);
    data.writeLong(checkpoint.step());
    data.writeDouble(checkpoint.learningRateScale());
    data.writeInt(checkpoint.rollbacks());
    StateArrays.write(data, checkpoint.schedule());
    StateArrays.write(data, checkpoint.guard());
    data.flush();
    return bytes.toByteArray();
  }

  /** The file a checkpoint directory holds a player's state in: main-state.bin, adversary-state.bin. */
  public static String playerFile(Player player) {
    return player.name().toLowerCase(Locale.ROOT) + "-state.bin";
  }

  public static void writePlayer(PlayerCheckpoint checkpoint, OutputStream out) throws IOException {
    DataOutputStream data = new DataOutputStream(out);
    data.writeInt(PLAYER_MAGIC);
    data.writeInt(PLAYER_VERSION);
    for (double[] array : new double[][] {checkpoint.parameters(), checkpoint.optimizerState(),
        checkpoint.reparameterizationState()}) {
      StateArrays.write(data, array);
    }
    data.flush();
  }

  /**
   * Reads a player's state written by {@link #writePlayer}.
   *
   * @param source the file's name, for error messages
   * @throws IOException naming {@code source} when the data is not a player checkpoint or is truncated
   */
  public static PlayerCheckpoint readPlayer(InputStream in, String source) throws IOException {
    DataInputStream data = new DataInputStream(in);
    try {
      if (data.readInt() != PLAYER_MAGIC) {
        throw new IOException(source + " is not a player checkpoint (wrong magic number)");
      }
      int version = data.readInt();
      if (version != PLAYER_VERSION) {
        throw new IOException(source + " has checkpoint format " + version + "; this build reads " + PLAYER_VERSION);
      }
      return new PlayerCheckpoint(StateArrays.read(data, source), StateArrays.read(data, source),
          StateArrays.read(data, source));
    } catch (EOFException e) {
      throw new IOException(source + " is truncated", e);
    }
  }

  /**
   * @param files the checkpoint's files by name
   * @param source the checkpoint, for messages
   */
  static LoopCheckpoint read(Map<String, byte[]> files, String source) throws IOException {
    Map<Player, PlayerCheckpoint> players = new EnumMap<>(Player.class);
    for (Player p : Player.values()) {
      String name = playerFile(p);
      players.put(p, readPlayer(new ByteArrayInputStream(require(files, name, source)), source + "/" + name));
    }
    DataInputStream data = new DataInputStream(new ByteArrayInputStream(require(files, LOOP_STATE, source)));
    String file = source + "/" + LOOP_STATE;
    try {
      if (data.readInt() != MAGIC) {
        throw new IOException(file + " is not a loop state (wrong magic number)");
      }
      int version = data.readInt();
      if (version != VERSION) {
        throw new IOException(file + " has format " + version + "; this build reads " + VERSION);
      }
      long step = data.readLong();
      double scale = data.readDouble();
      int rollbacks = data.readInt();
      double[] schedule = StateArrays.read(data, file);
      double[] guard = StateArrays.read(data, file);
      return new LoopCheckpoint(step, players, schedule, guard, scale, rollbacks);
    } catch (EOFException e) {
      throw new IOException(file + " is truncated", e);
    }
  }

  private static byte[] require(Map<String, byte[]> files, String name, String source) throws IOException {
    byte[] bytes = files.get(name);
    if (bytes == null) {
      throw new IOException(source + " has no " + name);
    }
    return bytes;
  }
}
