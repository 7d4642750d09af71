package io.sparkda.internal.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
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
    float bound = (float) (1.0 / Math.sqrt(fanIn(input)));
    int end = offset + (fanIn(input) + 1) * filters;
    for (int i = offset; i < end; i++) {
      params[i] = (random.nextFloat() * 2f - 1f) * bound;
    }
  }

  /**
   * The convolution as PyTorch's {@code slow_conv2d} computes it: each output position's window
   * gathered into a column (im2col), then one batched product with the weights. Not libtorch's own
   * {@code conv2d}: on AVX2 and AVX-512 its oneDNN backward pass gives wrong input gradients in the
   * libtorch that DJL 0.36 ships (docs/djl-bug/conv-backward.md), while a gather's backward is a
   * plain scatter-add.
   */
  @Override
  public UnaryOperator<NDArray> bind(RowShape input, List<NDArray> parameters) {
    int channels = input.dim(0);
    int height = input.dim(1);
    int width = input.dim(2);
    RowShape out = outputShape(input);
    int positions = out.dim(1) * out.dim(2);
    int windowSize = kernel * kernel;
    NDArray weight = parameters.get(0).reshape(filters, (long) channels * windowSize);
    NDArray bias = parameters.get(1).reshape(filters, 1);
    NDArray windows =
        NativeCopies.longs(
            weight.getManager(),
            windowIndices(height, width, out.dim(1), out.dim(2)),
            0,
            new Shape(1, 1, (long) windowSize * positions));
    Shape image = new Shape(-1, channels, (long) height * width);
    Shape outputShape = new Shape(-1, filters, out.dim(1), out.dim(2));
    return x -> {
      long rows = x.getShape().get(0);
      NDArray flat = x.reshape(image);
      if (padding > 0) {
        // One zero value per row and channel, which the windows' padded positions index.
        flat = flat.concat(x.getManager().zeros(new Shape(rows, channels, 1), x.getDataType()), 2);
      }
      NDArray columns =
          flat.gather(
                  windows.broadcast(new Shape(rows, channels, (long) windowSize * positions)), 2)
              .reshape(rows, (long) channels * windowSize, positions);
      return weight.matMul(columns).add(bias).reshape(outputShape);
    };
  }

  /**
   * For window offset {@code (u, v)} and output position {@code (i, j)}, in that order, the index
   * of the input value it reads in a row of {@code height x width} values, or {@code height x
   * width} (the appended zero) where it reads padding.
   */
  private long[] windowIndices(int height, int width, int outHeight, int outWidth) {
    long[] indices = new long[kernel * kernel * outHeight * outWidth];
    int at = 0;
    for (int u = 0; u < kernel; u++) {
      for (int v = 0; v < kernel; v++) {
        for (int i = 0; i < outHeight; i++) {
          for (int j = 0; j < outWidth; j++) {
            int row = i * stride - padding + u;
            int col = j * stride - padding + v;
            boolean inside = row >= 0 && row < height && col >= 0 && col < width;
            indices[at++] = inside ? (long) row * width + col : (long) height * width;
          }
        }
      }
    }
    return indices;
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
