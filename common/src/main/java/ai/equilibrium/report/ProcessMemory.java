package ai.equilibrium.report;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * This process's memory as the operating system and the JVM see it: resident (what a YARN or Kubernetes container
 * is charged), its peak so far, and the heap's used and committed parts; resident minus committed heap is mostly
 * ND4J's native arrays. Resident figures are -1 where /proc is not there.
 */
public record ProcessMemory(long residentMb, long peakResidentMb, long heapUsedMb, long heapCommittedMb) {
  private static final Path STATUS = Path.of("/proc/self/status");

  public static ProcessMemory now() {
    long resident = -1;
    long peak = -1;
    try {
      for (String line : Files.readAllLines(STATUS)) {
        if (line.startsWith("VmRSS:")) {
          resident = kilobytes(line) / 1024;
        } else if (line.startsWith("VmHWM:")) {
          peak = kilobytes(line) / 1024;
        }
      }
    } catch (IOException | RuntimeException e) {
      // not Linux: the heap alone
    }
    MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
    return new ProcessMemory(resident, peak, heap.getUsed() >> 20, heap.getCommitted() >> 20);
  }

  /** The fields of a memory.jsonl row. */
  public Map<String, Object> fields() {
    Map<String, Object> row = new LinkedHashMap<>();
    if (residentMb >= 0) {
      row.put("resident_mb", residentMb);
      row.put("peak_resident_mb", peakResidentMb);
    }
    row.put("heap_used_mb", heapUsedMb);
    row.put("heap_committed_mb", heapCommittedMb);
    return row;
  }

  private static long kilobytes(String statusLine) {
    return Long.parseLong(statusLine.replaceAll("[^0-9]", ""));
  }
}
