package io.sparkda.internal.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class OuterOptimizerTest {
  @Test
  void plainAveragingStartsTheNextRoundFromTheAverageItself() {
    float[] average = {0.3f, -1.7f};
    assertSame(average, OuterOptimizer.AVERAGE.step(new float[] {1f, 2f}, average, new float[0]));
    assertEquals(0, OuterOptimizer.AVERAGE.initialMomentum(2).length, "no buffer to keep");
    assertSame(average, new OuterOptimizer(1.0, 0.0).step(new float[2], average, new float[0]));
  }

  /** Two rounds against PyTorch's SGD(nesterov=True) written out for a gradient of 1, then 2. */
  @Test
  void theOuterStepIsSgdWithNesterovMomentumOverStartMinusAverage() {
    OuterOptimizer outer = new OuterOptimizer(0.5, 0.9);
    float[] buffer = outer.initialMomentum(1);
    // Round 1: gradient 10 - 9 = 1; buffer 1; step 0.5 (1 + 0.9 * 1) = 0.95.
    float[] first = outer.step(new float[] {10f}, new float[] {9f}, buffer);
    assertEquals(10f - 0.95f, first[0], 1e-6f);
    assertEquals(1f, buffer[0], 0f);
    // Round 2 from there, gradient 2: buffer 0.9 + 2 = 2.9; step 0.5 (2 + 0.9 * 2.9) = 2.305.
    float[] second = outer.step(first, new float[] {first[0] - 2f}, buffer);
    assertEquals(first[0] - 2.305f, second[0], 1e-5f);
    assertEquals(2.9f, buffer[0], 1e-6f);
  }

  @Test
  void withoutMomentumALearningRateAboveOneExtrapolatesPastTheAverage() {
    float[] next =
        new OuterOptimizer(2.0, 0.0).step(new float[] {1f, 1f}, new float[] {0f, 3f}, new float[2]);
    assertArrayEquals(new float[] {-1f, 5f}, next, 0f);
  }

  @Test
  void refusesSettingsOutsideTheirRanges() {
    assertThrows(IllegalArgumentException.class, () -> new OuterOptimizer(0, 0));
    assertThrows(IllegalArgumentException.class, () -> new OuterOptimizer(1, 1));
    assertThrows(IllegalArgumentException.class, () -> new OuterOptimizer(1, -0.1));
    assertThrows(IllegalArgumentException.class, () -> new OuterOptimizer(Double.NaN, 0));
  }
}
