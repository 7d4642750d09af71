package io.sparkda.internal.nn;

import java.util.List;
import java.util.function.UnaryOperator;
import org.bytedeco.pytorch.Tensor;

/** Rows of any shape to flat rows, in row-major order (PyTorch's {@code flatten(1)}). */
public final class FlattenLayer implements Layer {
  private static final long serialVersionUID = 1L;

  @Override
  public RowShape outputShape(RowShape input) {
    return RowShape.of(input.size());
  }

  @Override
  public UnaryOperator<Tensor> bind(RowShape input, List<Tensor> weights, boolean training) {
    long size = input.size();
    return x -> x.reshape(-1, size);
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
