package io.sparkda.internal.shallow;

import dev.ludovic.netlib.blas.BLAS;
import dev.ludovic.netlib.lapack.LAPACK;
import org.netlib.util.intW;

/**
 * Powers of symmetric positive-definite matrices through an eigendecomposition (LAPACK dsyevd, the
 * same native-or-Java netlib that Spark MLlib uses). Matrices are column-major {@code double[n *
 * n]}.
 */
public final class SymmetricMatrices {
  private SymmetricMatrices() {}

  /** {@code V diag(w^p) V^T} for {@code matrix = V diag(w) V^T}; eigenvalues must be > 0. */
  public static double[] power(double[] matrix, int n, double p) {
    double[] vectors = matrix.clone();
    double[] values = new double[n];
    intW info = new intW(0);
    // Divide and conquer (dsyevd): several times faster than dsyev for all eigenvectors.
    double[] workQuery = new double[1];
    int[] iworkQuery = new int[1];
    LAPACK
        .getInstance()
        .dsyevd("V", "U", n, vectors, n, values, workQuery, -1, iworkQuery, -1, info);
    double[] work = new double[(int) workQuery[0]];
    int[] iwork = new int[iworkQuery[0]];
    LAPACK
        .getInstance()
        .dsyevd("V", "U", n, vectors, n, values, work, work.length, iwork, iwork.length, info);
    if (info.val != 0) {
      throw new IllegalStateException(
          "eigendecomposition failed (LAPACK dsyevd info=" + info.val + ")");
    }
    double[] scaled = new double[n * n];
    for (int j = 0; j < n; j++) {
      if (values[j] <= 0) {
        throw new IllegalArgumentException(
            String.format(
                "matrix is not positive definite " + "(eigenvalue %.3g): use a regularization > 0",
                values[j]));
      }
      double factor = Math.pow(values[j], p);
      for (int i = 0; i < n; i++) {
        scaled[j * n + i] = vectors[j * n + i] * factor;
      }
    }
    return multiply(scaled, vectors, n, false, true);
  }

  /** {@code op(a) op(b)} for two {@code n x n} matrices. */
  public static double[] multiply(
      double[] a, double[] b, int n, boolean transposeA, boolean transposeB) {
    double[] c = new double[n * n];
    BLAS.getInstance()
        .dgemm(transposeA ? "T" : "N", transposeB ? "T" : "N", n, n, n, 1.0, a, n, b, n, 0.0, c, n);
    return c;
  }
}
