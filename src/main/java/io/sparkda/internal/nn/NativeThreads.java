package io.sparkda.internal.nn;

import static org.bytedeco.pytorch.global.torch.get_num_threads;
import static org.bytedeco.pytorch.global.torch.set_num_threads;

/**
 * The calling thread's native threads: libtorch's intra-op threads (OpenMP, a per-thread setting)
 * and OpenBLAS's threads for the matrix products this thread starts (OpenBLAS keeps its own pool,
 * which libtorch's setting does not reach: one "single-threaded" step kept both cores busy). A new
 * thread (each Spark task runs on one) starts with all cores, so two tasks in one executor would
 * oversubscribe the machine: every task sets its own count first.
 */
public final class NativeThreads {
  static {
    TorchRuntime.load();
  }

  private NativeThreads() {}

  public static void useOnCurrentThread(int threads) {
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be >= 1, got " + threads);
    }
    if (get_num_threads() != threads) {
      set_num_threads(threads);
    }
    OpenBlas.useThreadsOnCurrentThread(threads);
  }

  public static int currentThreadCount() {
    return get_num_threads();
  }
}
