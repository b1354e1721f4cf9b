package ai.equilibrium.adaptation;

import ai.equilibrium.game.GameNetworks;
import ai.equilibrium.model.DifferentiableNetwork;
import ai.equilibrium.model.ParameterLayouts;
import ai.equilibrium.step.Player;
import ai.equilibrium.tensor.NumericVector;
import ai.equilibrium.tensor.ParameterSegment;
import ai.equilibrium.tensor.ParameterSet;
import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The feature extractor F and label classifier C (together the main player, F's parameters first) and the
 * domain classifier D (the adversary) of domain adaptation.
 */
public final class DomainAdaptationNetworks implements GameNetworks {
  private static final String FEATURES = "features/";
  private static final String CLASSIFIER = "classifier/";

  private final DifferentiableNetwork features;
  private final DifferentiableNetwork classifier;
  private final DifferentiableNetwork domainClassifier;

  public DomainAdaptationNetworks(DifferentiableNetwork features, DifferentiableNetwork classifier,
      DifferentiableNetwork domainClassifier) {
    this.features = features;
    this.classifier = classifier;
    this.domainClassifier = domainClassifier;
  }

  public DifferentiableNetwork features() {
    return features;
  }

  public DifferentiableNetwork classifier() {
    return classifier;
  }

  public DifferentiableNetwork domainClassifier() {
    return domainClassifier;
  }

  /** The main player's gradient of the last backward passes of F and C, in the main player's layout. */
  INDArray mainGradients() {
    return Nd4j.hstack(features.gradients().reshape(1, -1), classifier.gradients().reshape(1, -1));
  }

  @Override
  public void setParameters(Player player, NumericVector values) {
    if (player == Player.ADVERSARY) {
      values.copyInto(domainClassifier.parameters());
      return;
    }
    long split = features.parameters().length();
    if (values.length() != split + classifier.parameters().length()) {
      throw new IllegalArgumentException(values.length() + " values for a main player of "
          + (split + classifier.parameters().length()));
    }
    INDArray all = values.toArray();
    features.parameters().assign(all.get(NDArrayIndex.interval(0, split)).reshape(features.parameters().shape()));
    classifier.parameters().assign(all.get(NDArrayIndex.interval(split, all.length()))
        .reshape(classifier.parameters().shape()));
  }

  @Override
  public ParameterSet parameters(Player player) {
    if (player == Player.ADVERSARY) {
      return ParameterLayouts.parameterSet(domainClassifier.dl4j());
    }
    ParameterSet f = ParameterLayouts.parameterSet(features.dl4j());
    ParameterSet c = ParameterLayouts.parameterSet(classifier.dl4j());
    double[] values = new double[f.size() + c.size()];
    System.arraycopy(f.values(), 0, values, 0, f.size());
    System.arraycopy(c.values(), 0, values, f.size(), c.size());
    List<ParameterSegment> segments = new ArrayList<>();
    f.segments().forEach(s -> segments.add(new ParameterSegment(FEATURES + s.name(), s.offset(), s.length(), s.role())));
    c.segments().forEach(s -> segments.add(new ParameterSegment(CLASSIFIER + s.name(), f.size() + s.offset(),
        s.length(), s.role())));
    return new ParameterSet(values, segments, f.precision());
  }
}
