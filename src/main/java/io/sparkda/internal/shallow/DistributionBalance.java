package io.sparkda.internal.shallow;

import dev.ludovic.netlib.lapack.LAPACK;
import java.util.List;
import org.netlib.util.intW;

/**
 * MEDA's dynamic distribution alignment: how much the class-conditional distributions weigh against
 * the marginal ones, {@code mu = d_c / (d_c + d_m)}, with {@code d_m} the proxy A-distance between
 * the domains and {@code d_c} its mean over the classes (source rows by label, target rows by
 * prediction). A proxy A-distance is {@code 2 (1 - 2 e)}, {@code e} the training error of a linear
 * classifier that tells the two sets apart: here least squares on {@code +-1} with a small ridge,
 * where the authors' code trains LIBSVM's linear SVM (C = 1); both are linear separators scored on
 * the rows they were fitted on.
 */
public final class DistributionBalance {
  private static final double RIDGE = 1e-6;

  private DistributionBalance() {}

  /**
   * @return {@code mu} in [0, 1] (below 0.001 is 0, as in the authors' code); 0.5 when neither
   *     distance is positive
   */
  public static double mu(
      double[][] rows, int[] labels, boolean[] target, int[] predicted, int numClasses) {
    int n = rows.length;
    boolean[] source = new boolean[n];
    for (int i = 0; i < n; i++) {
      source[i] = !target[i];
    }
    double marginal = proxyADistance(rows, source, target);
    List<AdaptationRegularizedLeastSquares.ClassRows> classes =
        AdaptationRegularizedLeastSquares.ClassRows.inBothDomains(
            labels, target, predicted, numClasses);
    double conditional =
        classes.stream()
            .mapToDouble(c -> proxyADistance(rows, c.source(), c.target()))
            .average()
            .orElse(0);
    if (!(conditional + marginal > 0)) {
      return 0.5;
    }
    double mu = Math.min(1, Math.max(0, conditional / (conditional + marginal)));
    return mu <= 1e-3 ? 0 : mu;
  }

  /** {@code 2 (1 - 2 e)} for the rows in {@code a} against those in {@code b}. */
  static double proxyADistance(double[][] rows, boolean[] a, boolean[] b) {
    int m = rows[0].length + 1; // an intercept
    double[] gram = new double[m * m];
    double[] rhs = new double[m];
    double[] x = new double[m];
    for (int i = 0; i < rows.length; i++) {
      if (!a[i] && !b[i]) {
        continue;
      }
      withIntercept(rows[i], x);
      double y = a[i] ? 1 : -1;
      for (int p = 0; p < m; p++) {
        rhs[p] += x[p] * y;
        for (int q = 0; q < m; q++) {
          gram[q * m + p] += x[p] * x[q];
        }
      }
    }
    for (int p = 0; p < m; p++) {
      gram[p * m + p] += RIDGE;
    }
    intW info = new intW(0);
    LAPACK.getInstance().dposv("U", m, 1, gram, m, rhs, m, info);
    if (info.val != 0) {
      throw new IllegalStateException("proxy A-distance: LAPACK dposv info=" + info.val);
    }
    long wrong = 0;
    long total = 0;
    for (int i = 0; i < rows.length; i++) {
      if (!a[i] && !b[i]) {
        continue;
      }
      withIntercept(rows[i], x);
      double score = 0;
      for (int p = 0; p < m; p++) {
        score += x[p] * rhs[p];
      }
      wrong += (score >= 0) == a[i] ? 0 : 1;
      total++;
    }
    return 2 * (1 - 2.0 * wrong / total);
  }

  private static void withIntercept(double[] row, double[] out) {
    System.arraycopy(row, 0, out, 0, row.length);
    out[row.length] = 1;
  }
}
