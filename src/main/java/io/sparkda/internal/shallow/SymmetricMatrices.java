package io.sparkda.internal.shallow;

import dev.ludovic.netlib.blas.BLAS;
import dev.ludovic.netlib.lapack.LAPACK;
import org.netlib.util.intW;

/**
 * Eigendecompositions and powers of symmetric matrices (LAPACK dsyevd / dsygvd, the same
 * native-or-Java netlib that Spark MLlib uses). Matrices are column-major {@code double[n * n]}.
 */
public final class SymmetricMatrices {
  private SymmetricMatrices() {}

  /**
   * Eigenvalues in ascending order and their eigenvectors, column {@code j} for value {@code j}.
   */
  public record Eigen(int n, double[] values, double[] vectors) {
    /** The eigenvectors of the {@code k} largest eigenvalues, largest first: {@code n x k}. */
    public double[] largest(int k) {
      return lastColumnsReversed(vectors, n, n, k);
    }

    /** {@code V diag(w^p) V^T}; every eigenvalue must be > 0. */
    public double[] power(double p) {
      double[] scaled = new double[n * n];
      for (int j = 0; j < n; j++) {
        double value = values[j];
        if (value <= 0) {
          throw new IllegalArgumentException(
              String.format(
                  "matrix is not positive definite (eigenvalue %.3g): use a regularization > 0",
                  value));
        }
        double factor = Math.pow(value, p);
        for (int i = 0; i < n; i++) {
          scaled[j * n + i] = vectors[j * n + i] * factor;
        }
      }
      return multiply(scaled, vectors, n, false, true);
    }
  }

  /** {@code matrix = V diag(w) V^T}. */
  public static Eigen eigen(double[] matrix, int n) {
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
    return new Eigen(n, values, vectors);
  }

  /**
   * {@code a v = w b v} for symmetric {@code a} and positive-definite {@code b}; the eigenvectors
   * are {@code b}-orthonormal ({@code V^T b V = I}).
   */
  public static Eigen generalizedEigen(double[] a, double[] b, int n) {
    double[] vectors = a.clone();
    double[] bCopy = b.clone();
    double[] values = new double[n];
    intW info = new intW(0);
    double[] workQuery = new double[1];
    int[] iworkQuery = new int[1];
    LAPACK
        .getInstance()
        .dsygvd(1, "V", "U", n, vectors, n, bCopy, n, values, workQuery, -1, iworkQuery, -1, info);
    double[] work = new double[(int) workQuery[0]];
    int[] iwork = new int[iworkQuery[0]];
    LAPACK
        .getInstance()
        .dsygvd(
            1,
            "V",
            "U",
            n,
            vectors,
            n,
            bCopy,
            n,
            values,
            work,
            work.length,
            iwork,
            iwork.length,
            info);
    if (info.val > n) {
      throw new IllegalArgumentException(
          "generalized eigenproblem: the right-hand matrix is not positive definite (LAPACK dsygvd "
              + "info="
              + info.val
              + "): use a larger regularization");
    }
    if (info.val != 0) {
      throw new IllegalStateException(
          "generalized eigendecomposition failed (LAPACK dsygvd info=" + info.val + ")");
    }
    return new Eigen(n, values, vectors);
  }

  /**
   * The eigenvectors of the {@code k} largest eigenvalues, largest first ({@code n x k}), as {@link
   * #eigen}'s {@code largest(k)} but without the others (LAPACK dsyevr, MRRR).
   */
  public static double[] largestEigenvectors(double[] matrix, int n, int k) {
    double[] copy = matrix.clone();
    double[] values = new double[n];
    double[] vectors = new double[n * k];
    int[] support = new int[2 * n];
    intW found = new intW(0);
    intW info = new intW(0);
    double[] workQuery = new double[1];
    int[] iworkQuery = new int[1];
    LAPACK
        .getInstance()
        .dsyevr(
            "V",
            "I",
            "U",
            n,
            copy,
            n,
            0,
            0,
            n - k + 1,
            n,
            0,
            found,
            values,
            vectors,
            n,
            support,
            workQuery,
            -1,
            iworkQuery,
            -1,
            info);
    double[] work = new double[(int) workQuery[0]];
    int[] iwork = new int[iworkQuery[0]];
    LAPACK
        .getInstance()
        .dsyevr(
            "V",
            "I",
            "U",
            n,
            copy,
            n,
            0,
            0,
            n - k + 1,
            n,
            0,
            found,
            values,
            vectors,
            n,
            support,
            work,
            work.length,
            iwork,
            iwork.length,
            info);
    if (info.val != 0 || found.val != k) {
      throw new IllegalStateException(
          "eigendecomposition failed (LAPACK dsyevr info="
              + info.val
              + ", "
              + found.val
              + " of "
              + k
              + " vectors)");
    }
    return lastColumnsReversed(vectors, n, k, k);
  }

