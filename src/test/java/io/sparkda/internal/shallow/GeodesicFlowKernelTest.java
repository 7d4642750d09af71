package io.sparkda.internal.shallow;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

class GeodesicFlowKernelTest {
  /** {@code W W^T}, column-major {@code d x d}. */
  private static double[] kernelOf(double[] w, int d, int columns) {
    return SymmetricMatrices.multiply(w, w, d, columns, d, false, true);
  }

  /**
   * {@code integral over [0, 1] of Phi(t) Phi(t)^T}, by Simpson's rule, for the geodesic that turns
   * each {@code e_(2i)} toward {@code e_(2i+1)} by {@code angles[i]}: the definition of the kernel,
   * computed without the closed form.
   */
  private static double[] integral(double[] angles, int d) {
    int steps = 2000;
    double[] g = new double[d * d];
    for (int s = 0; s <= steps; s++) {
      double t = (double) s / steps;
      double weight = (s == 0 || s == steps ? 1 : s % 2 == 1 ? 4 : 2) / (3.0 * steps);
      for (int i = 0; i < angles.length; i++) {
        double[] phi = new double[d];
        phi[2 * i] = Math.cos(t * angles[i]);
        phi[2 * i + 1] = Math.sin(t * angles[i]);
        for (int a = 0; a < d; a++) {
          for (int b = 0; b < d; b++) {
            g[b * d + a] += weight * phi[a] * phi[b];
          }
        }
      }
    }
    return g;
  }

  @Test
  void isTheIntegralOverTheGeodesicBetweenTwoLines() {
    for (double angle : new double[] {0, 0.3, 1.0, Math.PI / 2}) {
      double[] source = {1, 0};
      double[] target = {Math.cos(angle), Math.sin(angle)};
      double[] w = GeodesicFlowKernel.map(source, target, 2, 1);
      assertArrayEquals(integral(new double[] {angle}, 2), kernelOf(w, 2, 2), 1e-9, "" + angle);
    }
  }

  /**
   * Two planes in R^5 at principal angles 0.4 and 1.2, each given by a basis rotated within it: the
   * kernel depends on the subspaces only, and the principal directions must be found.
   */
  @Test
  void dependsOnTheSubspacesOnlyAndFindsTheirPrincipalAngles() {
    int d = 5;
    double[] angles = {0.4, 1.2};
    double[][] sourceColumns = {unit(d, 0), unit(d, 2)};
    double[][] targetColumns = new double[2][d];
    for (int i = 0; i < 2; i++) {
      targetColumns[i][2 * i] = Math.cos(angles[i]);
      targetColumns[i][2 * i + 1] = Math.sin(angles[i]);
    }
    // The integral's layout pairs e_(2i) with e_(2i+1); here the pairs are (e0, e1) and (e2, e3).
    double[] expected = integral(angles, d);
    Random random = new Random(7);
    double[] source = rotated(sourceColumns, random.nextDouble() * 6, d);
    double[] target = rotated(targetColumns, random.nextDouble() * 6, d);
    double[] w = GeodesicFlowKernel.map(source, target, d, 2);
    assertArrayEquals(expected, kernelOf(w, d, 4), 1e-9);
  }

  private static double[] unit(int d, int i) {
    double[] e = new double[d];
    e[i] = 1;
    return e;
  }

  /** The two columns turned by {@code phi} within their plane, column-major {@code d x 2}. */
  private static double[] rotated(double[][] columns, double phi, int d) {
    double[] out = new double[2 * d];
    for (int r = 0; r < d; r++) {
      out[r] = Math.cos(phi) * columns[0][r] - Math.sin(phi) * columns[1][r];
      out[d + r] = Math.sin(phi) * columns[0][r] + Math.cos(phi) * columns[1][r];
    }
    return out;
  }
}
