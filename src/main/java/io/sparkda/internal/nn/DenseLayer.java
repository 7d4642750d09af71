package io.sparkda.internal.nn;

import static org.bytedeco.pytorch.global.torch.addmm;
import static org.bytedeco.pytorch.global.torch.mm;

import java.util.List;
import java.util.Random;
import java.util.function.UnaryOperator;
import org.bytedeco.pytorch.Tensor;

/**
 * A fully connected layer, {@code x W + b}: an {@code in x units} weight matrix (row-major) then
 * {@code units} biases in the flat vector. Initialised as PyTorch's {@code Linear}, every parameter
 * from {@code U(-1/sqrt(in), 1/sqrt(in))}. Dense rows go through libtorch's fused {@code addmm};
 * sparse rows (a CSR shard's batches) through its sparse x dense product.
 */
public final class DenseLayer implements Layer {
  private static final long serialVersionUID = 1L;

  private final int units;

  public DenseLayer(int units) {
    if (units < 1) {
      throw new IllegalArgumentException("a dense layer needs >= 1 units, got " + units);
    }
    this.units = units;
  }

  public int units() {
    return units;
  }

  @Override
  public RowShape outputShape(RowShape input) {
    checkFlat(input);
    return RowShape.of(units);
  }

  @Override
  public long[][] parameterShapes(RowShape input) {
    checkFlat(input);
    return new long[][] {{input.dim(0), units}, {units}};
  }

  @Override
  public void initialize(RowShape input, float[] params, int offset, Random random) {
    FanInUniform.fill(params, offset, (input.dim(0) + 1) * units, input.dim(0), random);
  }

  @Override
  public UnaryOperator<Tensor> bind(RowShape input, List<Tensor> weights, boolean training) {
    Tensor weight = weights.get(0);
    Tensor bias = weights.get(1);
    return x -> x.is_sparse() ? mm(x, weight).add(bias) : addmm(bias, x, weight);
  }

  private void checkFlat(RowShape input) {
    if (input.rank() != 1) {
      throw new IllegalArgumentException(
          this + " takes flat rows, got rows of shape " + input + ": flatten them first");
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof DenseLayer && ((DenseLayer) o).units == units;
  }

  @Override
  public int hashCode() {
    return units;
  }

  @Override
  public String toString() {
    return "dense(" + units + ")";
  }
}
