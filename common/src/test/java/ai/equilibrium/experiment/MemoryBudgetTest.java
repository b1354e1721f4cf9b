package ai.equilibrium.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.equilibrium.config.ExperimentSchema;
import ai.equilibrium.step.Player;
import java.util.List;
import org.junit.jupiter.api.Test;

class MemoryBudgetTest {

  @Test
  void trainingInProcessLeavesOutTheBlockReplicasOfSparkLocalMode() {
    // a large ring generator: 8 bytes a value, 14 a parameter for the replica, 6 for the end state's copy
    Experiment<?, ?, ?> ring = Experiment.assemble(ExperimentSchema.load(null, List.of("data.source=gaussian-ring",
        "model.generator-hidden=[2048, 2048]", "model.adversary-hidden=[8]", "train.partitions=1")));
    MemoryBudget spark = MemoryBudget.local(ring, 1);
    MemoryBudget inProcess = MemoryBudget.inProcess(ring);
    assertEquals(spark.nativeMb(), inProcess.nativeMb());
    long parameters = ring.player(Player.MAIN).parameters().size() + ring.player(Player.ADVERSARY).parameters().size();
    long replicasMb = 8L * 20 * parameters >> 20;
    assertEquals(replicasMb, spark.heapMb() - inProcess.heapMb(), 128, "the replicas, up to the heap's rounding");
  }

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
