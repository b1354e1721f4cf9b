package ai.equilibrium.spark;

import ai.equilibrium.tensor.NumericVector;
import java.io.Serializable;

/** A player's parameters as broadcast: the values and the driver-side version they come from. */
record VersionedParameters(long version, NumericVector values) implements Serializable {}
