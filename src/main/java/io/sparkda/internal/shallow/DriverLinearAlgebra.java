package io.sparkda.internal.shallow;

import dev.ludovic.netlib.blas.BLAS;
import dev.ludovic.netlib.blas.NativeBLAS;
import dev.ludovic.netlib.lapack.LAPACK;
import dev.ludovic.netlib.lapack.NativeLAPACK;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which BLAS and LAPACK the driver's matrix work runs on (netlib's choice, as in Spark MLlib): a
 * native library when the system has one ({@code libblas.so.3} / {@code liblapack.so.3}, e.g.
 * OpenBLAS), else netlib's pure-Java fallback: LAPACK dsyevd at n = 2,000 took 12.9 s there against
 * 0.8 s with OpenBLAS, side by side on this project's 2-core machine
 * (bench/results/log-2026-12.md). The fallback is logged once as a warning with the install step.
 */
public final class DriverLinearAlgebra {
  private static final Logger LOG = LoggerFactory.getLogger(DriverLinearAlgebra.class);
  private static volatile boolean reported;

  private DriverLinearAlgebra() {}

  /** Whether both BLAS and LAPACK are native libraries. */
  public static boolean isNative() {
    return BLAS.getInstance() instanceof NativeBLAS && LAPACK.getInstance() instanceof NativeLAPACK;
  }

  /** The implementations in use, e.g. "JNIBLAS / JNILAPACK". */
  public static String describe() {
    return BLAS.getInstance().getClass().getSimpleName()
        + " / "
        + LAPACK.getInstance().getClass().getSimpleName();
  }

  /** Logs the implementations once per JVM: a warning when it is the pure-Java fallback. */
  public static void reportOnce() {
    if (reported) {
      return;
    }
    reported = true;
    if (isNative()) {
      LOG.info("spark-da driver linear algebra: native {}", describe());
    } else {
      LOG.warn(
          "spark-da driver linear algebra: {}, netlib's pure-Java fallback: shallow methods at "
              + "thousands of features will be about 15x slower. Install a native BLAS/LAPACK on "
              + "the driver (Debian/Ubuntu: apt-get install libopenblas0-pthread; see README)",
          describe());
    }
  }
}
