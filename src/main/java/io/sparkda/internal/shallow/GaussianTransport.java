package io.sparkda.internal.shallow;

/**
 * The optimal-transport map between two Gaussians fitted to the domains (the linear OT mapping of
 * Flamary et al. / POT's {@code LinearTransport}): {@code x -> m_t + (x - m_s) A} with {@code A =
 * C_s^(-1/2) (C_s^(1/2) C_t C_s^(1/2))^(1/2) C_s^(-1/2)}, symmetric, the map of least squared
 * displacement that carries the source mean and covariance onto the target's. {@code C} is the
 * covariance regularized as {@link DomainMoments#regularizedCovariance} says.
 */
public final class GaussianTransport {
  private GaussianTransport() {}

  public static AffineMap fit(DomainMoments moments, double regularization, boolean relative) {
    int d = moments.numFeatures();
    double[] source = moments.regularizedCovariance(0, regularization, relative);
    double[] target = moments.regularizedCovariance(1, regularization, relative);
    SymmetricMatrices.Eigen sourceEigen = SymmetricMatrices.eigen(source, d);
    double[] sourceRoot = sourceEigen.power(0.5);
    double[] sourceInverseRoot = sourceEigen.power(-0.5);
    double[] middle =
        SymmetricMatrices.multiply(
            SymmetricMatrices.multiply(sourceRoot, target, d, false, false),
            sourceRoot,
            d,
            false,
            false);
    symmetrize(middle, d);
    double[] middleRoot = SymmetricMatrices.power(middle, d, 0.5);
    double[] map =
        SymmetricMatrices.multiply(
            SymmetricMatrices.multiply(sourceInverseRoot, middleRoot, d, false, false),
            sourceInverseRoot,
            d,
            false,
            false);
    return AffineMap.moving(map, d, moments.mean(0), moments.mean(1));
  }

  /** Rounding leaves a product of symmetric matrices slightly asymmetric; dsyevd reads one half. */
  private static void symmetrize(double[] matrix, int d) {
    for (int j = 0; j < d; j++) {
      for (int i = 0; i < j; i++) {
        double mean = (matrix[j * d + i] + matrix[i * d + j]) / 2;
        matrix[j * d + i] = mean;
        matrix[i * d + j] = mean;
      }
    }
  }
}
