package ai.equilibrium.gan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.equilibrium.data.SampleShape;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Shards cover samples 0 .. count - 1 once, and file names sort in sample order. */
class GenerationPlanTest {

  @Test
  void shardsCoverEverySampleOnce() {
    GenerationPlan plan = new GenerationPlan(2_501, 1_000, 0, SampleFormat.NPZ);
    assertEquals(3, plan.shards());
    assertEquals(List.of(0L, 1_000L, 2_000L), List.of(plan.first(0), plan.first(1), plan.first(2)));
    assertEquals(List.of(1_000, 1_000, 501), List.of(plan.size(0), plan.size(1), plan.size(2)));
    assertEquals(List.of("samples-00002.npz"), plan.files(2));
    assertEquals(List.of("samples-00000.npz", "samples-00002.npz"), plan.fileRange());
  }

  @Test
  void pngNamesAreZeroPaddedToTheLargestIndex() {
    GenerationPlan small = new GenerationPlan(150, 70, 0, SampleFormat.PNG);
    assertEquals(List.of("sample-000140.png", "sample-000141.png"), small.files(2).subList(0, 2));
    assertEquals(10, small.files(2).size());
    assertEquals(150, small.fileCount());
    assertEquals("sample-0000000.png", new GenerationPlan(1_000_001, 1_000, 0, SampleFormat.PNG).pngName(0));
  }

  @Test
  void pngNeedsGreyOrRgbImages() {
    SampleFormat.PNG.check(new SampleShape.Image(3, 8, 8), "run");
    SampleFormat.NPZ.check(new SampleShape.Point(2), "run");
    IllegalArgumentException points = assertThrows(IllegalArgumentException.class,
        () -> SampleFormat.PNG.check(new SampleShape.Point(2), "runs/ring"));
    assertEquals("--format png needs an image GAN; runs/ring generates points of 2 values: use --format npz "
        + "(samples as float32 [n, 2])", points.getMessage());
    assertThrows(IllegalArgumentException.class, () -> SampleFormat.PNG.check(new SampleShape.Image(4, 8, 8), "run"));
    assertThrows(IllegalArgumentException.class, () -> new GenerationPlan(0, 10, 0, SampleFormat.PNG));
    assertThrows(IllegalArgumentException.class, () -> SampleFormat.parse("jpeg"));
  }
}
