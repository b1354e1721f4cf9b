package ai.equilibrium.tensor;

import java.io.Serializable;

/**
 * One parameter tensor (a layer's W, b, gamma, ...) inside a player's flat parameter vector.
 *
 * @param name   DL4J's key, "layerIndex_paramKey" (for example "0_W")
 * @param offset first index in the flat vector
 * @param length number of values
 * @param role   whether an optimizer trains it or it is a running statistic
 */
public record ParameterSegment(String name, int offset, int length, Role role) implements Serializable {

  /** How the driver updates a segment. */
  public enum Role {
    /** Updated by the player's optimizer from the averaged gradient. */
    TRAINABLE,
    /**
     * A BatchNorm running mean/variance: DL4J reports its update as a pseudo-gradient that the network
     * subtracts without an optimizer; it is averaged over passes, never summed, never given to Adam.
     */
    RUNNING_STATISTIC
  }

  public int end() {
    return offset + length;
  }
}