  /**
   * The eigenvectors of the {@code k} largest {@code w} in {@code a v = w b v}, largest first
   * ({@code n x k}, {@code b}-orthonormal), as {@link #generalizedEigen}'s {@code largest(k)} but
   * without the other {@code n - k} vectors (LAPACK dsygvx): the part of a TCA / JDA fit that grows
   * as {@code n^3} is then the reduction alone.
   */
  public static double[] largestGeneralized(double[] a, double[] b, int n, int k) {
    double[] aCopy = a.clone();
    double[] bCopy = b.clone();
    double[] values = new double[n];
    double[] vectors = new double[n * k];
    int[] iwork = new int[5 * n];
    int[] fail = new int[n];
    intW found = new intW(0);
    intW info = new intW(0);
    double[] workQuery = new double[1];
    LAPACK
        .getInstance()
        .dsygvx(
            1, "V", "I", "U", n, aCopy, n, bCopy, n, 0, 0, n - k + 1, n, 0, found, values, vectors,
            n, workQuery, -1, iwork, fail, info);
    double[] work = new double[Math.max(8 * n, (int) workQuery[0])];
    LAPACK
        .getInstance()
        .dsygvx(
            1,
            "V",
            "I",
            "U",
            n,
            aCopy,
            n,
            bCopy,
            n,
            0,
            0,
            n - k + 1,
            n,
            0,
            found,
            values,
            vectors,
            n,
            work,
            work.length,
            iwork,
            fail,
            info);
    if (info.val > n) {
      throw new IllegalArgumentException(
          "generalized eigenproblem: the right-hand matrix is not positive definite (LAPACK dsygvx "
              + "info="
              + info.val
              + "): use a larger regularization");
    }
    if (info.val != 0 || found.val != k) {
      throw new IllegalStateException(
          "generalized eigendecomposition failed (LAPACK dsygvx info="
              + info.val
              + ", "
              + found.val
              + " of "
              + k
              + " vectors)");
    }
    // dsygvx returns them in ascending order: the largest is the last column.
    return lastColumnsReversed(vectors, n, k, k);
  }

  /** The last {@code k} of {@code columns} columns of length {@code n}, last first. */
  private static double[] lastColumnsReversed(double[] matrix, int n, int columns, int k) {
    double[] out = new double[n * k];
    for (int j = 0; j < k; j++) {
      System.arraycopy(matrix, (columns - 1 - j) * n, out, j * n, n);
    }
    return out;
  }

  /** {@code V diag(w^p) V^T} for {@code matrix = V diag(w) V^T}; eigenvalues must be > 0. */
  public static double[] power(double[] matrix, int n, double p) {
    return eigen(matrix, n).power(p);
  }

  /** {@code op(a) op(b)} for two {@code n x n} matrices. */
  public static double[] multiply(
      double[] a, double[] b, int n, boolean transposeA, boolean transposeB) {
    return multiply(a, b, n, n, n, transposeA, transposeB);
  }

  /** {@code op(a) op(b)}, {@code op(a)} {@code m x k}, {@code op(b)} {@code k x n}. */
  public static double[] multiply(
      double[] a, double[] b, int m, int k, int n, boolean transposeA, boolean transposeB) {
    double[] c = new double[m * n];
    BLAS.getInstance()
        .dgemm(
            transposeA ? "T" : "N",
            transposeB ? "T" : "N",
            m,
            n,
            k,
            1.0,
            a,
            transposeA ? k : m,
            b,
            transposeB ? n : k,
            0.0,
            c,
            m);
    return c;
  }
}
