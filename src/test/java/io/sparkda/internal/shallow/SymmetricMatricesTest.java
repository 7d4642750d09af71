package io.sparkda.internal.shallow;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.ludovic.netlib.lapack.LAPACK;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.netlib.util.intW;

class SymmetricMatricesTest {
  // A symmetric positive-definite 3x3 matrix (column-major = row-major here).
  private static final double[] M = {4, 1, 0.5, 1, 3, 0.2, 0.5, 0.2, 2};

  @Test
  void squareRootSquaredGivesTheMatrixBack() {
    double[] root = SymmetricMatrices.power(M, 3, 0.5);
    assertArrayEquals(M, SymmetricMatrices.multiply(root, root, 3, false, false), 1e-12);
  }

  @Test
  void inverseSquareRootWhitens() {
    double[] w = SymmetricMatrices.power(M, 3, -0.5);
    double[] whitened =
        SymmetricMatrices.multiply(
            SymmetricMatrices.multiply(w, M, 3, false, false), w, 3, false, false);
    assertArrayEquals(new double[] {1, 0, 0, 0, 1, 0, 0, 0, 1}, whitened, 1e-12);
  }

  @Test
  void theLargestEigenvectorsAloneAreThoseOfTheFullDecompositions() {
    int n = 40;
    int k = 5;
    Random random = new Random(3);
    double[] a = randomSymmetric(n, random, 0);
    assertSameColumns(
        largest(SymmetricMatrices.eigen(a, n).vectors(), n, k),
        SymmetricMatrices.largestEigenvectors(a, n, k),
        n,
        k);
  }

  @Test
  void aLowRankPlusRidgeRightHandSideGivesTheSameVectors() {
    int n = 30;
    int r = 3;
    int k = 4;
    double lambda = 0.1;
    Random random = new Random(5);
    double[] scatter = randomSymmetric(n, random, n);
    double[] lowRank = new double[n * r];
    for (int i = 0; i < lowRank.length; i++) {
      lowRank[i] = random.nextGaussian();
    }
    // Two equal columns: rank 2 only, which the solver must handle.
    System.arraycopy(lowRank, 0, lowRank, n, n);
    double[] dense = SymmetricMatrices.multiply(lowRank, lowRank, n, r, n, false, true);
    for (int i = 0; i < n; i++) {
      dense[i * n + i] += lambda;
    }
    double[] expected = unit(largest(denseGeneralized(scatter, dense, n), n, k), n, k);
    double[] actual =
        unit(SymmetricMatrices.largestGeneralizedLowRank(scatter, n, lowRank, r, lambda, k), n, k);
    assertSameColumns(expected, actual, n, k);
  }

  /** The eigenvectors of {@code a v = w b v} in ascending order, the reference (LAPACK dsygvd). */
  private static double[] denseGeneralized(double[] a, double[] b, int n) {
    double[] vectors = a.clone();
    double[] values = new double[n];
    double[] work = new double[1 + 6 * n + 2 * n * n];
    int[] iwork = new int[3 + 5 * n];
    intW info = new intW(0);
    LAPACK
        .getInstance()
        .dsygvd(
            1,
            "V",
            "U",
            n,
            vectors,
            n,
            b.clone(),
            n,
            values,
            work,
            work.length,
            iwork,
            iwork.length,
            info);
    assertEquals(0, info.val);
    return vectors;
  }

  /** The last {@code k} of {@code n} columns, last first. */
  private static double[] largest(double[] vectors, int n, int k) {
    double[] out = new double[n * k];
    for (int j = 0; j < k; j++) {
      System.arraycopy(vectors, (n - 1 - j) * n, out, j * n, n);
    }
    return out;
  }

  private static double[] unit(double[] columns, int n, int k) {
    double[] out = columns.clone();
    for (int j = 0; j < k; j++) {
      double norm = 0;
      for (int i = 0; i < n; i++) {
        norm += out[j * n + i] * out[j * n + i];
      }
      for (int i = 0; i < n; i++) {
        out[j * n + i] /= Math.sqrt(norm);
      }
    }
    return out;
  }

  private static void assertSameColumns(double[] full, double[] partial, int n, int k) {
    for (int j = 0; j < k; j++) {
      // Eigenvectors are defined up to sign.
      double sign = Math.signum(full[j * n]) * Math.signum(partial[j * n]);
      for (int i = 0; i < n; i++) {
        assertEquals(full[j * n + i], sign * partial[j * n + i], 1e-8, "vector " + j);
      }
    }
  }

  /** A random symmetric matrix, plus {@code shift} on the diagonal (large: positive definite). */
  private static double[] randomSymmetric(int n, Random random, double shift) {
    double[] m = new double[n * n];
    for (int j = 0; j < n; j++) {
      for (int i = 0; i <= j; i++) {
        double v = random.nextGaussian() + (i == j ? shift : 0);
        m[j * n + i] = v;
        m[i * n + j] = v;
      }
    }
    return m;
  }

  @Test
  void refusesMatricesThatAreNotPositiveDefinite() {
    assertThrows(
        IllegalArgumentException.class,
        () -> SymmetricMatrices.power(new double[] {1, 0, 0, 0}, 2, -0.5));
  }
}
