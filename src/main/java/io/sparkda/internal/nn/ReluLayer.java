package io.sparkda.internal.nn;

import java.util.List;
import java.util.function.UnaryOperator;
import org.bytedeco.pytorch.Tensor;

/** {@code max(x, 0)} element-wise; no parameters, any shape. */
public final class ReluLayer implements Layer {
  private static final long serialVersionUID = 1L;

  @Override
  public RowShape outputShape(RowShape input) {
    return input;
  }

  @Override
  public UnaryOperator<Tensor> bind(RowShape input, List<Tensor> weights, boolean training) {
    return Tensor::relu;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ReluLayer;
  }

  @Override
  public int hashCode() {
    return 1;
  }

  @Override
  public String toString() {
    return "relu";
  }
}
