package ai.equilibrium.prepare;

import java.io.Serializable;

/** An input file that was skipped, and why. */
public record BadFile(String path, String reason) implements Serializable {
  private static final long serialVersionUID = 1L;
}
