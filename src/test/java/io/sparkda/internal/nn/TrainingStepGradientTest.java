package io.sparkda.internal.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The analytic gradient of a training step with an MLP against finite differences. */
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

  private static float[] check(long seed, Alignment alignment, long[] labelledTargetLabels) {
    return FiniteDifferences.check(ARCH, seed, alignment, labelledTargetLabels);
  }
}
