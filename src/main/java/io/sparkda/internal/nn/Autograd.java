package io.sparkda.internal.nn;

import org.bytedeco.pytorch.GradMode;
import org.bytedeco.pytorch.Tensor;

/**
 * libtorch's grad mode for the calling thread, as a scope. Grad mode is thread-local in libtorch
 * and each new thread starts with it on, so two Spark tasks in one executor record and
 * back-propagate independently: open a scope with {@link #recording()}, build the graph, call
 * {@link #backward(Tensor)}, and read the gradients of the tensors that asked for them.
 */
public final class Autograd implements AutoCloseable {
  static {
    TorchRuntime.load();
  }

  private final boolean previous;

  private Autograd(boolean enabled) {
    this.previous = GradMode.is_enabled();
    GradMode.set_enabled(enabled);
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
    return GradMode.is_enabled();
  }

  /**
   * Back-propagates from a scalar, adding into the gradients of the leaves that record one. The
   * graph is freed afterwards.
   */
  public static void backward(Tensor scalarLoss) {
    if (scalarLoss.numel() != 1) {
      throw new IllegalArgumentException(
          "backward needs a scalar, got " + scalarLoss.numel() + " values");
    }
    scalarLoss.backward();
  }

  @Override
  public void close() {
    GradMode.set_enabled(previous);
  }
}
