package ai.equilibrium.model;

import java.io.Serializable;
import java.util.List;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.activations.impl.ActivationLReLU;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * The three networks of adversarial domain adaptation (Ganin et al. 2016), fully connected: a feature
 * extractor F from a sample to {@code featureDimension} features (LeakyReLU-activated, like its hidden layers),
 * a label classifier C from the features to class logits, and a domain classifier D from the features to one
 * logit (source against target).
 */
public record DomainAdaptationSpec(List<Integer> featureHidden, int featureDimension, List<Integer> classifierHidden,
    List<Integer> domainHidden) implements Serializable {

  public DomainAdaptationSpec {
    featureHidden = List.copyOf(featureHidden);
    classifierHidden = List.copyOf(classifierHidden);
    domainHidden = List.copyOf(domainHidden);
    if (featureDimension < 1) {
      throw new IllegalArgumentException("the feature dimension must be positive, got " + featureDimension);
    }
  }

  public MultiLayerConfiguration features(int inputDimension, long seed, DataType precision) {
    return DenseStack.of(inputDimension, featureHidden, featureDimension, new ActivationLReLU(0.2), seed, precision);
  }

  public MultiLayerConfiguration classifier(int classes, long seed, DataType precision) {
    return DenseStack.of(featureDimension, classifierHidden, classes, Activation.IDENTITY.getActivationFunction(), seed,
        precision);
  }

  public MultiLayerConfiguration domainClassifier(long seed, DataType precision) {
    return DenseStack.of(featureDimension, domainHidden, 1, Activation.IDENTITY.getActivationFunction(), seed,
        precision);
  }
}
