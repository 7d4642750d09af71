package io.sparkda.internal.shallow;

import java.util.ArrayList;
import java.util.List;

/**
 * TCA (Pan, Tsang, Kwok and Yang, 2011) and JDA (Long, Wang, Ding, Sun and Yu, ICCV 2013) in their
 * linear (primal) form: the {@code d x k} projection {@code A} that keeps the most variance of both
 * domains together while bringing their means together (TCA) and, for JDA, each class's means too,
 * the target's classes from pseudo-labels. It solves {@code S a = w (L + lambda I) a} for the
 * {@code k} largest {@code w}, with {@code S} the total scatter ({@code X H X^T}) and {@code L = X
 * M X^T}: {@code C (m_s - m_t)(m_s - m_t)^T + sum_c (m_sc - m_tc)(m_sc - m_tc)^T}, divided by the
 * Frobenius norm of the {@code n x n} matrix {@code M}, as the JDA authors' code does; that
 * normalisation is what makes one {@code lambda} fit data of any size. Only {@code d x d} matrices
 * are built; the norm of {@code M} comes from the domain and class counts, and {@code L} is kept as
 * its few mean differences, a low-rank factor ({@link
 * SymmetricMatrices#largestGeneralizedLowRank}).
 *
 * <p>A class is used when it has rows in both domains (the authors' code also keeps a class the
 * pseudo-labels missed, as a source-only mean, which pulls the projection toward that mean).
 */
public final class TransferComponents {
  private final DomainMoments moments;
  private final double[] scatter;

  /**
   * @param moments both domains' moments, with the source rows' class sums by label; the total
   *     scatter is built once here, for every projection JDA's rounds ask for
   */
  public TransferComponents(DomainMoments moments) {
    this.moments = moments;
    this.scatter = moments.totalScatter();
  }

  /**
   * @param targetClasses the target rows' class sums by pseudo-label; null for TCA (means only)
   * @return {@code A}, column-major {@code d x k}, columns of unit length, the most preserved first
   */
  public double[] fit(DomainMoments targetClasses, double lambda, int k) {
    int d = moments.numFeatures();
    double ns = moments.count(0);
    double nt = moments.count(1);
    int numClasses = targetClasses == null ? 0 : moments.numClasses();
    // M = C u0 u0^T + sum_c uc uc^T, with u0 = 1/ns on source rows, -1/nt on target rows, and uc
    // the same for the rows of class c. Its Frobenius norm from the inner products of the u's:
    // u0.u0 = u0.uc = 1/ns + 1/nt, uc.uc = 1/ns_c + 1/nt_c, uc.uc' = 0. X M X^T is then a sum of
    // weighted outer products of mean differences: the columns of U below, U U^T = X M X^T.
    double meanWeight =
        targetClasses == null ? 1 : Math.max(1, countClasses(moments, targetClasses));
    List<double[]> differences = new ArrayList<>();
    List<Double> weights = new ArrayList<>();
    differences.add(difference(moments.mean(0), moments.mean(1)));
    weights.add(meanWeight);
    double both = 1 / ns + 1 / nt;
    double squaredNorm = meanWeight * meanWeight * both * both;
    for (int c = 0; c < numClasses; c++) {
      long sourceCount = moments.classCount(0, c);
      long targetCount = targetClasses.classCount(1, c);
      if (sourceCount == 0 || targetCount == 0) {
        continue;
      }
      differences.add(difference(moments.classMean(0, c), targetClasses.classMean(1, c)));
      weights.add(1.0);
      double own = 1.0 / sourceCount + 1.0 / targetCount;
      squaredNorm += 2 * meanWeight * both * both + own * own;
    }
    double norm = Math.sqrt(squaredNorm);
    int r = differences.size();
    double[] lowRank = new double[d * r];
    for (int j = 0; j < r; j++) {
      double scale = Math.sqrt(weights.get(j) / norm);
      for (int i = 0; i < d; i++) {
        lowRank[j * d + i] = scale * differences.get(j)[i];
      }
    }
    double[] projection =
        SymmetricMatrices.largestGeneralizedLowRank(scatter, d, lowRank, r, lambda, k);
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
}
