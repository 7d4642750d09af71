package io.sparkda.internal.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Tensor;
import org.junit.jupiter.api.Test;

class GradientReversalTest {

  private static final float[] INPUT = {0.1f, -2.5f, 3.0000001f, 1e-7f, 123.456f};
  private static final float[] UPSTREAM = {1f, -0.5f, 2f, 0.25f, -3f};

  @Test
  void forwardIsBitwiseIdentity() {
    try (PointerScope scope = new PointerScope()) {
      float[] out =
          Tensors.toFloats(GradientReversal.apply(Tensors.floats(INPUT, 0, INPUT.length), 0.73f));
      for (int i = 0; i < INPUT.length; i++) {
        assertEquals(Float.floatToIntBits(INPUT[i]), Float.floatToIntBits(out[i]), "element " + i);
      }
    }
  }

  @Test
  void backwardIsMinusLambdaTimesUpstreamGradient() {
    for (float lambda : new float[] {0f, 0.3f, 1f, 2.5f}) {
      try (PointerScope scope = new PointerScope();
          Autograd recording = Autograd.recording()) {
        Tensor x = Tensors.floats(INPUT, 0, INPUT.length);
        x.set_requires_grad(true);
        // loss = sum(upstream * grl(x)): dLoss/dgrl = upstream, so dLoss/dx = -lambda * upstream.
        Tensor loss =
            GradientReversal.apply(x, lambda)
                .mul(Tensors.floats(UPSTREAM, 0, UPSTREAM.length))
                .sum();
        Autograd.backward(loss);
        float[] expected = new float[UPSTREAM.length];
        for (int i = 0; i < expected.length; i++) {
          expected[i] = -lambda * UPSTREAM[i];
        }
        assertArrayEquals(expected, Tensors.toFloats(x.grad()), 0f, "lambda " + lambda);
      }
    }
  }
}
