package io.sparkda.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class OptimizerTest {
  @Test
  void sgdMomentumAccumulatesVelocity() {
    Optimizer sgd = Optimizer.named("sgd");
    float[] w = {1f, -1f};
    float[] v = new float[sgd.stateSize(2)];
    sgd.update(w, v, new float[] {1f, 2f}, 0.1f, 1);
    assertArrayEquals(new float[] {0.9f, -1.2f}, w, 1e-6f);
    sgd.update(w, v, new float[] {1f, 2f}, 0.1f, 2);
    // v = 0.9 * 1 + 1 = 1.9 ; 0.9 * 2 + 2 = 3.8
    assertArrayEquals(new float[] {0.9f - 0.19f, -1.2f - 0.38f}, w, 1e-6f);
  }

  @Test
  void adamFirstStepMovesEachWeightByTheLearningRate() {
    Optimizer adam = Optimizer.named("adam");
    float[] w = {0f, 0f, 0f};
    float[] state = new float[adam.stateSize(3)];
    assertEquals(6, state.length);
    adam.update(w, state, new float[] {0.5f, -3f, 1e-3f}, 0.01f, 1);
    // bias-corrected m/sqrt(v) = sign(g) on the first step
    assertArrayEquals(new float[] {-0.01f, 0.01f, -0.01f}, w, 1e-4f);
  }

  @Test
  void schedulesFollowGanin() {
    assertEquals(0, Schedules.lambda("ganin", 1, 0), 1e-9);
    assertEquals(2 / (1 + Math.exp(-5)) - 1, Schedules.lambda("ganin", 1, 0.5), 1e-6);
    assertEquals(0.3, Schedules.lambda("constant", 0.3, 0.7), 1e-6);
    assertEquals(0.01, Schedules.learningRate("ganin", 0.01, 0), 1e-9);
    assertEquals(0.01 / Math.pow(11, 0.75), Schedules.learningRate("ganin", 0.01, 1), 1e-8);
  }
}
