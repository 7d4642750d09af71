package io.sparkda.internal.shallow;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class AdaptationRegularizedLeastSquaresTest {
  private static final int N = 14;
  private static final int CLASSES = 3;

  /** Unit rows in R^4, the first 8 labelled source rows, the last 6 unlabelled target rows. */
  private static double[][] rows() {
    Random random = new Random(3);
    double[][] rows = new double[N][4];
    for (double[] row : rows) {
      double norm = 0;
      for (int j = 0; j < 4; j++) {
        row[j] = random.nextGaussian();
        norm += row[j] * row[j];
      }
      for (int j = 0; j < 4; j++) {
        row[j] /= Math.sqrt(norm);
      }
    }
    return rows;
  }

  private static final int[] LABELS = {0, 1, 2, 0, 1, 2, 0, 1, -1, -1, -1, -1, -1, -1};
  private static final int[] PREDICTED = {0, 0, 0, 0, 0, 0, 0, 0, 2, 1, 0, 2, 2, 1};

  private static boolean[] target() {
    boolean[] target = new boolean[N];
    for (int i = 8; i < N; i++) {
      target[i] = true;
    }
    return target;
  }

  /**
   * The system built from its few MMD vectors and the sparse graph equals {@code ((E + lambda M +
   * rho L) K + eta I)} built entry by entry from the definitions: {@code M} from the domain and
   * class counts, {@code L} from a graph of each row's 3 most similar rows.
   */
  @Test
  void theSystemIsTheDenseFormula() {
    double lambda = 2.5;
    double rho = 0.7;
    double eta = 0.1;
    double mu = 0.3;
    double[][] rows = rows();
    boolean[] target = target();
    AdaptationRegularizedLeastSquares machine =
        new AdaptationRegularizedLeastSquares(lambda, rho, eta, -1, 3);
    double[] kernel = AdaptationRegularizedLeastSquares.kernel(rows);
    double[] built =
        machine.system(
            kernel,
            N,
            LABELS,
            target,
            PREDICTED,
            CLASSES,
            AdaptationRegularizedLeastSquares.graph(rows, 3),
            mu);

    double[][] m = new double[N][N];
    for (int i = 0; i < N; i++) {
      for (int j = 0; j < N; j++) {
        m[i][j] = (1 - mu) * CLASSES * marginal(i, target) * marginal(j, target);
        for (int c = 0; c < CLASSES; c++) {
          m[i][j] += mu * conditional(i, c, target) * conditional(j, c, target);
        }
      }
    }
    double norm = 0;
    for (double[] row : m) {
      for (double v : row) {
        norm += v * v;
      }
    }
    norm = Math.sqrt(norm);
    double[][] w = new double[N][N];
    for (int i = 0; i < N; i++) {
      int[] nearest = nearest(rows, i, 3);
      for (int j : nearest) {
        double cosine = Math.max(0, dot(rows[i], rows[j]));
        w[i][j] = cosine;
        w[j][i] = cosine;
      }
    }
    double[] degree = new double[N];
    for (int i = 0; i < N; i++) {
      for (int j = 0; j < N; j++) {
        degree[i] += w[i][j];
      }
    }
    double[] expected = new double[N * N];
    for (int i = 0; i < N; i++) {
      for (int j = 0; j < N; j++) {
        double sum = i == j ? eta : 0;
        for (int l = 0; l < N; l++) {
          double e = i == l && LABELS[i] >= 0 ? 1 : 0;
          double laplacian = (i == l ? 1 : 0) - w[i][l] / Math.sqrt(degree[i] * degree[l]);
          sum += (e + lambda * m[i][l] / norm + rho * laplacian) * kernel[j * N + l];
        }
        expected[j * N + i] = sum;
      }
    }
    assertArrayEquals(expected, built, 1e-12);
  }

  @Test
  void fitsTheLabelledRowsWhenNothingElseWeighs() {
    // lambda = rho = 0 and a tiny ridge: the kernel machine interpolates the labelled rows.
    double[][] rows = rows();
    AdaptationRegularizedLeastSquares.Fit fit =
        new AdaptationRegularizedLeastSquares(0, 0, 1e-9, 0.5, 3)
            .fit(rows, LABELS, target(), CLASSES, 1, (round, mu) -> {});
    for (int i = 0; i < 8; i++) {
      assertEquals(LABELS[i], fit.predicted()[i], "row " + i);
    }
  }

  /**
   * At n = 3,000, native OpenBLAS's threaded LU ran out of a JVM thread's default stack and killed
   * the JVM; the solve now runs on a thread with a large stack. The residual checks the answer.
   */
  @Test
  void solvesALargeSystem() {
    int n = 3000;
    Random random = new Random(5);
    double[] a = new double[n * n];
    for (int i = 0; i < a.length; i++) {
      a[i] = random.nextGaussian();
    }
    for (int i = 0; i < n; i++) {
      a[i * n + i] += n;
    }
    double[] b = new double[n];
    for (int i = 0; i < n; i++) {
      b[i] = random.nextGaussian();
    }
    double[] x = AdaptationRegularizedLeastSquares.solve(a.clone(), n, b.clone(), 1);
    double worst = 0;
    for (int i = 0; i < n; i++) {
      double sum = 0;
      for (int j = 0; j < n; j++) {
        sum += a[j * n + i] * x[j];
      }
      worst = Math.max(worst, Math.abs(sum - b[i]));
    }
    assertEquals(0, worst, 1e-9);
  }

  private static double marginal(int i, boolean[] target) {
    return target[i] ? -1.0 / 6 : 1.0 / 8;
  }

  /** Class c's MMD vector entry; 0 for a class missing from either domain (none here). */
  private static double conditional(int i, int c, boolean[] target) {
    int sources = 0;
    int targets = 0;
    for (int l = 0; l < N; l++) {
      sources += !target[l] && LABELS[l] == c ? 1 : 0;
      targets += target[l] && PREDICTED[l] == c ? 1 : 0;
    }
    if (!target[i]) {
      return LABELS[i] == c ? 1.0 / sources : 0;
    }
    return PREDICTED[i] == c ? -1.0 / targets : 0;
  }

  private static int[] nearest(double[][] rows, int i, int p) {
    Integer[] order = new Integer[N];
    for (int j = 0; j < N; j++) {
      order[j] = j;
    }
    Arrays.sort(order, (a, b) -> Double.compare(dot(rows[i], rows[b]), dot(rows[i], rows[a])));
    int[] out = new int[p];
    int at = 0;
    for (int j : order) {
      if (j != i && at < p) {
        out[at++] = j;
      }
    }
    return out;
  }

  private static double dot(double[] a, double[] b) {
    double sum = 0;
    for (int i = 0; i < a.length; i++) {
      sum += a[i] * b[i];
    }
    return sum;
  }
}
