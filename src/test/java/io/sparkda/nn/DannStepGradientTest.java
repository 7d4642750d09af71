package io.sparkda.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The analytic gradient of a DANN step against central finite differences of its loss. With lambda = -1 the reversal layer passes the
 * gradient through unchanged, so the gradient must be that of labelLoss + domainLoss.
 */
class DannStepGradientTest {

  @Test
  void mlpGradientMatchesFiniteDifferences() {
    check(new NetworkArchitecture(6, new int[] {5, 4}, 3, new int[] {3}), 1);
  }

  private static void check(NetworkArchitecture arch, long seed) {
    Random random = new Random(seed);
    int rows = 4;
    float[] xs = gaussian(random, rows * arch.numFeatures());
    float[] xt = gaussian(random, rows * arch.numFeatures());
    long[] ys = new long[rows];
    for (int i = 0; i < rows; i++) {
      ys[i] = random.nextInt(arch.numClasses());
    }
    float[] params = ParameterInit.initialize(arch, seed);
    try (NDManager manager = NDManager.newBaseManager()) {
      float[] gradient = DannStep.compute(manager, arch, params, xs, ys, xt, -1f).gradient;
      int checked = 0;
      double eps = 1e-3;
      for (int i = 0; i < params.length; i += Math.max(1, params.length / 60)) {
        float saved = params[i];
        params[i] = (float) (saved + eps);
        double up = loss(manager, arch, params, xs, ys, xt);
        params[i] = (float) (saved - eps);
        double down = loss(manager, arch, params, xs, ys, xt);
        params[i] = saved;
        double numeric = (up - down) / (2 * eps);
        assertEquals(numeric, gradient[i], 2e-3 + 0.05 * Math.abs(numeric), "parameter " + i);
        checked++;
      }
      assertTrue(checked >= 30);
    }
  }

  private static double loss(NDManager manager, NetworkArchitecture arch, float[] params,
      float[] xs, long[] ys, float[] xt) {
    DannStep.Result r = DannStep.compute(manager, arch, params, xs, ys, xt, -1f);
    return r.labelLoss + r.domainLoss;
  }

  private static float[] gaussian(Random random, int n) {
    float[] a = new float[n];
    for (int i = 0; i < n; i++) {
      a[i] = (float) random.nextGaussian();
    }
    return a;
  }
}
