package ai.equilibrium.adaptation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.equilibrium.config.ConfigError;
import ai.equilibrium.config.ExperimentSchema;
import ai.equilibrium.data.SampleShape;
import ai.equilibrium.experiment.Experiment;
import ai.equilibrium.model.DifferentiableNetwork;
import ai.equilibrium.model.DomainAdaptationSpec;
import ai.equilibrium.model.NativeNetwork;
import ai.equilibrium.model.Networks;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Domain adaptation's convolutional feature extractor: native convolutions, flat images in, features out. */
class ConvolutionalFeaturesTest {

  @Test
  void flatImagesBecomeFeaturesOnTheNativeConvolutions() {
    DomainAdaptationSpec spec = new DomainAdaptationSpec(List.of(), 16, List.of(), List.of(8),
        new SampleShape.Image(3, 28, 28));
    DifferentiableNetwork features = Networks.build(spec.features(3 * 28 * 28, 1L, DataType.FLOAT));
    assertInstanceOf(NativeNetwork.class, features);
    INDArray out = features.forward(Nd4j.rand(DataType.FLOAT, 4, 3 * 28 * 28));
    assertArrayEquals(new long[] {4, 16}, out.shape());
    // 3x32x25 + 32, 32x48x25 + 48, 48x7x7x16 + 16: strides 2 take 28 to 14 to 7
    assertEquals(3 * 32 * 25 + 32 + 32 * 48 * 25 + 48 + 48 * 7 * 7 * 16 + 16, features.parameters().length());
  }

  @Test
  void aConvolutionalExtractorNeedsImages() {
    ConfigError e = assertThrows(ConfigError.class, () -> Experiment.assemble(ExperimentSchema.load(null,
        List.of("game.type=domain-adaptation", "data.source=two-moons", "model.feature-extractor=conv"))));
    assertEquals("model.feature-extractor", e.key());
  }
}
