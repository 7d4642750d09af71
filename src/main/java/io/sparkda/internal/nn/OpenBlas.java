package io.sparkda.internal.nn;

import com.sun.jna.Function;
import com.sun.jna.NativeLibrary;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.bytedeco.javacpp.Loader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The OpenBLAS that libtorch multiplies with: its per-thread thread count and its description.
 * Looked up through libtorch's own library handle, so the functions are those of the OpenBLAS
 * libtorch is linked against (the presets' 0.3.31, or a system libopenblas.so.0 that another
 * library, such as Spark MLlib's netlib, loaded first under the same name).
 */
final class OpenBlas {
  private static final Logger LOG = LoggerFactory.getLogger(OpenBlas.class);
  private static final NativeLibrary TORCH = torchLibrary();
  private static final Function PER_THREAD = function("openblas_set_num_threads_local");
  private static final Function PROCESS_WIDE = function("openblas_set_num_threads");

  private OpenBlas() {}

  private static NativeLibrary torchLibrary() {
    TorchRuntime.load();
    String path = Loader.getLoadedLibraries().get("torch_cpu");
    if (path == null) {
      LOG.warn(
          "spark-da: libtorch_cpu not among JavaCPP's loaded libraries; OpenBLAS threads left");
      return null;
    }
    return NativeLibrary.getInstance(path);
  }

  private static Function function(String name) {
    try {
      return TORCH == null ? null : TORCH.getFunction(name);
    } catch (UnsatisfiedLinkError e) { // another BLAS, or an OpenBLAS older than 0.3.27
      return null;
    }
  }

  /**
   * OpenBLAS threads for products the calling thread starts; false if it cannot be set. OpenBLAS
   * 0.3.27 and later set it per thread; an older OpenBLAS only process-wide, which is what every
   * task of an executor asks for anyway (its threadsPerTask).
   */
  static boolean useThreadsOnCurrentThread(int threads) {
    Function set = PER_THREAD != null ? PER_THREAD : PROCESS_WIDE;
    if (set == null) {
      return false;
    }
    set.invokeVoid(new Object[] {threads});
    return true;
  }

  /** How {@link #useThreadsOnCurrentThread} reaches OpenBLAS, for the engine's log line. */
  static String threading() {
    return PER_THREAD != null
        ? "per thread"
        : PROCESS_WIDE != null ? "process-wide" : "not set (no OpenBLAS functions found)";
  }

  /** JavaCPP's name for the bundled OpenBLAS among its loaded libraries. */
  private static final String BUNDLED = "openblas@.0";

  /**
   * Points Spark MLlib's native BLAS and LAPACK (netlib, {@code dev.ludovic.netlib}) at the
   * OpenBLAS libtorch has just loaded, unless the process already maps another OpenBLAS or the user
   * chose one. Two OpenBLAS builds in one process are not safe: the system's BLAS and LAPACK
   * wrappers (Debian's {@code libblas.so.3}, {@code liblapack.so.3}) call OpenBLAS internals by
   * name, and once the bundled 0.3.31 was loaded they resolved to it instead of the 0.3.21 they
   * were built for: logistic regressions fitted after a network (Spark 4's evaluator tests, after
   * the job tests) came out wrong and different on every run. With netlib on the bundled library
   * there is one OpenBLAS, which carries LAPACK too. Where MLlib loaded the system's OpenBLAS
   * first, libtorch's own products go to that one (the engine's log line names it), which is
   * consistent.
   */
  static void shareWithNetlib() {
    String bundled = Loader.getLoadedLibraries().get(BUNDLED);
    if (bundled == null || otherOpenBlasMapped(bundled)) {
      return;
    }
    for (String kind : new String[] {"blas", "lapack"}) {
      String prefix = "dev.ludovic.netlib." + kind + ".";
      if (System.getProperty(prefix + "nativeLib") == null
          && System.getProperty(prefix + "nativeLibPath") == null) {
        System.setProperty(prefix + "nativeLibPath", bundled);
      }
    }
  }

  /** Whether the process maps an OpenBLAS from elsewhere than the bundled one's directory. */
  private static boolean otherOpenBlasMapped(String bundled) {
    try {
      Path directory = Path.of(bundled).toRealPath().getParent();
      return Files.readAllLines(Path.of("/proc/self/maps")).stream()
          .map(line -> line.substring(line.lastIndexOf(' ') + 1))
          .filter(file -> file.contains("libopenblas"))
          .anyMatch(file -> !Path.of(file).getParent().equals(directory));
    } catch (IOException | RuntimeException e) { // not Linux: nothing shares this way
      return false;
    }
  }

  /** {@code openblas_get_config()}, e.g. "OpenBLAS 0.3.31 DYNAMIC_ARCH ... Cooperlake". */
  static String describe() {
    Function config = function("openblas_get_config");
    return config == null ? "unknown" : config.invokeString(new Object[0], false).trim();
  }
}
