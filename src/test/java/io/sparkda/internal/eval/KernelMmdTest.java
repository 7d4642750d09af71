package io.sparkda.internal.eval;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class KernelMmdTest {
  private static double[][] gaussian(Random random, int rows, double shift) {
    double[][] x = new double[rows][3];
    for (double[] row : x) {
      for (int j = 0; j < row.length; j++) {
        row[j] = random.nextGaussian() + (j == 0 ? shift : 0);
      }
    }
    return x;
  }

  @Test
  void oneDistributionGivesNearZeroAndAShiftDoesNot() {
    Random random = new Random(11);
    double same = KernelMmd.squared(gaussian(random, 300, 0), gaussian(random, 300, 0));
    double shifted = KernelMmd.squared(gaussian(random, 300, 0), gaussian(random, 300, 2));
    assertTrue(Math.abs(same) < 0.01, "same distribution: " + same);
    assertTrue(shifted > 0.2, "shifted by 2 sd: " + shifted);
    double smaller = KernelMmd.squared(gaussian(random, 300, 0), gaussian(random, 300, 0.5));
    assertTrue(smaller > same && smaller < shifted, smaller + " between " + same + ", " + shifted);
  }
}
