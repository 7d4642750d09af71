package io.sparkda.internal.nn;

import ai.djl.ndarray.NDArray;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * A layer's native state for one {@link Network}'s life: a loaded TorchScript module, whose
 * parameters are its own tensors, not views of the flat weights. The network keeps the flat vector
 * as the truth: every step copies the layer's slice into the module ({@link #bind}), and after
 * backward writes the module's gradients back into that slice of the flat gradient ({@link
 * #gradient}), so averaging and the optimizer see one vector as for any other layer.
 */
public interface NativeModule {
  /**
   * Copies the layer's weights (views of the flat vector, in {@link Layer#parameterSizes} order)
   * into the module and returns its forward pass; call it in every step before the forward pass.
   */
  UnaryOperator<NDArray> bind(List<NDArray> weights);

  /** The module's parameter gradients, flat, in {@link Layer#parameterSizes} order. */
  NDArray gradient();

  /** Clears the module's parameter gradients before a step. */
  void zeroGradients();
}
