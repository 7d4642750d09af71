package io.sparkda.internal.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.Test;

class GradientReversalTest {

  private static final float[] INPUT = {0.1f, -2.5f, 3.0000001f, 1e-7f, 123.456f};
  private static final float[] UPSTREAM = {1f, -0.5f, 2f, 0.25f, -3f};

  @Test
  void forwardIsBitwiseIdentity() {
    try (NDManager manager = NDManager.newBaseManager()) {
      float[] out = GradientReversal.apply(manager.create(INPUT), 0.73f).toFloatArray();
      for (int i = 0; i < INPUT.length; i++) {
        assertEquals(Float.floatToIntBits(INPUT[i]), Float.floatToIntBits(out[i]), "element " + i);
      }
    }
  }

  @Test
  void backwardIsMinusLambdaTimesUpstreamGradient() {
    for (float lambda : new float[] {0f, 0.3f, 1f, 2.5f}) {
      try (NDManager manager = NDManager.newBaseManager();
          Autograd recording = Autograd.recording()) {
        NDArray x = manager.create(INPUT);
        x.setRequiresGradient(true);
        // loss = sum(upstream * grl(x)): dLoss/dgrl = upstream, so dLoss/dx = -lambda * upstream.
        NDArray loss = GradientReversal.apply(x, lambda).mul(manager.create(UPSTREAM)).sum();
        Autograd.backward(loss);
        float[] expected = new float[UPSTREAM.length];
        for (int i = 0; i < expected.length; i++) {
          expected[i] = -lambda * UPSTREAM[i];
        }
        try (NDArray grad = x.getGradient()) {
          assertArrayEquals(expected, grad.toFloatArray(), 0f, "lambda " + lambda);
        }
      }
    }
  }
}
