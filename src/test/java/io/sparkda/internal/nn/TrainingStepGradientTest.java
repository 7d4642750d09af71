package io.sparkda.internal.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The analytic gradient of a training step against central finite differences of its loss,
 * labelLoss + weight x alignment loss. With weight -1 the reversal layer passes the gradient
 * through unchanged, so the adversarial gradient must be that of labelLoss + alignmentLoss.
 */
class TrainingStepGradientTest {
  private static final NetworkArchitecture ARCH =
      new NetworkArchitecture(6, new int[] {5, 4}, 3, new int[] {3});

  @Test
  void mlpGradientMatchesFiniteDifferences() {
    check(1, Alignment.ADVERSARIAL, null);
  }

  @Test
  void coralStepGradientMatchesFiniteDifferences() {
    check(2, Alignment.CORAL, null);
  }

  @Test
  void sourceOnlyStepLeavesTheDomainHeadAtZeroGradient() {
    float[] gradient = check(3, Alignment.NONE, null);
    LayerStack domainHead = ARCH.domainHead();
    for (int i = domainHead.offset(); i < domainHead.end(); i++) {
      assertEquals(0f, gradient[i], "domain head parameter " + i);
    }
  }

  @Test
  void labelledTargetRowsEnterTheLabelLoss() {
    float[] withLabels = check(4, Alignment.ADVERSARIAL, new long[] {2, 0});
    float[] without = check(4, Alignment.ADVERSARIAL, null);
    int labelHead = ARCH.labelHead().offset();
    assertTrue(
        Math.abs(withLabels[labelHead] - without[labelHead]) > 1e-4,
        "target labels change the label head's gradient");
  }

  /** Checks the step's gradient against finite differences and returns it. */
  private static float[] check(long seed, Alignment alignment, long[] labelledTargetLabels) {
    Random random = new Random(seed);
    int rows = 4;
    float[] xs = gaussian(random, rows * ARCH.numFeatures());
    float[] xt = gaussian(random, rows * ARCH.numFeatures());
    long[] ys = new long[rows];
    for (int i = 0; i < rows; i++) {
      ys[i] = random.nextInt(ARCH.numClasses());
    }
    float[] xl =
        labelledTargetLabels == null
            ? null
            : gaussian(random, labelledTargetLabels.length * ARCH.numFeatures());
    float weight = alignment == Alignment.ADVERSARIAL ? -1f : 1f;
    float[] params = ARCH.initialParameters(seed);
    try (NDManager manager = NDManager.newBaseManager()) {
      float[] gradient =
          ReferenceStep.compute(
                  manager, ARCH, params, xs, ys, xt, xl, labelledTargetLabels, alignment, weight)
              .gradient;
      int checked = 0;
      double eps = 1e-3;
      for (int i = 0; i < params.length; i += Math.max(1, params.length / 60)) {
        float saved = params[i];
        params[i] = (float) (saved + eps);
        double up = loss(manager, params, xs, ys, xt, xl, labelledTargetLabels, alignment, weight);
        params[i] = (float) (saved - eps);
        double down =
            loss(manager, params, xs, ys, xt, xl, labelledTargetLabels, alignment, weight);
        params[i] = saved;
        double numeric = (up - down) / (2 * eps);
        assertEquals(numeric, gradient[i], 2e-3 + 0.05 * Math.abs(numeric), "parameter " + i);
        checked++;
      }
      assertTrue(checked >= 30);
      return gradient;
    }
  }

  private static double loss(
      NDManager manager,
      float[] params,
      float[] xs,
      long[] ys,
      float[] xt,
      float[] xl,
      long[] yl,
      Alignment alignment,
      float weight) {
    ReferenceStep.Result r =
        ReferenceStep.compute(manager, ARCH, params, xs, ys, xt, xl, yl, alignment, weight);
    return r.labelLoss + (alignment == Alignment.ADVERSARIAL ? 1 : weight) * r.alignmentLoss;
  }

  private static float[] gaussian(Random random, int n) {
    float[] a = new float[n];
    for (int i = 0; i < n; i++) {
      a[i] = (float) random.nextGaussian();
    }
    return a;
  }
}
