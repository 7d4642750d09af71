package io.sparkda.internal.nn;

import ai.djl.ndarray.NDArray;

/**
 * Deep CORAL loss (Sun and Saenko, ECCV 2016 workshops): {@code |C_s - C_t|_F^2 / (4 d^2)}, with
 * {@code C} the unbiased covariance of a batch of {@code d}-dimensional features.
 */
public final class CoralLoss {
  private CoralLoss() {}

  /**
   * {@code source [ns, d]}, {@code target [nt, d]}, each with at least 2 rows; returns a scalar.
   */
  public static NDArray of(NDArray source, NDArray target) {
    long d = source.getShape().get(1);
    NDArray difference = covariance(source).sub(covariance(target));
    return difference.square().sum().div(Scalars.like(difference, 4.0 * d * d));
  }

  /** {@code (X - mean)^T (X - mean) / (n - 1)}. */
  static NDArray covariance(NDArray x) {
    long n = x.getShape().get(0);
    if (n < 2) {
      throw new IllegalArgumentException(
          "CORAL needs at least 2 rows per domain in a batch, got "
              + n
              + ": raise batchSize or lower numPartitions");
    }
    NDArray centered = x.sub(x.mean(new int[] {0}, true));
    return centered.transpose().matMul(centered).div(Scalars.like(centered, n - 1));
  }
}
