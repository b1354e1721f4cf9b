package ai.equilibrium.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.util.List;
import java.util.Map;

/** Parses {@code PrepareDataJob}'s settings once: {@code prepare-defaults.conf} with command-line overrides. */
public final class PreparationFiles {
  private PreparationFiles() {}

  private static final String PREPARE_DEFAULTS_RESOURCE = "prepare-defaults.conf";

  /**
   * The settings of an image preparation: {@code prepare-defaults.conf} overridden by {@code key=value} pairs,
   * checked as an experiment's are.
   */
  public static PreparationSettings load(String input, String output, List<String> overrides) {
    Config defaults = ConfigLoader.resource(PREPARE_DEFAULTS_RESOURCE);
    Config commandLine = ConfigFactory.empty()
        .withValue("prepare.input", com.typesafe.config.ConfigValueFactory.fromAnyRef(input))
        .withValue("prepare.output", com.typesafe.config.ConfigValueFactory.fromAnyRef(output));
    for (String override : overrides) {
      commandLine = ConfigFactory.parseString(ConfigLoader.checkedOverride(override), ConfigLoader.COMMAND_LINE).withFallback(commandLine);
    }
    ConfigLoader.rejectUnknownKeys(commandLine, defaults, "the command line");
    ConfigReader r = new ConfigReader(commandLine.withFallback(defaults).resolve());
    Map<String, String> sparkConf = ConfigLoader.sparkConf(r);
    return new PreparationSettings(r.nonBlank("prepare.input"), r.nonBlank("prepare.output"), r.positive("prepare.size"),
        r.choice("prepare.crop", ai.equilibrium.data.ImageResampler.Crop.class), r.positive("prepare.images-per-shard"),
        r.fraction("prepare.max-bad-fraction"), r.optionalPath("prepare.split-file"),
        r.optionalPath("prepare.attributes-file"), r.fraction("prepare.held-out-fraction"),
        r.atLeast("prepare.progress-seconds", 0), r.nonBlank("spark.master"), sparkConf);
  }
}
