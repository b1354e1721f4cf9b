package ai.equilibrium.adaptation;

import ai.equilibrium.config.ExperimentConfig;
import ai.equilibrium.config.Settings;
import ai.equilibrium.data.DomainPairSource;
import ai.equilibrium.data.MnistToMnistMSource;
import ai.equilibrium.data.PhotoBackgrounds;
import ai.equilibrium.data.ProceduralBackgrounds;
import ai.equilibrium.data.TargetBackgrounds;
import ai.equilibrium.data.TwoMoonsSource;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** The pairs of domains domain adaptation trains on ({@code data.source}), each registered once here. */
final class DomainPairSources {
  private static final Map<String, Function<ExperimentConfig, DomainPairSource>> SOURCES = new LinkedHashMap<>();

  static {
    SOURCES.put("two-moons", config -> {
      Settings.Moons moons = config.data().moons();
      return new TwoMoonsSource(moons.samples(), moons.samples(), moons.noise(), moons.rotationDegrees(),
          config.run().seed());
    });
    SOURCES.put("mnist-to-mnistm", config -> {
      Settings.MnistM mnistm = config.data().mnistm();
      TargetBackgrounds backgrounds = switch (mnistm.backgrounds()) {
        case PROCEDURAL -> new ProceduralBackgrounds();
        case PHOTOS -> new PhotoBackgrounds(mnistm.photos());
      };
      return new MnistToMnistMSource(config.data().path().orElse(MnistToMnistMSource.DEFAULT_PATH),
          config.run().seed(), backgrounds);
    });
  }

  private DomainPairSources() {}

  /** Every source's data.source value, two-moons first (what auto means). */
  static List<String> names() {
    return List.copyOf(SOURCES.keySet());
  }

  /** The source of {@code config}'s data.source, which the schema has checked against {@link #names()}. */
  static DomainPairSource of(ExperimentConfig config) {
    return SOURCES.get(config.data().source()).apply(config);
  }
}
