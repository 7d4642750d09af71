package io.sparkda.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class TopTwoComponentsTest {
  @Test
  void recoversTheTwoDirectionsOfLargestVariance() {
    // Points spread 10x along e3 and 3x along e1 (d = 5): the projection keeps those two spreads.
    Random random = new Random(3);
    int n = 400;
    double[][] rows = new double[n][5];
    for (int i = 0; i < n; i++) {
      rows[i][2] = 10 * random.nextGaussian() + 7;
      rows[i][0] = 3 * random.nextGaussian();
      for (int j : new int[] {1, 3, 4}) {
        rows[i][j] = 0.1 * random.nextGaussian();
      }
    }
    double[][] p = TopTwoComponents.project(rows);
    double var0 = 0;
    double var1 = 0;
    double mean0 = 0;
    for (double[] q : p) {
      var0 += q[0] * q[0] / n;
      var1 += q[1] * q[1] / n;
      mean0 += q[0] / n;
    }
    assertEquals(0, mean0, 1e-9, "centred");
    assertEquals(100, var0, 15);
    assertEquals(9, var1, 2);
    assertTrue(var0 > var1);
  }
}
