package io.sparkda.internal.nn;

import ai.djl.engine.Engine;

/**
 * Loads the PyTorch engine, offline. JniUtils' native methods only exist once the engine has loaded
 * libtorch, and an executor may call them first (e.g. a task that only predicts), so every class
 * that calls JniUtils directly loads the engine through here first.
 */
public final class TorchRuntime {
  public static final String ENGINE = "PyTorch";

  private TorchRuntime() {}

  /**
   * Idempotent; returns the engine. Nothing is downloaded: ai.djl.offline defaults to true. Also
   * tunes malloc for tensor-sized temporaries ({@link NativeHeap}).
   */
  public static Engine load() {
    NativeHeap.keepFreedMemory();
    if (System.getProperty("ai.djl.offline") == null) {
      System.setProperty("ai.djl.offline", "true");
    }
    return Engine.getEngine(ENGINE);
  }
}
