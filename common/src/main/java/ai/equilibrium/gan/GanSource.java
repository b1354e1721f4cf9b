package ai.equilibrium.gan;

import ai.equilibrium.config.ConfigError;
import ai.equilibrium.config.ExperimentConfig;
import ai.equilibrium.config.Settings;
import ai.equilibrium.data.DataLocations;
import ai.equilibrium.data.DataShard;
import ai.equilibrium.data.DataSource;
import ai.equilibrium.data.FashionMnistSource;
import ai.equilibrium.data.GaussianMixtureSource;
import ai.equilibrium.data.ImageShardSource;
import ai.equilibrium.data.ImageSplit;
import ai.equilibrium.data.NoiseImageSource;
import ai.equilibrium.data.SampleShape;
import java.util.Arrays;
import java.util.List;

/**
 * The data sets a GAN learns ({@code data.source}), each registered once here: how its training samples and its
 * held-out images are read, and whether its samples are images scored by FID, KID and precision/recall.
 */
enum GanSource {
  FASHION_MNIST(true) {
    @Override
    DataSource<DataShard> training(ExperimentConfig config) {
      return new FashionMnistSource(path(config), FashionMnistSource.Split.TRAIN);
    }

    @Override
    DataSource<DataShard> heldOut(ExperimentConfig config) {
      return new FashionMnistSource(path(config), FashionMnistSource.Split.TEST);
    }

    private String path(ExperimentConfig config) {
      return config.data().path().orElse(DataLocations.fashionMnist());
    }
  },
  IMAGE_SHARDS(true) {
    @Override
    DataSource<DataShard> training(ExperimentConfig config) {
      return new ImageShardSource(preparedFolder(config), ImageSplit.TRAIN);
    }

    @Override
    DataSource<DataShard> heldOut(ExperimentConfig config) {
      return new ImageShardSource(preparedFolder(config), ImageSplit.TEST);
    }
  },
  GAUSSIAN_RING(false) {
    @Override
    DataSource<DataShard> training(ExperimentConfig config) {
      return new GaussianMixtureSource(GaussianMixtureSource.Layout.RING_8, config.data().mixtureSamples(),
          config.run().seed());
    }
  },
  GAUSSIAN_GRID(false) {
    @Override
    DataSource<DataShard> training(ExperimentConfig config) {
      return new GaussianMixtureSource(GaussianMixtureSource.Layout.GRID_25, config.data().mixtureSamples(),
          config.run().seed());
    }
  },
  NOISE_IMAGES(false) {
    @Override
    DataSource<DataShard> training(ExperimentConfig config) {
      Settings.NoiseImages n = config.data().noiseImages();
      return new NoiseImageSource(new SampleShape.Image(n.channels(), n.size(), n.size()), n.samples(),
          config.run().seed());
    }
  };

  /** Whether the samples are images scored with a feature extractor (FID, KID, precision/recall). */
  final boolean scoredWithFeatures;

  GanSource(boolean scoredWithFeatures) {
    this.scoredWithFeatures = scoredWithFeatures;
  }

  /** The samples the GAN learns. */
  abstract DataSource<DataShard> training(ExperimentConfig config);

  /** The images held out from training, against which a reference score is computed. */
  DataSource<DataShard> heldOut(ExperimentConfig config) {
    throw new ConfigError("data.source", configName() + " has no held-out images: the held-out reference needs "
        + Arrays.stream(values()).filter(s -> s.scoredWithFeatures).map(GanSource::configName).toList());
  }

  String configName() {
    return Settings.configName(this);
  }

  /** Every source's data.source value, fashion-mnist first (what auto means). */
  static List<String> configNames() {
    return Arrays.stream(values()).map(GanSource::configName).toList();
  }

  /** The source of {@code config}'s data.source, which the schema has checked against {@link #configNames()}. */
  static GanSource of(ExperimentConfig config) {
    return Arrays.stream(values()).filter(s -> s.configName().equals(config.data().source())).findFirst()
        .orElseThrow(() -> new ConfigError("data.source", "'" + config.data().source() + "' is not one of "
            + configNames() + " for game.type = gan"));
  }

  /** A prepared image folder has no default location. */
  static String preparedFolder(ExperimentConfig config) {
    return config.data().path().orElseThrow(() -> new ConfigError("data.path", "data.source = image-shards reads a "
        + "folder that submit-scripts/prepare-images wrote: set data.path to it"));
  }
}
