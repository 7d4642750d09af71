package io.sparkda.internal.shallow;

import dev.ludovic.netlib.blas.BLAS;
import dev.ludovic.netlib.lapack.LAPACK;
import java.util.ArrayList;
import java.util.List;
import org.netlib.util.intW;

/**
 * Eigendecompositions and powers of symmetric matrices (LAPACK dsyevd, dsyevr, the same
 * native-or-Java netlib that Spark MLlib uses). Matrices are column-major {@code double[n * n]}.
 */
public final class SymmetricMatrices {
  private SymmetricMatrices() {}

  /**
   * Eigenvalues in ascending order and their eigenvectors, column {@code j} for value {@code j}.
   */
  public record Eigen(int n, double[] values, double[] vectors) {
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
   * The eigenvectors of the {@code k} largest eigenvalues, largest first ({@code n x k}), without
   * computing the others (LAPACK dsyevr, MRRR).
   */
  public static double[] largestEigenvectors(double[] matrix, int n, int k) {
    double[] copy = matrix.clone();
    double[] values = new double[n];
    double[] vectors = new double[n * k];
    int[] support = new int[2 * n];
    intW found = new intW(0);
    intW info = new intW(0);
    // A workspace query (lwork = -1), then the call with the workspace it asked for.
    double[] workQuery = new double[1];
    int[] iworkQuery = new int[1];
    dsyevr(n, k, copy, found, values, vectors, support, workQuery, -1, iworkQuery, -1, info);
    double[] work = new double[(int) workQuery[0]];
    int[] iwork = new int[iworkQuery[0]];
    dsyevr(
        n, k, copy, found, values, vectors, support, work, work.length, iwork, iwork.length, info);
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
    return reversedColumns(vectors, n, k);
  }

  /** LAPACK dsyevr for the eigenvalues n - k + 1 .. n (upper triangle, vectors wanted). */
  private static void dsyevr(
      int n,
      int k,
      double[] matrix,
      intW found,
      double[] values,
      double[] vectors,
      int[] support,
      double[] work,
      int lwork,
      int[] iwork,
      int liwork,
      intW info) {
    LAPACK
        .getInstance()
        .dsyevr(
            "V", "I", "U", n, matrix, n, 0, 0, n - k + 1, n, 0, found, values, vectors, n, support,
            work, lwork, iwork, liwork, info);
  }

  /**
   * The {@code k} largest {@code w} of {@code a v = w (lambda I + U U^T) v}, for {@code U} {@code n
   * x r} of small rank, through one standard eigenproblem: with {@code U U^T = Q diag(s) Q^T} and
   * {@code E = diag(1 - (1 + s / lambda)^(-1/2))}, {@code B^(-1/2) = lambda^(-1/2) (I - Q E Q^T)},
   * so {@code B^(-1/2) a B^(-1/2)} costs {@code O(n^2 r)} and its top {@code k} eigenvectors {@code
   * y} give {@code v = B^(-1/2) y}. That skips the Cholesky factorization and the reduction to
   * standard form that dsygvx pays for a dense {@code b} (about half its time at n = 5,000). The
   * vectors are those of the dense generalized problem (LAPACK dsygvd), each up to its length and
   * sign (SymmetricMatricesTest checks it).
   */
  public static double[] largestGeneralizedLowRank(
      double[] a, int n, double[] lowRank, int r, double lambda, int k) {
    // U U^T = Q diag(s) Q^T from the r x r Gram matrix U^T U = P diag(s) P^T: Q = U P s^(-1/2).
    Eigen gram = eigen(multiply(lowRank, lowRank, r, n, r, true, false), r);
    double largest = Math.max(gram.values()[r - 1], 0);
    List<Integer> kept = new ArrayList<>();
    for (int j = 0; j < r; j++) {
      if (gram.values()[j] > 1e-12 * largest && gram.values()[j] > 0) {
        kept.add(j);
      }
    }
    int q = kept.size();
    double[] basis = new double[n * q];
    double[] shrink = new double[q];
    for (int c = 0; c < q; c++) {
      int j = kept.get(c);
      double sj = gram.values()[j];
      shrink[c] = 1 - 1 / Math.sqrt(1 + sj / lambda);
      for (int i = 0; i < n; i++) {
        double value = 0;
        for (int l = 0; l < r; l++) {
          value += lowRank[l * n + i] * gram.vectors()[j * r + l];
        }
        basis[c * n + i] = value / Math.sqrt(sj);
      }
    }
    // lambda C = a - (Q E) W^T - W (Q E)^T + (Q F) Q^T, W = a Q, F = E (Q^T W) E: three rank-q
    // products (the positive factor 1 / lambda changes no eigenvector).
    double[] w = multiply(a, basis, n, n, q, false, false);
    double[] m = multiply(basis, w, q, n, q, true, false);
    double[] qe = new double[n * q];
    double[] qf = new double[n * q];
    for (int x = 0; x < q; x++) {
      for (int i = 0; i < n; i++) {
        qe[x * n + i] = basis[x * n + i] * shrink[x];
        for (int y = 0; y < q; y++) {
          qf[x * n + i] += basis[y * n + i] * shrink[y] * m[x * q + y] * shrink[x];
        }
      }
    }
    double[] c = a.clone();
    BLAS.getInstance().dgemm("N", "T", n, n, q, -1.0, qe, n, w, n, 1.0, c, n);
    BLAS.getInstance().dgemm("N", "T", n, n, q, -1.0, w, n, qe, n, 1.0, c, n);
    BLAS.getInstance().dgemm("N", "T", n, n, q, 1.0, qf, n, basis, n, 1.0, c, n);
    double[] top = largestEigenvectors(c, n, k);
    // v = B^(-1/2) y, up to the factor lambda^(-1/2): y - Q E (Q^T y).
    double[] projected = multiply(basis, top, q, n, k, true, false);
    for (int j = 0; j < k; j++) {
      for (int x = 0; x < q; x++) {
        double factor = shrink[x] * projected[j * q + x];
        for (int i = 0; i < n; i++) {
          top[j * n + i] -= factor * basis[x * n + i];
        }
      }
    }
    signByLargestEntry(top, n, k);
    return top;
  }

  /**
   * {@code k} columns of length {@code n}, last first (LAPACK returns ascending order), each signed
   * so that its largest entry in magnitude is positive: an eigenvector's sign is arbitrary, and
   * rounding differences between two fits of the same data must not flip the mapped features.
   */
  private static double[] reversedColumns(double[] matrix, int n, int k) {
    double[] out = new double[n * k];
    for (int j = 0; j < k; j++) {
      System.arraycopy(matrix, (k - 1 - j) * n, out, j * n, n);
    }
    signByLargestEntry(out, n, k);
    return out;
  }

  private static void signByLargestEntry(double[] columns, int n, int k) {
    for (int j = 0; j < k; j++) {
      int largest = j * n;
      for (int i = j * n; i < (j + 1) * n; i++) {
        if (Math.abs(columns[i]) > Math.abs(columns[largest])) {
          largest = i;
        }
      }
      if (columns[largest] < 0) {
        for (int i = j * n; i < (j + 1) * n; i++) {
          columns[i] = -columns[i];
        }
      }
    }
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
