package io.sparkda.internal.shallow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class DistributionBalanceTest {
  /**
   * 200 rows in R^2: the first half source, the second target; class c around (2c - 1, 0), shifted
   * by {@code shift} along the second axis in the target, with the target's class {@code flip}ped
   * when asked (so class-conditional distributions differ while the marginal one does not).
   */
  private static double[][] rows(double shift, boolean flip, int[] labels, boolean[] target) {
    Random random = new Random(9);
    double[][] rows = new double[200][];
    for (int i = 0; i < 200; i++) {
      target[i] = i >= 100;
      int c = i % 2;
      labels[i] = target[i] ? -1 : c;
      double x = (target[i] && flip ? 1 - 2 * c : 2 * c - 1) + 0.3 * random.nextGaussian();
      rows[i] = new double[] {x, (target[i] ? shift : 0) + 0.3 * random.nextGaussian()};
    }
    return rows;
  }

  private static int[] classOfIndex(int n) {
    int[] predicted = new int[n];
    for (int i = 0; i < n; i++) {
      predicted[i] = i % 2;
    }
    return predicted;
  }

  @Test
  void proxyADistanceIsTwoForSeparableSetsAndNearZeroForOneCloud() {
    int[] labels = new int[200];
    boolean[] target = new boolean[200];
    double[][] apart = rows(5, false, labels, target);
    boolean[] source = new boolean[200];
    for (int i = 0; i < 200; i++) {
      source[i] = !target[i];
    }
    assertEquals(2, DistributionBalance.proxyADistance(apart, source, target), 1e-12);
    double[][] together = rows(0, false, labels, target);
    double close = DistributionBalance.proxyADistance(together, source, target);
    assertTrue(Math.abs(close) < 0.5, "one cloud: " + close);
  }

  /**
   * Shifted domains with classes that correspond: marginal and conditional distances are alike, mu
   * near 0.5. Same marginal, flipped classes: the conditional distance dominates, mu near 1.
   */
  @Test
  void muWeighsTheClassesByHowFarApartTheyAreAgainstTheDomains() {
    int[] labels = new int[200];
    boolean[] target = new boolean[200];
    double[][] shifted = rows(5, false, labels, target);
    double alike = DistributionBalance.mu(shifted, labels, target, classOfIndex(200), 2);
    assertEquals(0.5, alike, 0.05);
    double[][] flipped = rows(0, true, labels, target);
    double conditional = DistributionBalance.mu(flipped, labels, target, classOfIndex(200), 2);
    assertTrue(conditional > 0.8, "flipped classes: " + conditional);
  }
}
