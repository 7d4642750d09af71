package io.sparkda.internal.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
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
   * Most window values one forward pass gathers at once (16 MB of floats); larger batches go
   * through in row chunks. Column blocks above 32 MB come from mmap on every call (NativeHeap's
   * threshold) and cost page faults: with 64 MB, scoring LeNet ran at a third of the speed.
   */
  static final long MAX_COLUMN_VALUES = 4L << 20;

  /**
   * The convolution as PyTorch's {@code slow_conv2d} computes it: every output position's window
   * gathered into a row (im2col), then one matrix product with the weights for the whole batch. Not
   * libtorch's own {@code conv2d}: on AVX2 and AVX-512 its oneDNN backward pass gives wrong input
   * gradients in the libtorch that DJL 0.36 ships (docs/djl-bug/conv-backward.md).
   *
   * <p>Rows are held channels-last and padded; each window offset {@code (u, v)} is one strided
   * slice of them, and the slices are stacked into the columns. Copies run over whole channel
   * vectors, and the backward pass adds each slice's gradient back in place.
   */
  @Override
  public UnaryOperator<NDArray> bind(RowShape input, List<NDArray> parameters) {
    int channels = input.dim(0);
    RowShape out = outputShape(input);
    int positions = out.dim(1) * out.dim(2);
    long windowValues = (long) channels * kernel * kernel;
    // [filters, channels, k, k] -> rows of (window offset, channel), matching the columns.
    NDArray weight =
        parameters
            .get(0)
            .reshape(filters, channels, kernel * kernel)
            .transpose(0, 2, 1)
            .reshape(filters, windowValues)
            .transpose();
    NDArray bias = parameters.get(1);
    // torch's pad order: last axis first (channels: none, then width, then height).
    Shape pads = new Shape(0, 0, padding, padding, padding, padding);
    List<NDIndex> offsets = new ArrayList<>();
    for (int u = 0; u < kernel; u++) {
      for (int v = 0; v < kernel; v++) {
        offsets.add(
            new NDIndex()
                .addAllDim()
                .addSliceDim(u, u + (long) (out.dim(1) - 1) * stride + 1, stride)
                .addSliceDim(v, v + (long) (out.dim(2) - 1) * stride + 1, stride));
      }
    }
    long chunkRows = Math.max(1, MAX_COLUMN_VALUES / (positions * windowValues));
    UnaryOperator<NDArray> chunk =
        x -> {
          long rows = x.getShape().get(0);
          NDArray image = x.transpose(0, 2, 3, 1);
          if (padding > 0) {
            image = image.pad(pads, 0);
          }
          NDList windows = new NDList(offsets.size());
          for (NDIndex offset : offsets) {
            windows.add(image.get(offset));
          }
          return NDArrays.stack(windows, 3)
              .reshape(rows * positions, windowValues)
              .matMul(weight)
              .add(bias)
              .reshape(rows, out.dim(1), out.dim(2), filters)
              .transpose(0, 3, 1, 2);
        };
    return x -> {
      long rows = x.getShape().get(0);
      if (rows <= chunkRows) {
        return chunk.apply(x);
      }
      NDList parts = new NDList();
      for (long from = 0; from < rows; from += chunkRows) {
        long to = Math.min(rows, from + chunkRows);
        parts.add(chunk.apply(x.get(new NDIndex().addSliceDim(from, to))));
      }
      return NDArrays.concat(parts, 0);
    };
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
