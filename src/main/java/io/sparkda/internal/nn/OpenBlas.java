package io.sparkda.internal.nn;

import com.sun.jna.Function;
import com.sun.jna.NativeLibrary;
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
  private static final Function CONFIG = function("openblas_get_config");

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
   * OpenBLAS threads for products the calling thread starts; false if it cannot be set. {@code
   * openblas_set_num_threads_local} (0.3.27 and later) is per thread only in an OpenMP build; the
   * bundled pthreads build, like an older OpenBLAS, keeps one count for the process, which is what
   * every task of an executor asks for anyway (its threadsPerTask).
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
        ? "openblas_set_num_threads_local"
        : PROCESS_WIDE != null ? "openblas_set_num_threads" : "not set (no OpenBLAS functions)";
  }

  /**
   * Points Spark MLlib's native BLAS and LAPACK (netlib, {@code dev.ludovic.netlib}) at the
   * OpenBLAS file libtorch calls, unless the user chose one or libtorch calls an OpenBLAS that was
   * in the process before it (MLlib's, loaded first: then netlib is on it already). Two OpenBLAS
   * copies in one process are not safe, and JavaCPP's presets map the bundled one twice, as {@code
   * libopenblas_nolapack.so.0} and {@code libopenblas.so.0} (same content, two files, so the
   * dynamic loader keeps both); libtorch binds to the first. Netlib on the system's wrappers
   * ({@code libblas.so.3}) resolved OpenBLAS internals of the wrong build (ddot off by 204, wrong
   * logistic regressions), and netlib on the second copy gave its work buffers back to the first
   * ("Bad memory unallocation"), so after 128 products the next one crashed the JVM (Spark 4).
   */
  static void shareWithNetlib() {
    String file = libraryFile();
    if (file == null || !Loader.getLoadedLibraries().containsValue(file)) {
      return;
    }
    for (String kind : new String[] {"blas", "lapack"}) {
      String prefix = "dev.ludovic.netlib." + kind + ".";
      if (System.getProperty(prefix + "nativeLib") == null
          && System.getProperty(prefix + "nativeLibPath") == null) {
        System.setProperty(prefix + "nativeLibPath", file);
      }
    }
  }

  /** The mapped file of the OpenBLAS libtorch calls, or null where that cannot be told. */
  static String libraryFile() {
    LibC.Functions libc = LibC.get();
    if (CONFIG == null || libc == null) {
      return null;
    }
    try {
      LibC.DlInfo info = new LibC.DlInfo();
      return libc.dladdr(CONFIG, info) == 0 ? null : info.dli_fname;
    } catch (UnsatisfiedLinkError e) { // glibc before 2.34 keeps dladdr in libdl
      return null;
    }
  }

  /** {@code openblas_get_config()}, e.g. "OpenBLAS 0.3.31 DYNAMIC_ARCH ... Cooperlake". */
  static String describe() {
    return CONFIG == null ? "unknown" : CONFIG.invokeString(new Object[0], false).trim();
  }
}
