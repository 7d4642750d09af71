package io.sparkda.internal.nn;

import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;

/**
 * Deep CORAL loss (Sun and Saenko, ECCV 2016 workshops): {@code |C_s - C_t|_F^2 / (4 d^2)}, with
 * {@code C} the unbiased covariance of a batch of {@code d}-dimensional features.
 */
public final class CoralLoss {
  private CoralLoss() {}

  /**
   * {@code source [ns, d]}, {@code target [nt, d]}, each with at least 2 rows; returns a scalar.
   */
  public static Tensor of(Tensor source, Tensor target) {
    long d = source.size(1);
    Tensor difference = covariance(source).sub(covariance(target));
    return difference.square().sum().div(new Scalar(4.0 * d * d));
  }

  /** {@code (X - mean)^T (X - mean) / (n - 1)}. */
  static Tensor covariance(Tensor x) {
    long n = x.size(0);
    if (n < 2) {
      throw new IllegalArgumentException(
          "CORAL needs at least 2 rows per domain in a batch, got "
              + n
              + ": raise batchSize or lower numPartitions");
    }
    Tensor centered = x.sub(x.mean(new long[] {0}, true, null));
    return centered.t().mm(centered).div(new Scalar((double) (n - 1)));
  }
}
