package ai.equilibrium.optim;

import ai.equilibrium.tensor.ParameterSegment;
import ai.equilibrium.tensor.ParameterSet;
import java.util.List;

/** Over what a normalized or grafted step measures norms: each parameter tensor, or the whole player. */
public enum NormScope {
  /** One norm per parameter tensor (layer-wise; the grafting default of Jelassi et al.). */
  LAYER,
  /** One norm over all of the player's trainable parameters. */
  GLOBAL;

  /**
   * The Euclidean norm of {@code v} that applies to each segment of {@code params}, indexed like
   * {@link ParameterSet#segments()}; running-statistic segments get 0 and are not part of a global norm.
   */
  double[] norms(ParameterSet params, double[] v) {
    List<ParameterSegment> segments = params.segments();
    double[] norms = new double[segments.size()];
    double total = 0;
    for (int k = 0; k < norms.length; k++) {
      ParameterSegment s = segments.get(k);
      if (s.role() != ParameterSegment.Role.TRAINABLE) {
        continue;
      }
      double sum = 0;
      for (int i = s.offset(); i < s.end(); i++) {
        sum += v[i] * v[i];
      }
      norms[k] = sum;
      total += sum;
    }
    for (int k = 0; k < norms.length; k++) {
      if (segments.get(k).role() == ParameterSegment.Role.TRAINABLE) {
        norms[k] = Math.sqrt(this == GLOBAL ? total : norms[k]);
      }
    }
    return norms;
  }
}
