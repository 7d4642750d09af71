package io.sparkda.internal.nn;

import ai.djl.ndarray.NDArray;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * A layer's native state for one {@link Network}'s life: a loaded TorchScript module. The network
 * keeps the flat vector as the truth. A module either takes the layer's views of it as inputs (the
 * conv kernel), so autograd brings their gradients to the flat vector, or holds its own copies (a
 * TorchScript extractor's parameters): then every step copies the layer's slice into the module
 * ({@link #bind}), and after backward the network writes the module's gradients back into that
 * slice of the flat gradient ({@link #gradient}), so averaging and the optimizer see one vector as
 * for any other layer.
 */
public interface NativeModule {
  /**
   * The forward pass on the layer's weights (views of the flat vector, in {@link
   * Layer#parameterSizes} order), copying them into the module first where it {@link
   * #copiesWeights}; call it in every step before the forward pass.
   */
  UnaryOperator<NDArray> bind(List<NDArray> weights);

  /**
   * Whether the module runs on its own copies of the weights, whose gradients need copying back.
   */
  boolean copiesWeights();

  /** The gradients of a module that copies weights, flat, in {@link Layer#parameterSizes} order. */
  default NDArray gradient() {
    throw new IllegalStateException("a module on the flat weights' views has no own gradients");
  }

  /** Clears the gradients of a module that copies weights, before a step. */
  default void zeroGradients() {}
}
