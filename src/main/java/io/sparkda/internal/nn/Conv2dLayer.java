package io.sparkda.internal.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import java.util.List;
import java.util.Random;
import java.util.function.UnaryOperator;

/**
 * A 2-D convolution over rows of shape {@code [channels, height, width]}: {@code filters x channels
 * x kernel x kernel} weights (PyTorch's {@code Conv2d} layout) then {@code filters} biases in the
 * flat vector. Square kernel, same stride and zero padding on both axes. Initialised as PyTorch's
 * {@code Conv2d}, every parameter from {@code U(-1/sqrt(fanIn), 1/sqrt(fanIn))} with {@code fanIn =
 * channels x kernel x kernel}.
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
  public int[] parameterSizes(RowShape input) {
    SpatialShapes.checkImage(this, input);
    return new int[] {Math.multiplyExact(filters, fanIn(input)), filters};
  }

  private int fanIn(RowShape input) {
    return Math.multiplyExact(input.dim(0), kernel * kernel);
  }

  @Override
  public void initialize(RowShape input, float[] params, int offset, Random random) {
    FanInUniform.fill(params, offset, (fanIn(input) + 1) * filters, fanIn(input), random);
  }

  /**
   * Most window values one call of the kernel gathers (16 MB of floats: its im2col buffer holds
   * every output position's window); larger batches go through in row chunks. Buffers above 32 MB
   * come from mmap on every call (NativeHeap's threshold) and cost page faults: with 64 MB, scoring
   * LeNet ran at a third of the speed.
   */
  static final long MAX_COLUMN_VALUES = 4L << 20;

  /** Runs on {@link SlowConv2d}, libtorch's im2col convolution, loaded for the network's life. */
  @Override
  public NativeModule open(RowShape input, NDManager manager, boolean training) {
    SlowConv2d conv = new SlowConv2d(manager, kernel, stride, padding, training);
    RowShape out = outputShape(input);
    long chunkRows =
        Math.max(1, MAX_COLUMN_VALUES / ((long) out.dim(1) * out.dim(2) * fanIn(input)));
    return new NativeModule() {
      @Override
      public boolean copiesWeights() {
        return false;
      }

      @Override
      public UnaryOperator<NDArray> bind(List<NDArray> weights) {
        NDArray filterBank = weights.get(0).reshape(filters, input.dim(0), kernel, kernel);
        NDArray bias = weights.get(1);
        return x -> inChunks(x, chunkRows, chunk -> conv.apply(chunk, filterBank, bias));
      }
    };
  }

  /** Applies {@code conv} to chunks of at most {@code chunkRows} rows. */
  private static NDArray inChunks(NDArray x, long chunkRows, UnaryOperator<NDArray> conv) {
    long rows = x.getShape().get(0);
    if (rows <= chunkRows) {
      return conv.apply(x);
    }
    NDList parts = new NDList();
    for (long from = 0; from < rows; from += chunkRows) {
      parts.add(
          conv.apply(x.get(new NDIndex().addSliceDim(from, Math.min(rows, from + chunkRows)))));
    }
    return NDArrays.concat(parts, 0);
  }

  @Override
  public UnaryOperator<NDArray> bind(RowShape input, List<NDArray> parameters) {
    throw new IllegalStateException(this + " runs through its NativeModule (open), not views");
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
