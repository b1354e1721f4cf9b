package ai.equilibrium.backend;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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

  /** For example "amd64/AMD EPYC/avx512, CpuBackend", with the pinned instruction sets when set. */
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
    String model = "unknown";
    String vectorUnits = "unknown";
    Path cpuinfo = Path.of("/proc/cpuinfo");
    if (Files.isReadable(cpuinfo)) {
      try {
        for (String line : Files.readAllLines(cpuinfo)) {
          if (line.startsWith("model name") && model.equals("unknown")) {
            model = line.substring(line.indexOf(':') + 1).trim();
          }
          if (line.startsWith("flags") && vectorUnits.equals("unknown")) {
            vectorUnits = line.contains("avx512f") ? "avx512" : line.contains("avx2") ? "avx2" : "sse";
          }
        }
      } catch (IOException e) {
        // unknown stays
      }
    }
    return new ProcessorKind(System.getProperty("os.arch"), model, vectorUnits,
        System.getenv().getOrDefault("OPENBLAS_CORETYPE", ""),
        // ND4J's oneDNN 2.3 reads the DNNL_ name; later versions read both
        System.getenv().getOrDefault("DNNL_MAX_CPU_ISA", System.getenv().getOrDefault("ONEDNN_MAX_CPU_ISA", "")),
        Nd4j.getBackend().getClass().getSimpleName());
  }
}
