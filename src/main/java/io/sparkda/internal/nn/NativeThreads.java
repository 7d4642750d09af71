package io.sparkda.internal.nn;

import ai.djl.pytorch.jni.JniUtils;

/**
 * libtorch's intra-op thread count for the calling thread. With OpenMP the setting is per thread
 * and a new thread (each Spark task runs on one) starts with all cores, so two tasks in one
 * executor would oversubscribe the machine: every task sets its own count first.
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
    if (JniUtils.getNumThreads() != threads) {
      JniUtils.setNumThreads(threads);
    }
  }

  public static int currentThreadCount() {
    return JniUtils.getNumThreads();
  }
}
