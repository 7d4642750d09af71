package io.sparkda.internal.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.io.Serializable;
import java.util.List;
import java.util.Random;
import java.util.function.UnaryOperator;

/**
 * One layer of a network: a serializable spec, with no native state, whose weights are slices of
 * the network's flat parameter vector. A layer says how many parameter tensors it has and how long
 * each is (for the layout), writes their initial values, and binds its forward pass to views of the
 * flat weights. Its input shape comes from the layer before it, so a spec holds only what the user
 * chose (a dense layer's width, a conv layer's kernel).
 *
 * <p>A new layer type is one class implementing this and its gradient test against finite
 * differences; {@link NetworkArchitecture} says which layers a network has. Forward passes record
 * gradients: keep to tensor-tensor ops (no {@code Number} overloads).
 */
public interface Layer extends Serializable {
  /**
   * The shape of a row after this layer, given the shape before it; throws if it cannot take it.
   */
  RowShape outputShape(RowShape input);

  /**
   * Lengths of this layer's parameter tensors in the flat vector, in layout order; none for layers
   * without parameters (pooling, ReLU, flatten), which keep this default.
   */
  default int[] parameterSizes(RowShape input) {
    return new int[0];
  }

  /** Writes this layer's initial parameters into {@code params}, starting at {@code offset}. */
  default void initialize(RowShape input, float[] params, int offset, Random random) {}

  /**
   * Native state this layer keeps for one network's life, owned by {@code manager}: a loaded
   * TorchScript module (a user's extractor, or the conv kernel). Null (the default) for layers made
   * of DJL's tensor ops, which {@link #bind} directly to views of the flat weights.
   *
   * @param input the shape of the rows this layer takes
   * @param training whether the network trains (a module's train mode) or only predicts
   */
  default NativeModule open(RowShape input, NDManager manager, boolean training) {
    return null;
  }

  /**
   * The forward pass over a batch {@code [rows, ...input]}, bound to {@code parameters}: views of
   * the flat weights, one per entry of {@link #parameterSizes}, owned by the step that binds them.
   */
  UnaryOperator<NDArray> bind(RowShape input, List<NDArray> parameters);
}
