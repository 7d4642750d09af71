package io.sparkda.jobs;

import java.util.Random;

/**
 * Projects a small sample of rows onto its first two principal components, by power iteration with
 * deflation on the driver. Spark's PCA builds the full d x d covariance matrix, which takes minutes
 * at d = 5000; this needs only products with the centred sample (n x d, n ~ 1000).
 */
final class TopTwoComponents {
  private static final int ITERATIONS = 100;

  private TopTwoComponents() {}

  static double[][] project(double[][] rows) {
    int n = rows.length;
    int d = rows[0].length;
    double[][] centred = new double[n][d];
    double[] mean = new double[d];
    for (double[] row : rows) {
      for (int j = 0; j < d; j++) {
        mean[j] += row[j] / n;
      }
    }
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < d; j++) {
        centred[i][j] = rows[i][j] - mean[j];
      }
    }
    double[] first = component(centred, null, new Random(1));
    double[] second = component(centred, first, new Random(2));
    double[][] projected = new double[n][2];
    for (int i = 0; i < n; i++) {
      projected[i][0] = dot(centred[i], first);
      projected[i][1] = dot(centred[i], second);
    }
    return projected;
  }

  /** Leading eigenvector of X^T X, orthogonal to {@code exclude} if given. */
  private static double[] component(double[][] x, double[] exclude, Random random) {
    int d = x[0].length;
    double[] v = new double[d];
    for (int j = 0; j < d; j++) {
      v[j] = random.nextGaussian();
    }
    for (int it = 0; it < ITERATIONS; it++) {
      if (exclude != null) {
        subtractProjection(v, exclude);
      }
      normalize(v);
      double[] next = new double[d];
      for (double[] row : x) {
        double s = dot(row, v);
        for (int j = 0; j < d; j++) {
          next[j] += s * row[j];
        }
      }
      v = next;
    }
    if (exclude != null) {
      subtractProjection(v, exclude);
    }
    normalize(v);
    return v;
  }

  private static void subtractProjection(double[] v, double[] u) {
    double s = dot(v, u);
    for (int j = 0; j < v.length; j++) {
      v[j] -= s * u[j];
    }
  }

  private static void normalize(double[] v) {
    double norm = Math.sqrt(dot(v, v));
    if (norm > 0) {
      for (int j = 0; j < v.length; j++) {
        v[j] /= norm;
      }
    }
  }

  private static double dot(double[] a, double[] b) {
    double s = 0;
    for (int j = 0; j < a.length; j++) {
      s += a[j] * b[j];
    }
    return s;
  }
}
