package io.sparkda.internal.shallow;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Shallow CORAL (Sun, Feng and Saenko, AAAI 2016): the linear map {@code A = C_s^(-1/2) C_t^(1/2)}
 * that whitens source features with the source covariance and recolours them with the target
 * covariance, {@code C = cov + r I}. {@code r} is the regularization itself ({@code absolute}) or
 * the regularization times the covariance's mean variance {@code trace(cov) / d} ({@code
 * relative}): the paper's {@code r = 1} assumes standardized features, and a relative {@code r}
 * means the same shrinkage whatever the features' scale. The covariances come from {@link
 * DomainMoments} (one tree-aggregated pass over both domains); only {@code d x d} statistics reach
 * the driver.
 */
public final class CoralStatistics {
  private static final Logger LOG = LoggerFactory.getLogger(CoralStatistics.class);

  private CoralStatistics() {}

  /** The source rows' map: {@code x A}, or {@code (x - m_s) A + m_t} when {@code alignMeans}. */
  public static AffineMap recolouring(
      DomainMoments moments, double regularization, boolean relative, boolean alignMeans) {
    int d = moments.numFeatures();
    double[] matrix = recolouringMatrix(moments, regularization, relative);
    if (!alignMeans) {
      return AffineMap.of(matrix, d, d, null);
    }
    return AffineMap.moving(matrix, d, moments.mean(0), moments.mean(1));
  }

  /**
   * @return {@code A}, column-major {@code d x d}: a source row {@code x} maps to {@code x A}
   */
  private static double[] recolouringMatrix(
      DomainMoments moments, double regularization, boolean relative) {
    long start = System.nanoTime();
    int numFeatures = moments.numFeatures();
    double[] sourceCovariance = moments.regularizedCovariance(0, regularization, relative);
    double[] targetCovariance = moments.regularizedCovariance(1, regularization, relative);
    double[] whiten = SymmetricMatrices.power(sourceCovariance, numFeatures, -0.5);
    double[] recolour = SymmetricMatrices.power(targetCovariance, numFeatures, 0.5);
    double[] map = SymmetricMatrices.multiply(whiten, recolour, numFeatures, false, false);
    LOG.info(
        "spark-da CORAL: {} features, matrix powers {} s (driver, {})",
        numFeatures,
        Math.round((System.nanoTime() - start) / 1e9),
        DriverLinearAlgebra.describe());
    return map;
  }
}
