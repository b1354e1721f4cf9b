package ai.equilibrium.data;

/** Procedural colour textures ({@link ColourPatch}): nothing to read. */
public final class ProceduralBackgrounds implements TargetBackgrounds {
  private static final long serialVersionUID = 1L;

  @Override
  public float[] patch(long seed, int side) {
    return ColourPatch.draw(seed, side, side);
  }

  /** Empty: the seed, which the data's hash already holds, decides every patch. */
  @Override
  public String contentHash() {
    return "";
  }
}
