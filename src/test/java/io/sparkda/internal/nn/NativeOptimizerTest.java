package io.sparkda.internal.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Tensor;
import org.junit.jupiter.api.Test;

class NativeOptimizerTest {

  /** Applies {@code steps} native updates with the given gradients; returns weights then state. */
  private static float[][] run(String name, float[] w0, float[][] gradients, float lr) {
    NativeOptimizer optimizer = NativeOptimizer.named(name);
    try (PointerScope scope = new PointerScope();
        Autograd off = Autograd.inference()) {
      Tensor w = Tensors.floats(w0, 0, w0.length);
      Tensor[] state = new Tensor[optimizer.statesPerParameter()];
      for (int k = 0; k < state.length; k++) {
        state[k] = Tensors.zeros(w0.length);
      }
      for (int t = 0; t < gradients.length; t++) {
        optimizer.update(w, Tensors.floats(gradients[t], 0, w0.length), state, lr, t + 1);
      }
      float[] flatState = new float[optimizer.stateSize(w0.length)];
      for (int k = 0; k < state.length; k++) {
        System.arraycopy(Tensors.toFloats(state[k]), 0, flatState, k * w0.length, w0.length);
      }
      return new float[][] {Tensors.toFloats(w), flatState};
    }
  }

  @Test
  void sgdMomentumAccumulatesVelocity() {
    float[][] out = run("sgd", new float[] {1f, -1f}, new float[][] {{1f, 2f}, {1f, 2f}}, 0.1f);
    // v = 1, 2 then 0.9 * v + g = 1.9, 3.8
    assertArrayEquals(new float[] {0.9f - 0.19f, -1.2f - 0.38f}, out[0], 1e-6f);
    assertArrayEquals(new float[] {1.9f, 3.8f}, out[1], 1e-6f);
  }

  @Test
  void adamFirstStepMovesEachWeightByTheLearningRate() {
    float[][] out = run("adam", new float[3], new float[][] {{0.5f, -3f, 1e-3f}}, 0.01f);
    // bias-corrected m / sqrt(v) = sign(g) on the first step
    assertArrayEquals(new float[] {-0.01f, 0.01f, -0.01f}, out[0], 1e-4f);
    assertEquals(6, out[1].length);
  }

  @Test
  void nativeUpdatesMatchThePlainJavaRules() {
    Random random = new Random(5);
    int n = 50;
    float[] w0 = new float[n];
    float[][] gradients = new float[6][n];
    for (int i = 0; i < n; i++) {
      w0[i] = (float) random.nextGaussian();
      for (float[] g : gradients) {
        g[i] = (float) random.nextGaussian();
      }
    }
    float[] w = w0.clone();
    float[] adamState = new float[2 * n];
    float[] sgdW = w0.clone();
    float[] velocity = new float[n];
    for (int t = 0; t < gradients.length; t++) {
      ReferenceOptimizers.adam(w, adamState, gradients[t], 0.01f, t + 1);
      ReferenceOptimizers.sgdMomentum(sgdW, velocity, gradients[t], 0.01f, 0.9f);
    }
    float[][] adam = run("adam", w0, gradients, 0.01f);
    assertArrayEquals(w, adam[0], 1e-6f, "adam weights");
    assertArrayEquals(adamState, adam[1], 1e-6f, "adam moments");
    float[][] sgd = run("sgd", w0, gradients, 0.01f);
    assertArrayEquals(sgdW, sgd[0], 1e-6f, "sgd weights");
    assertArrayEquals(velocity, sgd[1], 1e-6f, "sgd velocity");
  }
}
