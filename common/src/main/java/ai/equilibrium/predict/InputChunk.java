package ai.equilibrium.predict;

/**
 * The items of one range of an input, as read: their ids and either their pixels or their values, row-major,
 * one item after another.
 */
public record InputChunk(String[] ids, byte[] pixels, float[] values) {

  public static InputChunk ofPixels(String[] ids, byte[] pixels) {
    return new InputChunk(ids, pixels, null);
  }

  public static InputChunk ofValues(String[] ids, float[] values) {
    return new InputChunk(ids, null, values);
  }

  public int size() {
    return ids.length;
  }
}
