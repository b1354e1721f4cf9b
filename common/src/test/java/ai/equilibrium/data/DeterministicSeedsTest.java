package ai.equilibrium.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DeterministicSeedsTest {

  @Test
  void mixIsAPureFunction() {
    assertEquals(DeterministicSeeds.mix(42, 3, 7, 1), DeterministicSeeds.mix(42, 3, 7, 1));
    assertEquals(DeterministicSeeds.mix(0), DeterministicSeeds.mix(0));
    long first = DeterministicSeeds.mix(-5, Long.MAX_VALUE, Long.MIN_VALUE);
    DeterministicSeeds.mix(99, 1, 2, 3); // no hidden state between calls
    assertEquals(first, DeterministicSeeds.mix(-5, Long.MAX_VALUE, Long.MIN_VALUE));
  }

  @Test
  void changingAnyCoordinateChangesTheSeed() {
    long base = DeterministicSeeds.mix(42, 3, 7, 1);
    assertNotEquals(base, DeterministicSeeds.mix(43, 3, 7, 1), "seed");
    assertNotEquals(base, DeterministicSeeds.mix(42, 4, 7, 1), "first coordinate");
    assertNotEquals(base, DeterministicSeeds.mix(42, 3, 8, 1), "second coordinate");
    assertNotEquals(base, DeterministicSeeds.mix(42, 3, 7, 2), "third coordinate");
    assertNotEquals(base, DeterministicSeeds.mix(42, 7, 3, 1), "order of coordinates");
    assertNotEquals(base, DeterministicSeeds.mix(42, 3, 7), "number of coordinates");
    assertNotEquals(DeterministicSeeds.mix(42), DeterministicSeeds.mix(42, 0), "a zero coordinate still counts");
    assertNotEquals(DeterministicSeeds.mix(42, -1), DeterministicSeeds.mix(42), "coordinate -1");
  }

  @Test
  void nearbyCoordinatesGiveDistinctSeeds() {
    // a grid of (step, micro-batch) coordinates as the engine uses them: no collisions
    Set<Long> seen = new HashSet<>();
    for (long step = 0; step < 200; step++) {
      for (long micro = 0; micro < 50; micro++) {
        seen.add(DeterministicSeeds.mix(1, step, micro));
      }
    }
    assertEquals(200 * 50, seen.size());
  }
}
