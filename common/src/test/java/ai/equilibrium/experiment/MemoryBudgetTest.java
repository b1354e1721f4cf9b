package ai.equilibrium.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class MemoryBudgetTest {

  @Test
  void aJvmStartedByHandBeginsWithASmallHeapAndMayGrowToItsBudget() {
    MemoryBudget budget = new MemoryBudget(640, 384, 256);
    assertEquals("-Xms128m -Xmx640m -Dorg.bytedeco.javacpp.maxphysicalbytes=1216m "
        + "-Dorg.bytedeco.javacpp.maxbytes=1216m", budget.javaOptions());
  }

  @Test
  void aHeapBelowTheInitialSizeStartsAtItsWholeSize() {
    assertEquals("-Xms96m -Xmx96m", new MemoryBudget(96, 128).javaOptions().substring(0, 15));
  }

  @Test
  void theContainerHoldsHeapNativeAndMarginAndTheCapStaysBelowIt() {
    MemoryBudget budget = new MemoryBudget(1024, 512);
    assertEquals(512 + MemoryBudget.OVERHEAD_MARGIN_MB, budget.overheadMb());
    assertEquals(1024 + 512 + MemoryBudget.OVERHEAD_MARGIN_MB, budget.containerMb());
    assertEquals(budget.containerMb() - 64, budget.physicalCapMb());
  }
}
