package io.sparkda.internal.shallow;

import dev.ludovic.netlib.lapack.LAPACK;
import org.netlib.util.intW;

/**
 * The geodesic flow kernel (Gong, Shi, Sha and Grauman, CVPR 2012), the manifold features of MEDA:
 * {@code G = integral over t in [0, 1] of Phi(t) Phi(t)^T}, with {@code Phi} the geodesic on the
 * Grassmann manifold from the source's {@code k}-dimensional principal subspace to the target's.
 * Rows compared through {@code x G y^T} see every subspace between the two domains at once.
 *
 * <p>{@code G} has rank at most {@code 2k}: with the principal angles {@code theta} between the
 * subspaces ({@code P_s^T P_t = U cos(theta) V^T}), {@code A = P_s U} and the unit directions
 * {@code C = (P_t V - A cos(theta)) / sin(theta)}, {@code Phi(t) = A cos(t theta) + C sin(t
 * theta)}, and each angle adds one 2 x 2 block of integrals over {@code [a_i, c_i]}. So rather than
 * the {@code d x d} matrix and its square root (the authors' code maps rows by {@code G^(1/2)}),
 * this keeps the {@code d x 2k} map {@code W} with {@code W W^T = G}: {@code x W} has the same
 * inner products and distances as {@code x G^(1/2)}, in {@code 2k} values instead of {@code d}.
 */
public final class GeodesicFlowKernel {
  /** Below this, an angle is zero: the subspaces share that direction and {@code c_i} is unused. */
  private static final double SMALL_ANGLE = 1e-9;

  private GeodesicFlowKernel() {}

  /**
   * @param sourceBasis {@code P_s}, column-major {@code d x k}, orthonormal columns
   * @param targetBasis {@code P_t}, the same shape
   * @return {@code W}, column-major {@code d x 2k}, with {@code W W^T = G}
   */
  public static double[] map(double[] sourceBasis, double[] targetBasis, int d, int k) {
    double[] cross = SymmetricMatrices.multiply(sourceBasis, targetBasis, k, d, k, true, false);
    double[] cosines = new double[k];
    double[] u = new double[k * k];
    double[] vt = new double[k * k];
    svd(cross, k, cosines, u, vt);
    double[] a = SymmetricMatrices.multiply(sourceBasis, u, d, k, k, false, false);
    double[] tv = SymmetricMatrices.multiply(targetBasis, vt, d, k, k, false, true);
    double[] w = new double[d * 2 * k];
    for (int i = 0; i < k; i++) {
      double cos = Math.min(1, Math.max(-1, cosines[i]));
      double theta = Math.acos(cos);
      double sin = Math.sin(theta);
      double[] root = blockRoot(theta);
      for (int r = 0; r < d; r++) {
        double ai = a[i * d + r];
        double ci = theta < SMALL_ANGLE ? 0 : (tv[i * d + r] - ai * cos) / sin;
        w[(2 * i) * d + r] = ai * root[0] + ci * root[1];
        w[(2 * i + 1) * d + r] = ai * root[1] + ci * root[2];
      }
    }
    return w;
  }

  /**
   * The square root {@code [[p, q], [q, r]]} (as {@code {p, q, r}}) of one angle's block of
   * integrals: {@code integral of cos^2(t theta)}, {@code of cos(t theta) sin(t theta)}, {@code of
   * sin^2(t theta)} over {@code [0, 1]}.
   */
  static double[] blockRoot(double theta) {
    double cc;
    double cs;
    double ss;
    if (theta < SMALL_ANGLE) {
      cc = 1;
      cs = 0;
      ss = 0;
    } else {
      cc = 0.5 * (1 + Math.sin(2 * theta) / (2 * theta));
      cs = (1 - Math.cos(2 * theta)) / (4 * theta);
      ss = 0.5 * (1 - Math.sin(2 * theta) / (2 * theta));
    }
    // sqrt of a 2 x 2 positive semi-definite matrix: (M + s I) / sqrt(trace + 2 s), s = sqrt(det).
    double s = Math.sqrt(Math.max(0, cc * ss - cs * cs));
    double t = Math.sqrt(cc + ss + 2 * s);
    return new double[] {(cc + s) / t, cs / t, (ss + s) / t};
  }

  /** {@code m = U diag(s) V^T} for a square {@code k x k} matrix (LAPACK dgesvd). */
  private static void svd(double[] m, int k, double[] s, double[] u, double[] vt) {
    double[] copy = m.clone();
    intW info = new intW(0);
    double[] query = new double[1];
    LAPACK.getInstance().dgesvd("A", "A", k, k, copy, k, s, u, k, vt, k, query, -1, info);
    double[] work = new double[Math.max(1, (int) query[0])];
    LAPACK.getInstance().dgesvd("A", "A", k, k, copy, k, s, u, k, vt, k, work, work.length, info);
    if (info.val != 0) {
      throw new IllegalStateException("SVD failed (LAPACK dgesvd info=" + info.val + ")");
    }
  }
}
