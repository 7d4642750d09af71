package io.sparkda.internal.eval;

import java.util.Arrays;

/**
 * Unbiased squared maximum mean discrepancy between two samples with a Gaussian kernel whose
 * bandwidth is the median pairwise distance of the pooled sample (the median heuristic; Gretton et
 * al., JMLR 2012). Zero in expectation when both come from one distribution.
 */
public final class KernelMmd {
  private KernelMmd() {}

  public static double squared(double[][] a, double[][] b) {
    if (a.length < 2 || b.length < 2) {
      throw new IllegalArgumentException(
          "MMD needs >= 2 rows per domain, got " + a.length + " and " + b.length);
    }
    double gamma = 1.0 / (2 * Math.pow(medianDistance(a, b), 2));
    return meanKernel(a, a, gamma, true)
        + meanKernel(b, b, gamma, true)
        - 2 * meanKernel(a, b, gamma, false);
  }

  private static double meanKernel(double[][] x, double[][] y, double gamma, boolean same) {
    double sum = 0;
    long pairs = 0;
    for (int i = 0; i < x.length; i++) {
      for (int j = same ? i + 1 : 0; j < y.length; j++) {
        sum += Math.exp(-gamma * squaredDistance(x[i], y[j]));
        pairs++;
      }
    }
    return sum / pairs;
  }

  /** Median distance over pairs of the pooled sample (at most 500 rows of it, for speed). */
  private static double medianDistance(double[][] a, double[][] b) {
    int take = Math.min(250, Math.min(a.length, b.length));
    double[][] pooled = new double[2 * take][];
    System.arraycopy(a, 0, pooled, 0, take);
    System.arraycopy(b, 0, pooled, take, take);
    double[] distances = new double[pooled.length * (pooled.length - 1) / 2];
    int k = 0;
    for (int i = 0; i < pooled.length; i++) {
      for (int j = i + 1; j < pooled.length; j++) {
        distances[k++] = Math.sqrt(squaredDistance(pooled[i], pooled[j]));
      }
    }
    Arrays.sort(distances);
    double median = distances[distances.length / 2];
    return median > 0 ? median : 1.0;
  }

  private static double squaredDistance(double[] x, double[] y) {
    double s = 0;
    for (int i = 0; i < x.length; i++) {
      double d = x[i] - y[i];
      s += d * d;
    }
    return s;
  }
}
