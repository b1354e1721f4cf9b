package ai.equilibrium.checkpoint;

import ai.equilibrium.step.Player;
import ai.equilibrium.train.LoopCheckpoint;
import ai.equilibrium.train.PlayerCheckpoint;
import ai.equilibrium.train.StateArrays;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.util.EnumMap;
import java.util.Map;

/**
 * The loop's part of a checkpoint in loop-state.bin: magic "EQLS", format version, steps completed, the
 * learning-rate scale, the rollbacks, then the schedule's and the guard's states as lengths and big-endian
 * doubles. The players' states are files of their own ({@link PlayerCheckpoint}).
 */
final class CheckpointFormat {
  static final String LOOP_STATE = "loop-state.bin";
  private static final int MAGIC = 0x45514C53; // "EQLS"
  private static final int VERSION = 1;

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

  static byte[] playerState(PlayerCheckpoint checkpoint) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    checkpoint.write(bytes);
    return bytes.toByteArray();
  }

  /**
   * @param files the checkpoint's files by name
   * @param source the checkpoint, for messages
   */
  static LoopCheckpoint read(Map<String, byte[]> files, String source) throws IOException {
    Map<Player, PlayerCheckpoint> players = new EnumMap<>(Player.class);
    for (Player p : Player.values()) {
      String name = PlayerCheckpoint.fileName(p);
      players.put(p, PlayerCheckpoint.read(new ByteArrayInputStream(require(files, name, source)), source + "/" + name));
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
