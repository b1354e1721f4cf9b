package ai.equilibrium.prepare;

import ai.equilibrium.config.ConfigFiles;
import ai.equilibrium.config.ConfigReader;
import ai.equilibrium.data.ImageResampler;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
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
    Config defaults = ConfigFiles.resource(PREPARE_DEFAULTS_RESOURCE);
    Config commandLine = ConfigFiles.withOverrides(ConfigFactory.empty()
        .withValue("prepare.input", ConfigValueFactory.fromAnyRef(input))
        .withValue("prepare.output", ConfigValueFactory.fromAnyRef(output)), overrides);
    ConfigFiles.rejectUnknownKeys(commandLine, defaults, "the command line");
    ConfigReader r = new ConfigReader(commandLine.withFallback(defaults).resolve());
    Map<String, String> sparkConf = ConfigFiles.sparkConf(r);
    return new PreparationSettings(r.nonBlank("prepare.input"), r.nonBlank("prepare.output"), r.positive("prepare.size"),
        r.choice("prepare.crop", ImageResampler.Crop.class), r.positive("prepare.images-per-shard"),
        r.fraction("prepare.max-bad-fraction"), r.optionalPath("prepare.split-file"),
        r.optionalPath("prepare.attributes-file"), r.fraction("prepare.held-out-fraction"),
        r.atLeast("prepare.progress-seconds", 0), r.nonBlank("spark.master"), sparkConf);
  }
}
