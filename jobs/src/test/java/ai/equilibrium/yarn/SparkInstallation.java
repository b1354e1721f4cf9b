package ai.equilibrium.yarn;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A Spark installation's SPARK_HOME as the project's build has Spark: {@code jars/} holding Spark, Scala and
 * Hadoop's client (links to the build's own jars), and {@code conf/}.
 */
public final class SparkInstallation {
  private SparkInstallation() {}

  /** The jars of Spark's class path, as the build lists them. */
  public static List<String> jars() throws IOException {
    String classpath = Files.readString(Path.of(System.getProperty("equilibrium.spark.classpath"))).trim();
    return List.of(classpath.split(File.pathSeparator));
  }

  /** Creates {@code home} with {@code jars/} and an empty {@code conf/}. */
  public static Path create(Path home) throws IOException {
    Path jars = Files.createDirectories(home.resolve("jars"));
    Files.createDirectories(home.resolve("conf"));
    for (String jar : jars()) {
      Path link = jars.resolve(Path.of(jar).getFileName());
      if (!Files.exists(link)) {
        Files.createSymbolicLink(link, Path.of(jar));
      }
    }
    return home;
  }
}
