package ai.equilibrium.model;

import ai.equilibrium.data.SampleShape;
import java.io.Serializable;
import java.util.List;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.activations.impl.ActivationLReLU;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * The three networks of adversarial domain adaptation (Ganin et al. 2016): a feature extractor F from a sample
 * to {@code featureDimension} features (LeakyReLU-activated, like its hidden layers; fully connected, or
 * convolutional for images of {@code convolutionalInput}'s shape when that is not null),
 * a label classifier C from the features to class logits, and a domain classifier D from the features to one
 * logit (source against target).
 */
public record DomainAdaptationSpec(List<Integer> featureHidden, int featureDimension, List<Integer> classifierHidden,
    List<Integer> domainHidden, SampleShape.Image convolutionalInput) implements Serializable {

  /** With a fully connected feature extractor. */
  public DomainAdaptationSpec(List<Integer> featureHidden, int featureDimension, List<Integer> classifierHidden,
      List<Integer> domainHidden) {
    this(featureHidden, featureDimension, classifierHidden, domainHidden, null);
  }

  public DomainAdaptationSpec {
    featureHidden = List.copyOf(featureHidden);
    classifierHidden = List.copyOf(classifierHidden);
    domainHidden = List.copyOf(domainHidden);
    if (featureDimension < 1) {
      throw new IllegalArgumentException("the feature dimension must be positive, got " + featureDimension);
    }
  }

  public MultiLayerConfiguration features(int inputDimension, long seed, DataType precision) {
    if (convolutionalInput != null) {
      return convolutionalFeatures(convolutionalInput, seed, precision);
    }
    return DenseStack.of(inputDimension, featureHidden, featureDimension, new ActivationLReLU(0.2), seed, precision);
  }

  /** Two 5x5 stride-2 convolutions (32, 48 channels) and a dense layer, LeakyReLU 0.2 after each. */
  private MultiLayerConfiguration convolutionalFeatures(SampleShape.Image image, long seed, DataType precision) {
    return DcganConfigurations.base(seed, precision).list()
        .layer(0, conv(image.channels(), 32).build())
        .layer(1, conv(32, 48).build())
        .layer(2, new DenseLayer.Builder().nOut(featureDimension).activation(new ActivationLReLU(0.2)).build())
        .setInputType(InputType.convolutionalFlat(image.height(), image.width(), image.channels()))
        .build();
  }

  private static ConvolutionLayer.Builder conv(int in, int out) {
    return new ConvolutionLayer.Builder().nIn(in).nOut(out).kernelSize(5, 5).stride(2, 2).padding(2, 2)
        .activation(new ActivationLReLU(0.2));
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
