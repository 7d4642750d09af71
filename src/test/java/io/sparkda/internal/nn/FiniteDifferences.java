package io.sparkda.internal.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

/**
 * A training step's analytic gradient ({@link ReferenceStep}) against central finite differences of
 * its loss, labelLoss + weight x alignment loss, on random rows. With weight -1 the reversal layer
 * passes the gradient through unchanged, so the adversarial gradient must be that of labelLoss +
 * alignmentLoss.
 */
final class FiniteDifferences {
  private FiniteDifferences() {}

  /** Checks about 60 parameters spread over the whole vector and returns the analytic gradient. */
  static float[] check(
      NetworkArchitecture architecture,
      long seed,
      Alignment alignment,
      long[] labelledTargetLabels) {
    Random random = new Random(seed);
    int rows = 4;
    int d = architecture.numFeatures();
    float[] xs = gaussian(random, rows * d);
    float[] xt = gaussian(random, rows * d);
    long[] ys = new long[rows];
    for (int i = 0; i < rows; i++) {
      ys[i] = random.nextInt(architecture.numClasses());
    }
    float[] xl =
        labelledTargetLabels == null ? null : gaussian(random, labelledTargetLabels.length * d);
    float weight = alignment == Alignment.ADVERSARIAL ? -1f : 1f;
    float[] params = architecture.initialParameters(seed);
    Step step =
        p ->
            ReferenceStep.compute(
                architecture, p, xs, ys, xt, xl, labelledTargetLabels, alignment, weight);
    float[] gradient = step.run(params).gradient;
    int checked = 0;
    double eps = 1e-3;
    for (int i = 0; i < params.length; i += Math.max(1, params.length / 60)) {
      float saved = params[i];
      params[i] = (float) (saved + eps);
      double up = loss(step.run(params), alignment, weight);
      params[i] = (float) (saved - eps);
      double down = loss(step.run(params), alignment, weight);
      params[i] = saved;
      double numeric = (up - down) / (2 * eps);
      assertEquals(numeric, gradient[i], 2e-3 + 0.05 * Math.abs(numeric), "parameter " + i);
      checked++;
    }
    assertTrue(checked >= 30);
    return gradient;
  }

  private interface Step {
    ReferenceStep.Result run(float[] params);
  }

  private static double loss(ReferenceStep.Result r, Alignment alignment, float weight) {
    return r.labelLoss + (alignment == Alignment.ADVERSARIAL ? 1 : weight) * r.alignmentLoss;
  }

  static float[] gaussian(Random random, int n) {
    float[] a = new float[n];
    for (int i = 0; i < n; i++) {
      a[i] = (float) random.nextGaussian();
    }
    return a;
  }
}
