package ai.equilibrium.model;

import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.distribution.NormalDistribution;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.NoOp;

/** What the DCGAN architectures share: weights from N(0, 0.02) as in Radford et al., explicit padding, no updater. */
final class DcganConfigurations {
  private DcganConfigurations() {}

  static NeuralNetConfiguration.Builder base(long seed, DataType precision) {
    return new NeuralNetConfiguration.Builder()
        .seed(seed)
        .dataType(precision)
        .weightInit(new NormalDistribution(0, 0.02))
        .updater(new NoOp())
        .convolutionMode(ConvolutionMode.Truncate);
  }
}
