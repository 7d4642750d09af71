package io.sparkda.internal.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import java.util.function.UnaryOperator;

/** Rows of any shape to flat rows, in row-major order (PyTorch's {@code flatten(1)}). */
public final class FlattenLayer implements Layer {
  private static final long serialVersionUID = 1L;

  @Override
  public RowShape outputShape(RowShape input) {
    return RowShape.of(input.size());
  }

  @Override
  public UnaryOperator<NDArray> bind(RowShape input, List<NDArray> parameters) {
    Shape flat = new Shape(-1, input.size());
    return x -> x.reshape(flat);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof FlattenLayer;
  }

  @Override
  public int hashCode() {
    return 2;
  }

  @Override
  public String toString() {
    return "flatten";
  }
}
