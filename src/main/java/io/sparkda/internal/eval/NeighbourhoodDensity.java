package io.sparkda.internal.eval;

/**
 * Soft neighbourhood density (Saito et al., ICCV 2021) of a sample's class-probability vectors:
 * each row's probabilities are L2-normalised, its similarities to every other row (scaled by
 * 1/temperature) go through a softmax, and the score is the mean entropy of those softmaxes. High
 * when predictions form dense, consistent neighbourhoods.
 */
public final class NeighbourhoodDensity {
  private NeighbourhoodDensity() {}

  /**
   * The score of {@code rows} ({@code n x k}, n >= 2); the diagonal (self-similarity) is left out.
   */
  public static double of(double[][] rows, double temperature) {
    int n = rows.length;
    if (n < 2) {
      throw new IllegalArgumentException("soft neighbourhood density needs >= 2 rows, got " + n);
    }
    double[][] unit = new double[n][];
    for (int i = 0; i < n; i++) {
      unit[i] = normalised(rows[i]);
    }
    double total = 0;
    double[] logits = new double[n];
    for (int i = 0; i < n; i++) {
      double max = Double.NEGATIVE_INFINITY;
      for (int j = 0; j < n; j++) {
        logits[j] = j == i ? Double.NEGATIVE_INFINITY : dot(unit[i], unit[j]) / temperature;
        max = Math.max(max, logits[j]);
      }
      double sum = 0;
      for (int j = 0; j < n; j++) {
        sum += j == i ? 0 : Math.exp(logits[j] - max);
      }
      double logSum = max + Math.log(sum);
      double entropy = 0;
      for (int j = 0; j < n; j++) {
        if (j != i) {
          double logP = logits[j] - logSum;
          entropy -= Math.exp(logP) * logP;
        }
      }
      total += entropy;
    }
    return total / n;
  }

  private static double[] normalised(double[] v) {
    double norm = Math.sqrt(dot(v, v));
    double[] out = new double[v.length];
    for (int i = 0; i < v.length; i++) {
      out[i] = norm > 0 ? v[i] / norm : 0;
    }
    return out;
  }

  private static double dot(double[] a, double[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }
}
