package ai.equilibrium.data;

/** The split an image belongs to, with CelebA's codes in {@code list_eval_partition.txt}. */
public enum ImageSplit {
  TRAIN,
  VALID,
  TEST;

  /** CelebA's code: 0 train, 1 valid, 2 test. */
  public static ImageSplit ofCode(int code) {
    if (code < 0 || code >= values().length) {
      throw new IllegalArgumentException("a split code is 0 (train), 1 (valid) or 2 (test), got " + code);
    }
    return values()[code];
  }

  public String key() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
