package ai.equilibrium.model;

import ai.equilibrium.data.SampleShape;
import java.io.Serializable;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * The two networks of a GAN for one data shape. Generators map a latent code [n, latentDimension] to
 * samples; adversaries map flattened samples [n, dimension] to one logit [n, 1] through a plain last layer
 * (no DL4J OutputLayer: losses are computed outside the network). Activations use LeakyReLU slope 0.2.
 */
public sealed interface NetworkSpec extends Serializable permits MlpSpec, Dcgan28Spec, Dcgan64Spec {

  /** The configuration name, as written in HOCON. */
  String name();

  int latentDimension();

  MultiLayerConfiguration generator(SampleShape shape, long seed, DataType precision);

  MultiLayerConfiguration adversary(SampleShape shape, long seed, DataType precision);
}
