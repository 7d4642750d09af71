package io.sparkda.internal.nn;

import java.io.Serializable;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.UnaryOperator;
import org.bytedeco.pytorch.Tensor;

/**
 * One layer of a network: a serializable spec, with no native state, whose weights are slices of
 * the network's flat parameter vector. A layer says which parameter tensors it has (their shapes,
 * whose sizes give the layout), writes their initial values, and binds its forward pass to its
 * weights. Its input shape comes from the layer before it, so a spec holds only what the user chose
 * (a dense layer's width, a conv layer's kernel).
 *
 * <p>A new layer type is one class implementing this and its gradient test against finite
 * differences; {@link NetworkArchitecture} says which layers a network has.
 */
public interface Layer extends Serializable {
  /**
   * The shape of a row after this layer, given the shape before it; throws if it cannot take it.
   */
  RowShape outputShape(RowShape input);

  /**
   * This layer's parameter tensors' shapes, in layout order; none for layers without parameters
   * (pooling, ReLU, flatten), which keep this default.
   */
  default long[][] parameterShapes(RowShape input) {
    return new long[0][];
  }

  /** Lengths of this layer's parameter tensors in the flat vector, in layout order. */
  default int[] parameterSizes(RowShape input) {
    return Arrays.stream(parameterShapes(input))
        .mapToInt(shape -> Math.toIntExact(Arrays.stream(shape).reduce(1L, Math::multiplyExact)))
        .toArray();
  }

  /** Writes this layer's initial parameters into {@code params}, starting at {@code offset}. */
  default void initialize(RowShape input, float[] params, int offset, Random random) {}

  /**
   * The forward pass over batches {@code [rows, ...input]}, bound to this layer's weights: one
   * tensor per {@link #parameterShapes} entry, in that shape, sharing memory with the network's
   * flat weights (leaves that accumulate into the network's flat gradient when it trains). Called
   * once per network; native state the layer needs (a loaded module) is made here, in the scope
   * that holds the network.
   *
   * @param training whether the network trains (a module's train mode) or only predicts
   */
  UnaryOperator<Tensor> bind(RowShape input, List<Tensor> weights, boolean training);
}
