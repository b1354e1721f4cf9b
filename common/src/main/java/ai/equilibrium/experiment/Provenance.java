package ai.equilibrium.experiment;

import ai.equilibrium.data.DataSource;
import ai.equilibrium.storage.RunDirectory;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Where a run's results come from: the code (Equilibrium's version, the git revision it was built from and
 * whether that tree had uncommitted changes), the data (its content hash), and what computed them (ND4J's version
 * and backend, Spark's version when Spark is on the class path, the gradient backend). A run writes it to
 * provenance.json and into each checkpoint's manifest; sweeps and nightly suites copy the revision and the data
 * hash into their rows, so that a changed score can be tied to a changed commit or changed data.
 */
public record Provenance(String version, String revision, boolean dirty, String dataHash, String nd4jVersion,
    String nd4jBackend, String sparkVersion, String gradientBackend) {
  public static final String FILE = "provenance.json";
  public static final String UNKNOWN = "unknown";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Properties BUILD = properties("equilibrium-build.properties");

  /** This process's provenance for a run on {@code source} with {@code gradientBackend}. */
  public static Provenance of(DataSource<?> source, String gradientBackend) {
    String revision = BUILD.getProperty("git.commit.id.full", UNKNOWN);
    return new Provenance(BUILD.getProperty("git.build.version", UNKNOWN), revision.isEmpty() ? UNKNOWN : revision,
        Boolean.parseBoolean(BUILD.getProperty("git.dirty", "false")), source.contentHash(),
        properties("META-INF/maven/org.nd4j/nd4j-api/pom.properties").getProperty("version", UNKNOWN),
        Nd4j.getBackend().getClass().getSimpleName(),
        properties("spark-version-info.properties").getProperty("version", "none"), gradientBackend);
  }

  /** The revision, with "-dirty" when the tree had uncommitted changes: what a table's column holds. */
  public String codeRevision() {
    return dirty ? revision + "-dirty" : revision;
  }

  public Map<String, Object> fields() {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("equilibrium_version", version);
    fields.put("code_revision", revision);
    fields.put("dirty", dirty);
    fields.put("data_hash", dataHash);
    fields.put("nd4j_version", nd4jVersion);
    fields.put("nd4j_backend", nd4jBackend);
    fields.put("spark_version", sparkVersion);
    fields.put("gradient_backend", gradientBackend);
    return fields;
  }

  public void write(RunDirectory run) {
    try {
      run.writeText(FILE, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(fields()) + "\n");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The provenance a run directory holds, if it has one (runs before it was recorded have none). */
  public static Optional<Provenance> read(RunDirectory run) {
    Optional<byte[]> bytes = run.read(FILE);
    if (bytes.isEmpty()) {
      return Optional.empty();
    }
    try {
      JsonNode f = JSON.readTree(bytes.get());
      return Optional.of(new Provenance(f.path("equilibrium_version").asText(UNKNOWN),
          f.path("code_revision").asText(UNKNOWN), f.path("dirty").asBoolean(false), f.path("data_hash").asText(UNKNOWN),
          f.path("nd4j_version").asText(UNKNOWN), f.path("nd4j_backend").asText(UNKNOWN),
          f.path("spark_version").asText(UNKNOWN), f.path("gradient_backend").asText(UNKNOWN)));
    } catch (IOException e) {
      return Optional.empty(); // a torn file says nothing
    }
  }

  private static Properties properties(String resource) {
    Properties p = new Properties();
    try (InputStream in = Provenance.class.getClassLoader().getResourceAsStream(resource)) {
      if (in != null) {
        p.load(in);
      }
    } catch (IOException e) {
      // absent or unreadable: unknown
    }
    return p;
  }
}
