package io.sparkda.internal.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class SchedulesTest {
  @Test
  void ganinAndConstantSchedules() {
    assertEquals(0, Schedules.lambda("ganin", 1).at(0), 1e-9);
    assertEquals(2 / (1 + Math.exp(-5)) - 1, Schedules.lambda("ganin", 1).at(0.5), 1e-6);
    assertEquals(0.3, Schedules.lambda("constant", 0.3).at(0.7), 1e-6);
    assertEquals(0.01, Schedules.learningRate("ganin", 0.01).at(0), 1e-9);
    assertEquals(0.01 / Math.pow(11, 0.75), Schedules.learningRate("ganin", 0.01).at(1), 1e-8);
  }

  @Test
  void anUnknownNameFailsWhenResolvedNotWhenEvaluated() {
    assertThrows(IllegalArgumentException.class, () -> Schedules.lambda("linear", 1));
    assertThrows(IllegalArgumentException.class, () -> Schedules.learningRate("step", 0.1));
  }
}
