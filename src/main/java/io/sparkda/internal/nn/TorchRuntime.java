package io.sparkda.internal.nn;

import static org.bytedeco.pytorch.global.torch.globalContext;

import org.bytedeco.javacpp.Loader;
import org.bytedeco.pytorch.global.torch;

/**
 * Loads libtorch (its C++ API through JavaCPP's presets) once per JVM and sets it up. Every class
 * that calls libtorch loads it through here first, since an executor may call any of them first (a
 * task that only predicts, or only sets its thread count).
 *
 * <p>What it sets, and why:
 *
 * <ul>
 *   <li>glibc's malloc keeps freed tensor-sized blocks ({@link NativeHeap});
 *   <li>JavaCPP's {@code maxPhysicalBytes} = 0 unless set: otherwise it reads {@code
 *       /proc/self/statm} on every new native object, half the cost of a small op (7.2 against 3.6
 *       µs per op measured here). Native memory is bounded by the scopes instead ({@link Scopes});
 *   <li>oneDNN's instruction set cap, from {@code spark.da.onednnMaxIsa}, before oneDNN first runs
 *       ({@link ConvolutionPath});
 *   <li>Spark MLlib's native BLAS and LAPACK on the same OpenBLAS as libtorch ({@link
 *       OpenBlas#shareWithNetlib}): two OpenBLAS builds in one process gave wrong results;
 *   <li>NNPACK off: on CPUs it does not support it prints a warning on every convolution, and
 *       spark-da does not use it;
 *   <li>the convolution path, chosen by a self-check on this CPU ({@link ConvolutionPath}).
 * </ul>
 */
public final class TorchRuntime {
  static final String MAX_PHYSICAL_BYTES = "org.bytedeco.javacpp.maxPhysicalBytes";
  private static volatile boolean ready;

  /** Set while this thread loads: the self-check's own calls to {@link #load} return at once. */
  private static boolean loading;

  private TorchRuntime() {}

  /** Idempotent and thread-safe. Nothing is downloaded: the libraries come from the jars. */
  public static void load() {
    if (ready) {
      return;
    }
    synchronized (TorchRuntime.class) {
      if (ready || loading) {
        return;
      }
      loading = true;
      try {
        NativeHeap.keepFreedMemory();
        if (System.getProperty(MAX_PHYSICAL_BYTES) == null) {
          System.setProperty(MAX_PHYSICAL_BYTES, "0");
        }
        ConvolutionPath.capOneDnnIsa();
        Loader.load(torch.class);
        OpenBlas.shareWithNetlib();
        globalContext().setUserEnabledNNPACK(false);
        ConvolutionPath.select();
        ready = true;
      } finally {
        loading = false; // a failed load fails again, the same way, on the next call
      }
    }
  }
}
