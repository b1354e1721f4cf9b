package ai.equilibrium.backend;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.nd4j.linalg.factory.Nd4j;

/**
 * What decides how this JVM's floating-point kernels round: the processor (architecture, model, widest vector
 * unit), the instruction sets OpenBLAS and oneDNN are pinned to (OPENBLAS_CORETYPE, DNNL_MAX_CPU_ISA) and
 * ND4J's backend. Two JVMs of one kind compute the same bits; of two kinds, results agree only to rounding, which
 * a chaotic adversarial run amplifies into different scores.
 */
public record ProcessorKind(String architecture, String model, String vectorUnits, String openBlasCore,
    String oneDnnIsa, String nd4jBackend) {
  private static final ProcessorKind CURRENT = detect();

  public static ProcessorKind current() {
    return CURRENT;
  }

  /** For example "amd64/AMD EPYC (family 26, model 2, stepping 1)/avx512, CpuBackend", with pinned instruction sets. */
  @Override
  public String toString() {
    StringBuilder kind = new StringBuilder(architecture + "/" + model + "/" + vectorUnits);
    if (!openBlasCore.isEmpty()) {
      kind.append(", OpenBLAS ").append(openBlasCore);
    }
    if (!oneDnnIsa.isEmpty()) {
      kind.append(", oneDNN ").append(oneDnnIsa);
    }
    return kind.append(", ").append(nd4jBackend).toString();
  }

  private static ProcessorKind detect() {
    List<String> cpuinfo = List.of();
    try {
      Path path = Path.of("/proc/cpuinfo");
      cpuinfo = Files.isReadable(path) ? Files.readAllLines(path) : List.of();
    } catch (IOException e) {
      // unknown stays
    }
    Processor processor = Processor.of(cpuinfo);
    return new ProcessorKind(System.getProperty("os.arch"), processor.model(), processor.vectorUnits(),
        System.getenv().getOrDefault("OPENBLAS_CORETYPE", ""),
        // ND4J's oneDNN 2.3 reads the DNNL_ name; later versions read both
        System.getenv().getOrDefault("DNNL_MAX_CPU_ISA", System.getenv().getOrDefault("ONEDNN_MAX_CPU_ISA", "")),
        Nd4j.getBackend().getClass().getSimpleName());
  }

  /** The first processor of a /proc/cpuinfo listing: its model and widest vector unit. */
  record Processor(String model, String vectorUnits) {
    static Processor of(List<String> cpuinfo) {
      String name = first(cpuinfo, "model name");
      String family = first(cpuinfo, "cpu family");
      String flags = first(cpuinfo, "flags");
      // Virtual machines often give several generations one generic name ("AMD EPYC"), and they round
      // differently, so the family, model and stepping numbers are part of the model.
      String model = (name.isEmpty() ? "unknown" : name) + (family.isEmpty() ? ""
          : " (family " + family + ", model " + first(cpuinfo, "model") + ", stepping " + first(cpuinfo, "stepping")
          + ")");
      String units = flags.isEmpty() ? "unknown" : flags.contains("avx512f") ? "avx512"
          : flags.contains("avx2") ? "avx2" : "sse";
      return new Processor(model, units);
    }

    private static String first(List<String> cpuinfo, String field) {
      for (String line : cpuinfo) {
        int colon = line.indexOf(':');
        if (colon > 0 && line.substring(0, colon).trim().equals(field)) {
          return line.substring(colon + 1).trim();
        }
      }
      return "";
    }
  }
}
