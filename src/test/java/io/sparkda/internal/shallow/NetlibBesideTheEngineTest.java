package io.sparkda.internal.shallow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ludovic.netlib.blas.BLAS;
import dev.ludovic.netlib.blas.JavaBLAS;
import dev.ludovic.netlib.blas.NativeBLAS;
import dev.ludovic.netlib.lapack.NativeLAPACK;
import io.sparkda.internal.nn.TorchRuntime;
import io.sparkda.testutil.ChildJvm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Spark MLlib's native BLAS and LAPACK (netlib) after libtorch has loaded, in a fresh JVM, as in an
 * executor that trains a network before it fits a logistic regression: they must run on the same
 * OpenBLAS as libtorch. Before, the system's BLAS wrapper (Debian's {@code libblas.so.3}) was
 * loaded and called the internals of the bundled OpenBLAS 0.3.31 instead of the 0.3.21 it was built
 * for: on Spark 4 {@code ddot} was off by 203 and the next call crashed the JVM, and the evaluator
 * tests' logistic regressions came out wrong after the job tests had trained networks.
 */
class NetlibBesideTheEngineTest {

  /** Runs in the child JVM: the engine first, then netlib's products against Java's. */
  public static final class Probe {
    public static void main(String[] args) throws Exception {
      TorchRuntime.load();
      BLAS nativeBlas = NativeBLAS.getInstance();
      BLAS javaBlas = JavaBLAS.getInstance();
      Random random = new Random(1);
      int n = 200;
      double[] x = new double[n * n];
      double[] y = new double[n * n];
      for (int i = 0; i < x.length; i++) {
        x[i] = random.nextGaussian();
        y[i] = random.nextGaussian();
      }
      double dot = Math.abs(nativeBlas.ddot(n, x, 1, y, 1) - javaBlas.ddot(n, x, 1, y, 1));
      double[] c1 = new double[n * n];
      double[] c2 = new double[n * n];
      nativeBlas.dgemm("N", "N", n, n, n, 1.0, x, n, y, n, 0.0, c1, n);
      javaBlas.dgemm("N", "N", n, n, n, 1.0, x, n, y, n, 0.0, c2, n);
      double gemm = 0;
      for (int i = 0; i < c1.length; i++) {
        gemm = Math.max(gemm, Math.abs(c1[i] - c2[i]));
      }
      // Level 3 products take an OpenBLAS work buffer each and give it back: where netlib and
      // libtorch ran on two copies of it, every give-back missed ("Bad memory unallocation"),
      // and after 128 the next product crashed the JVM.
      int m = 32;
      double[] c3 = new double[m * m];
      for (int i = 0; i < 300; i++) {
        nativeBlas.dgemm("N", "N", m, m, m, 1.0, x, m, y, m, 0.0, c3, m);
      }
      System.out.println("blas=" + nativeBlas.getClass().getSimpleName());
      System.out.println("lapack=" + NativeLAPACK.getInstance().getClass().getSimpleName());
      System.out.println("ddotError=" + dot);
      System.out.println("dgemmError=" + gemm);
      // Every BLAS the process maps, by directory: one OpenBLAS, the one libtorch loaded.
      Files.readAllLines(Path.of("/proc/self/maps")).stream()
          .map(line -> line.substring(line.lastIndexOf(' ') + 1))
          .filter(file -> file.startsWith("/"))
          .map(Path::of)
          .filter(NetlibBesideTheEngineTest::isBlas)
          .map(file -> file.getParent().toString())
          .distinct()
          .forEach(directory -> System.out.println("blasDirectory=" + directory));
    }
  }

  @Test
  void netlibRunsOnTheEnginesOpenBlasWithRightResults() throws Exception {
    ChildJvm.Result child = ChildJvm.run(Probe.class, List.of());
    String output = child.output();
    assertEquals(0, child.exitCode(), output);
    assertTrue(output.contains("blas=JNIBLAS"), output);
    assertTrue(output.contains("lapack=JNILAPACK"), output);
    List<String> lines = output.lines().toList();
    assertTrue(value(lines, "ddotError=") < 1e-10, output);
    assertTrue(value(lines, "dgemmError=") < 1e-10, output);
    assertFalse(output.contains("Bad memory unallocation"), output);
    assertFalse(output.contains("NUM_THREADS exceeded"), output);
    assertEquals(
        1,
        lines.stream().filter(l -> l.startsWith("blasDirectory=")).count(),
        "one OpenBLAS: " + output);
  }

  /** OpenBLAS, or a reference-named BLAS or LAPACK (which on Debian wraps an OpenBLAS). */
  private static boolean isBlas(Path file) {
    String name = file.getFileName().toString();
    return name.startsWith("libopenblas")
        || name.startsWith("libblas.")
        || name.startsWith("liblapack.");
  }

  private static double value(List<String> lines, String key) {
    return lines.stream()
        .filter(l -> l.startsWith(key))
        .mapToDouble(l -> Double.parseDouble(l.substring(key.length())))
        .findFirst()
        .orElse(Double.NaN);
  }
}
