package io.sparkda.internal.nn;

import static org.bytedeco.pytorch.global.torch.cat;

import java.util.Arrays;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorVector;

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
  public static Tensor of(Tensor source, Tensor target) {
    Tensor distances = squaredDistances(joint(source, target));
    int n = (int) distances.size(0);
    double median;
    try (Autograd off = Autograd.inference()) {
      median = medianOffDiagonal(Tensors.toFloats(distances), n);
    }
    return fromDistances(distances, source.size(0), median);
  }

  /** The same with a given median (tests check the gradient with it held fixed). */
  static Tensor of(Tensor source, Tensor target, double median) {
    return fromDistances(squaredDistances(joint(source, target)), source.size(0), median);
  }

  private static Tensor joint(Tensor source, Tensor target) {
    return cat(new TensorVector(source, target), 0);
  }

  private static Tensor fromDistances(Tensor distances, long ns, double median) {
    long n = distances.size(0);
    Tensor kernel = null;
    for (int i = 0; i < NUM_KERNELS; i++) {
      double bandwidth = median * Math.pow(KERNEL_MULTIPLIER, i - NUM_KERNELS / 2);
      Tensor k = distances.div(new Scalar(-bandwidth)).exp();
      kernel = kernel == null ? k : kernel.add(k);
    }
    Tensor ss = block(kernel, 0, ns, 0, ns).mean();
    Tensor tt = block(kernel, ns, n, ns, n).mean();
    Tensor st = block(kernel, 0, ns, ns, n).mean();
    return ss.add(tt).sub(st.mul(new Scalar(2.0)));
  }

  /** Rows {@code [r0, r1)} and columns {@code [c0, c1)} of a matrix. */
  private static Tensor block(Tensor m, long r0, long r1, long c0, long c1) {
    return m.narrow(0, r0, r1 - r0).narrow(1, c0, c1 - c0);
  }

  /** {@code |x_i - x_j|^2} for all row pairs, clamped at 0 against rounding. */
  static Tensor squaredDistances(Tensor x) {
    Tensor norms = x.square().sum(new long[] {1}, true, null);
    Tensor products = x.mm(x.t());
    return norms.add(norms.t()).sub(products.mul(new Scalar(2.0))).clamp_min(new Scalar(0.0));
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
