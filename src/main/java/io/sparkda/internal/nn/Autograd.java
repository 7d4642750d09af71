package io.sparkda.internal.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;

/**
 * Autograd for one thread, through the PyTorch engine's JNI layer.
 *
 * <p>Why not DJL's {@code GradientCollector}: PtGradientCollector keeps one JVM-wide "collecting"
 * flag, so two Spark tasks training in one executor fail with "A PtGradientCollector is already
 * collecting", and its {@code zeroGradients()} walks every array of the JVM, including another
 * task's. libtorch's grad mode is thread-local, and each new thread starts with it on, so each task
 * can record on its own thread: open a scope with {@link #recording()}, build the graph, call
 * {@link #backward(NDArray)}, and read gradients from the arrays that asked for them.
 */
public final class Autograd implements AutoCloseable {
  static {
    TorchRuntime.load();
  }

  private final boolean previous;

  private Autograd(boolean enabled) {
    this.previous = JniUtils.isGradMode();
    JniUtils.setGradMode(enabled);
  }

  /** Grad mode on for the calling thread until the scope closes. */
  public static Autograd recording() {
    return new Autograd(true);
  }

  /** Grad mode off for the calling thread until the scope closes (inference: no graph built). */
  public static Autograd inference() {
    return new Autograd(false);
  }

  /** Whether the calling thread records operations for backward. */
  public static boolean isRecording() {
    return JniUtils.isGradMode();
  }

  /**
   * Back-propagates from a scalar, adding into the gradients of the arrays that have one attached.
   * The graph is freed afterwards.
   */
  public static void backward(NDArray scalarLoss) {
    if (scalarLoss.size() != 1) {
      throw new IllegalArgumentException(
          "backward needs a scalar, got shape " + scalarLoss.getShape());
    }
    try (NDArray seed = scalarLoss.onesLike()) {
      JniUtils.backward((PtNDArray) scalarLoss, (PtNDArray) seed, false, false);
    }
  }

  @Override
  public void close() {
    JniUtils.setGradMode(previous);
  }
}
