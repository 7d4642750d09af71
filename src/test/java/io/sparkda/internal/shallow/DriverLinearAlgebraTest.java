package io.sparkda.internal.shallow;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class DriverLinearAlgebraTest {
  /** CI installs OpenBLAS (.ci/run): there, the shallow methods must not run on the fallback. */
  @Test
  void ciRunsOnANativeLapack() {
    if (System.getenv("CI") != null) {
      assertTrue(DriverLinearAlgebra.isNative(), DriverLinearAlgebra.describe());
    }
    assertTrue(DriverLinearAlgebra.describe().contains("LAPACK"), DriverLinearAlgebra.describe());
  }
}
