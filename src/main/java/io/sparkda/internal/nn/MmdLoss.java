package io.sparkda.internal.nn;

import ai.djl.ndarray.NDArray;
import java.util.Arrays;

/**
 * Squared multi-kernel MMD between two batches of features, as in DAN (Long et al., ICML 2015): the
 * sum of Gaussian kernels {@code exp(-|x - y|^2 / b)} at {@value #NUM_KERNELS} bandwidths {@code b
 * = m / 4, m / 2, m, 2 m, 4 m}, where {@code m} is the median squared distance between the rows of
 * both batches. The biased (V-statistic) estimate: mean k(s, s') + mean k(t, t') - 2 mean k(s, t).
 *
 * <p>The median is taken on the values, not back-propagated through (the usual heuristic: the
 * bandwidths are a setting of the loss, not something the network should move).
 */
public final class MmdLoss {
  static final int NUM_KERNELS = 5;
  private static final double KERNEL_MULTIPLIER = 2.0;

  private MmdLoss() {}

  /** {@code source [ns, d]}, {@code target [nt, d]}; returns a scalar. */
  public static NDArray of(NDArray source, NDArray target) {
    NDArray joint = source.concat(target, 0);
    NDArray distances = squaredDistances(joint);
    int n = (int) joint.getShape().get(0);
    return fromDistances(
        distances, (int) source.getShape().get(0), medianOffDiagonal(distances.toFloatArray(), n));
  }

  /** The same with a given median (tests check the gradient with it held fixed). */
  static NDArray of(NDArray source, NDArray target, double median) {
    return fromDistances(
        squaredDistances(source.concat(target, 0)), (int) source.getShape().get(0), median);
  }

  private static NDArray fromDistances(NDArray distances, int ns, double median) {
    int n = (int) distances.getShape().get(0);
    NDArray kernel = null;
    for (int i = 0; i < NUM_KERNELS; i++) {
      double bandwidth = median * Math.pow(KERNEL_MULTIPLIER, i - NUM_KERNELS / 2);
      NDArray k = distances.div(Scalars.like(distances, -bandwidth)).exp();
      kernel = kernel == null ? k : kernel.add(k);
    }
    NDArray ss = kernel.get("0:" + ns + ", 0:" + ns).mean();
    NDArray tt = kernel.get(ns + ":" + n + ", " + ns + ":" + n).mean();
    NDArray st = kernel.get("0:" + ns + ", " + ns + ":" + n).mean();
    return ss.add(tt).sub(st.mul(Scalars.like(st, 2)));
  }

  /** {@code |x_i - x_j|^2} for all row pairs, clamped at 0 against rounding. */
  static NDArray squaredDistances(NDArray x) {
    NDArray norms = x.square().sum(new int[] {1}, true);
    NDArray products = x.matMul(x.transpose());
    return norms
        .add(norms.transpose())
        .sub(products.mul(Scalars.like(products, 2)))
        .maximum(Scalars.like(products, 0));
  }

  /**
   * Median (the lower one for an even count) of the off-diagonal entries of an {@code n x n}
   * matrix; 1 when they are all 0, so that identical rows do not divide by zero.
   */
  static double medianOffDiagonal(float[] matrix, int n) {
    if (n < 2) {
      return 1.0;
    }
    float[] values = new float[n * (n - 1)];
    int k = 0;
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        if (i != j) {
          values[k++] = matrix[i * n + j];
        }
      }
    }
    Arrays.sort(values);
    double median = values[(values.length - 1) / 2];
    return median > 0 ? median : 1.0;
  }
}
