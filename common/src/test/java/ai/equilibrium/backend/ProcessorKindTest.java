package ai.equilibrium.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class ProcessorKindTest {
  private static List<String> cpuinfo(String family, String model) {
    return List.of("processor\t: 0", "vendor_id\t: AuthenticAMD", "cpu family\t: " + family, "model\t\t: " + model,
        "model name\t: AMD EPYC", "stepping\t: 1", "flags\t\t: fpu sse2 avx2 avx512f avx512bw",
        "processor\t: 1", "cpu family\t: 99", "model name\t: Other");
  }

  @Test
  void twoGenerationsUnderOneGenericNameAreTwoKinds() {
    ProcessorKind.Processor zen4 = ProcessorKind.Processor.of(cpuinfo("25", "17"));
    ProcessorKind.Processor zen5 = ProcessorKind.Processor.of(cpuinfo("26", "2"));
    assertEquals("AMD EPYC (family 26, model 2, stepping 1)", zen5.model());
    assertNotEquals(zen4, zen5);
    assertEquals("avx512", zen5.vectorUnits());
  }

  @Test
  void aListingWithoutNumbersKeepsItsNameAndAnEmptyOneIsUnknown() {
    assertEquals(new ProcessorKind.Processor("Some CPU", "avx2"),
        ProcessorKind.Processor.of(List.of("model name : Some CPU", "flags : sse2 avx2")));
    assertEquals(new ProcessorKind.Processor("unknown", "unknown"), ProcessorKind.Processor.of(List.of()));
  }
}
