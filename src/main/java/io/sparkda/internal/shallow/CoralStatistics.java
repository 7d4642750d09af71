package io.sparkda.internal.shallow;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Shallow CORAL (Sun, Feng and Saenko, AAAI 2016): the linear map {@code A = C_s^(-1/2) C_t^(1/2)}
 * that whitens source features with the source covariance and recolours them with the target
 * covariance, {@code C = cov + regularization I}. The covariances come from {@link DomainMoments}
 * (one tree-aggregated pass over both domains); only {@code d x d} statistics reach the driver.
 */
public final class CoralStatistics {
  private static final Logger LOG = LoggerFactory.getLogger(CoralStatistics.class);

  private CoralStatistics() {}

  /**
   * @return {@code A}, column-major {@code d x d}: a source row {@code x} maps to {@code x A}
   */
  public static double[] recolouringMatrix(DomainMoments moments, double regularization) {
    long start = System.nanoTime();
    int numFeatures = moments.numFeatures();
    double[] sourceCovariance = regularized(moments.covariance(0), numFeatures, regularization);
    double[] targetCovariance = regularized(moments.covariance(1), numFeatures, regularization);
    double[] whiten = SymmetricMatrices.power(sourceCovariance, numFeatures, -0.5);
    double[] recolour = SymmetricMatrices.power(targetCovariance, numFeatures, 0.5);
    double[] map = SymmetricMatrices.multiply(whiten, recolour, numFeatures, false, false);
    // Which LAPACK did the work matters: netlib's pure-Java fallback is ~100x slower than a
    // native one at d in the thousands (docs/benchmarks.md).
    LOG.info(
        "spark-da CORAL: {} features, matrix powers {} s (driver, {})",
        numFeatures,
        Math.round((System.nanoTime() - start) / 1e9),
        dev.ludovic.netlib.lapack.LAPACK.getInstance().getClass().getSimpleName());
    return map;
  }

  private static double[] regularized(double[] covariance, int numFeatures, double regularization) {
    for (int i = 0; i < numFeatures; i++) {
      covariance[i * numFeatures + i] += regularization;
    }
    return covariance;
  }
}
