package io.sparkda.internal.shallow;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

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
  void refusesMatricesThatAreNotPositiveDefinite() {
    assertThrows(
        IllegalArgumentException.class,
        () -> SymmetricMatrices.power(new double[] {1, 0, 0, 0}, 2, -0.5));
  }
}
