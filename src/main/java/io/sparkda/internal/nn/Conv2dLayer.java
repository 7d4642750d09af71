package io.sparkda.internal.nn;

import static org.bytedeco.pytorch.global.torch.cat;

import java.util.List;
import java.util.Random;
import java.util.function.UnaryOperator;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorVector;

/**
 * A 2-D convolution over rows of shape {@code [channels, height, width]}: {@code filters x channels
 * x kernel x kernel} weights (PyTorch's {@code Conv2d} layout) then {@code filters} biases in the
 * flat vector. Square kernel, same stride and zero padding on both axes. Initialised as PyTorch's
 * {@code Conv2d}, every parameter from {@code U(-1/sqrt(fanIn), 1/sqrt(fanIn))} with {@code fanIn =
 * channels x kernel x kernel}. Runs the convolution kernel that {@link ConvolutionPath} chose for
 * this CPU.
 */
public final class Conv2dLayer implements Layer {
  private static final long serialVersionUID = 1L;

  private final int filters;
  private final int kernel;
  private final int stride;
  private final int padding;

  public Conv2dLayer(int filters, int kernel, int stride, int padding) {
    if (filters < 1 || kernel < 1 || stride < 1 || padding < 0) {
      throw new IllegalArgumentException(
          "conv needs filters, kernel and stride >= 1 and padding >= 0, got "
              + describe(filters, kernel, stride, padding));
    }
    this.filters = filters;
    this.kernel = kernel;
    this.stride = stride;
    this.padding = padding;
  }

  @Override
  public RowShape outputShape(RowShape input) {
    SpatialShapes.checkImage(this, input);
    return RowShape.of(
        filters,
        SpatialShapes.slide(this, input, input.dim(1), kernel, stride, padding),
        SpatialShapes.slide(this, input, input.dim(2), kernel, stride, padding));
  }

  @Override
  public long[][] parameterShapes(RowShape input) {
    SpatialShapes.checkImage(this, input);
    return new long[][] {{filters, input.dim(0), kernel, kernel}, {filters}};
  }

  private int fanIn(RowShape input) {
    return Math.multiplyExact(input.dim(0), kernel * kernel);
  }

  @Override
  public void initialize(RowShape input, float[] params, int offset, Random random) {
    FanInUniform.fill(params, offset, (fanIn(input) + 1) * filters, fanIn(input), random);
  }

  /**
   * Most window values one call of the im2col kernel gathers (16 MB of floats: its buffer holds
   * every output position's window); larger batches go through in row chunks. Buffers above 32 MB
   * come from mmap on every call (NativeHeap's threshold) and cost page faults: with 64 MB, scoring
   * LeNet ran at a third of the speed.
   */
  static final long MAX_COLUMN_VALUES = 4L << 20;

  @Override
  public UnaryOperator<Tensor> bind(RowShape input, List<Tensor> weights, boolean training) {
    Tensor filterBank = weights.get(0);
    Tensor bias = weights.get(1);
    ConvolutionPath path = ConvolutionPath.current();
    RowShape out = outputShape(input);
    long chunkRows =
        path == ConvolutionPath.IM2COL
            ? Math.max(1, MAX_COLUMN_VALUES / ((long) out.dim(1) * out.dim(2) * fanIn(input)))
            : Long.MAX_VALUE;
    UnaryOperator<Tensor> conv = x -> path.apply(x, filterBank, bias, kernel, stride, padding);
    return x -> inChunks(x, chunkRows, conv);
  }

  /** Applies {@code conv} to chunks of at most {@code chunkRows} rows. */
  private static Tensor inChunks(Tensor x, long chunkRows, UnaryOperator<Tensor> conv) {
    long rows = x.size(0);
    if (rows <= chunkRows) {
      return conv.apply(x);
    }
    TensorVector parts = new TensorVector();
    for (long from = 0; from < rows; from += chunkRows) {
      parts.push_back(conv.apply(x.narrow(0, from, Math.min(rows, from + chunkRows) - from)));
    }
    return cat(parts, 0);
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof Conv2dLayer)) {
      return false;
    }
    Conv2dLayer other = (Conv2dLayer) o;
    return filters == other.filters
        && kernel == other.kernel
        && stride == other.stride
        && padding == other.padding;
  }

  @Override
  public int hashCode() {
    return ((filters * 31 + kernel) * 31 + stride) * 31 + padding;
  }

  /** The spec's own syntax, defaults left out: {@code conv(32,5)}, {@code conv(32,5,1,2)}. */
  @Override
  public String toString() {
    return describe(filters, kernel, stride, padding);
  }

  private static String describe(int filters, int kernel, int stride, int padding) {
    if (padding != 0) {
      return "conv(" + filters + "," + kernel + "," + stride + "," + padding + ")";
    }
    return stride != 1
        ? "conv(" + filters + "," + kernel + "," + stride + ")"
        : "conv(" + filters + "," + kernel + ")";
  }
}
