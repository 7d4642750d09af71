package io.sparkda.internal.shallow;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import org.junit.jupiter.api.Test;

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
    double[] b = randomSymmetric(n, random, n);
    assertSameColumns(
        SymmetricMatrices.generalizedEigen(a, b, n).largest(k),
        SymmetricMatrices.largestGeneralized(a, b, n, k),
        n,
        k);
    assertSameColumns(
        SymmetricMatrices.eigen(a, n).largest(k),
        SymmetricMatrices.largestEigenvectors(a, n, k),
        n,
        k);
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
