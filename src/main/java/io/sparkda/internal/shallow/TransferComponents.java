package io.sparkda.internal.shallow;

/**
 * TCA (Pan, Tsang, Kwok and Yang, 2011) and JDA (Long, Wang, Ding, Sun and Yu, ICCV 2013) in their
 * linear (primal) form: the {@code d x k} projection {@code A} that keeps the most variance of both
 * domains together while bringing their means together (TCA) and, for JDA, each class's means too,
 * the target's classes from pseudo-labels. It solves {@code S a = w (L + lambda I) a} for the
 * {@code k} largest {@code w}, with {@code S} the total scatter ({@code X H X^T}) and {@code L = X
 * M X^T}: {@code C (m_s - m_t)(m_s - m_t)^T + sum_c (m_sc - m_tc)(m_sc - m_tc)^T}, divided by the
 * Frobenius norm of the {@code n x n} matrix {@code M}, as the JDA authors' code does; that
 * normalisation is what makes one {@code lambda} fit data of any size. Only {@code d x d} matrices
 * are built; the norm of {@code M} comes from the domain and class counts.
 *
 * <p>A class is used when it has rows in both domains (the authors' code also keeps a class the
 * pseudo-labels missed, as a source-only mean, which pulls the projection toward that mean).
 */
public final class TransferComponents {
  private TransferComponents() {}

  /**
   * @param moments both domains' moments, with the source rows' class sums by label
   * @param targetClasses the target rows' class sums by pseudo-label; null for TCA (means only)
   * @return {@code A}, column-major {@code d x k}, columns of unit length, the most preserved first
   */
  public static double[] fit(
      DomainMoments moments, DomainMoments targetClasses, double lambda, int k) {
    int d = moments.numFeatures();
    double[] scatter = moments.totalScatter();
    double[] discrepancy = new double[d * d];
    double ns = moments.count(0);
    double nt = moments.count(1);
    int numClasses = targetClasses == null ? 0 : moments.numClasses();
    // M = C u0 u0^T + sum_c uc uc^T, with u0 = 1/ns on source rows, -1/nt on target rows, and uc
    // the same for the rows of class c. Its Frobenius norm from the inner products of the u's:
    // u0.u0 = u0.uc = 1/ns + 1/nt, uc.uc = 1/ns_c + 1/nt_c, uc.uc' = 0.
    double meanWeight =
        targetClasses == null ? 1 : Math.max(1, countClasses(moments, targetClasses));
    addOuter(discrepancy, difference(moments.mean(0), moments.mean(1)), meanWeight, d);
    double both = 1 / ns + 1 / nt;
    double squaredNorm = meanWeight * meanWeight * both * both;
    for (int c = 0; c < numClasses; c++) {
      long sourceCount = moments.classCount(0, c);
      long targetCount = targetClasses.classCount(1, c);
      if (sourceCount == 0 || targetCount == 0) {
        continue;
      }
      addOuter(
          discrepancy, difference(moments.classMean(0, c), targetClasses.classMean(1, c)), 1, d);
      double own = 1.0 / sourceCount + 1.0 / targetCount;
      squaredNorm += 2 * meanWeight * both * both + own * own;
    }
    double norm = Math.sqrt(squaredNorm);
    for (int i = 0; i < d * d; i++) {
      discrepancy[i] /= norm;
    }
    for (int i = 0; i < d; i++) {
      discrepancy[i * d + i] += lambda;
    }
    double[] projection = SymmetricMatrices.largestGeneralized(scatter, discrepancy, d, k);
    for (int j = 0; j < k; j++) {
      double length = 0;
      for (int i = 0; i < d; i++) {
        length += projection[j * d + i] * projection[j * d + i];
      }
      length = Math.sqrt(length);
      for (int i = 0; i < d; i++) {
        projection[j * d + i] /= length;
      }
    }
    return projection;
  }

  /** Classes with rows in both domains: the {@code C} that weighs the marginal term in JDA. */
  private static int countClasses(DomainMoments moments, DomainMoments targetClasses) {
    int count = 0;
    for (int c = 0; c < moments.numClasses(); c++) {
      if (moments.classCount(0, c) > 0 && targetClasses.classCount(1, c) > 0) {
        count++;
      }
    }
    return count;
  }

  private static double[] difference(double[] a, double[] b) {
    double[] out = new double[a.length];
    for (int i = 0; i < a.length; i++) {
      out[i] = a[i] - b[i];
    }
    return out;
  }

  private static void addOuter(double[] matrix, double[] v, double weight, int d) {
    for (int j = 0; j < d; j++) {
      for (int i = 0; i < d; i++) {
        matrix[j * d + i] += weight * v[i] * v[j];
      }
    }
  }
}
