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

  /** {@code openblas_get_config()}, e.g. "OpenBLAS 0.3.31 DYNAMIC_ARCH ... Cooperlake". */
  static String describe() {
    Function config = function("openblas_get_config");
    return config == null ? "unknown" : config.invokeString(new Object[0], false).trim();
  }
}
