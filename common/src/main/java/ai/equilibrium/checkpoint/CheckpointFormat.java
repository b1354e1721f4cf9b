package ai.equilibrium.checkpoint;

import ai.equilibrium.step.Player;
import ai.equilibrium.storage.RunDirectory;
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
  private static final int MAGIC = 0x45514C53; // "EQLS"
  private static final int VERSION = 1;
  private static final int PLAYER_MAGIC = 0x45515053; // "EQPS"
  private static final int PLAYER_VERSION = 1;
  private static final double[] NO_OPTIMIZER_STATE = new double[0];

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
    return readPlayer(in, source, true);
  }

  /**
   * @param withOptimizer false to pass over the optimizer's state (the checkpoint then holds none): for a
   *     model that is not trained on
   */
  static PlayerCheckpoint readPlayer(InputStream in, String source, boolean withOptimizer) throws IOException {
    DataInputStream data = new DataInputStream(in);
    try {
      if (data.readInt() != PLAYER_MAGIC) {
        throw new IOException(source + " is not a player checkpoint (wrong magic number)");
      }
      int version = data.readInt();
      if (version != PLAYER_VERSION) {
        throw new IOException(source + " has checkpoint format " + version + "; this build reads " + PLAYER_VERSION);
      }
      double[] parameters = StateArrays.read(data, source);
      double[] optimizer = NO_OPTIMIZER_STATE;
      if (withOptimizer) {
        optimizer = StateArrays.read(data, source);
      } else {
        StateArrays.skip(data, source);
      }
      return new PlayerCheckpoint(parameters, optimizer, StateArrays.read(data, source));
    } catch (EOFException e) {
      throw new IOException(source + " is truncated", e);
    }
  }

  /**
   * The parser of each state file of a checkpoint, and the checkpoint they make together. Each file is parsed
   * as it streams through its digest: a checkpoint's state is held once, as values, never also as bytes.
   */
  static final class StateReader {
    private final String source;
    private final boolean withOptimizers;
    private final Map<Player, PlayerCheckpoint> players = new EnumMap<>(Player.class);
    private byte[] loopState;

    /**
     * @param source the checkpoint, for messages
     * @param withOptimizers false to leave the players' optimizer states unread (a model to evaluate or sample)
     */
    StateReader(String source, boolean withOptimizers) {
      this.source = source;
      this.withOptimizers = withOptimizers;
    }

    /** The parser of the file {@code name}, or null when the state is not in it. */
    RunDirectory.StreamParser<Void> parserOf(String name) {
      if (name.equals(LOOP_STATE)) {
        return in -> {
          loopState = in.readAllBytes();
          return null;
        };
      }
      for (Player p : Player.values()) {
        if (name.equals(playerFile(p))) {
          return in -> {
            players.put(p, readPlayer(in, source + "/" + name, withOptimizers));
            return null;
          };
        }
      }
      return null;
    }

    LoopCheckpoint checkpoint() throws IOException {
      for (Player p : Player.values()) {
        if (!players.containsKey(p)) {
          throw new IOException(source + " has no " + playerFile(p));
        }
      }
      if (loopState == null) {
        throw new IOException(source + " has no " + LOOP_STATE);
      }
      return readLoop(loopState, players, source + "/" + LOOP_STATE);
    }
  }

  private static LoopCheckpoint readLoop(byte[] bytes, Map<Player, PlayerCheckpoint> players, String file)
      throws IOException {
    DataInputStream data = new DataInputStream(new ByteArrayInputStream(bytes));
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
}
