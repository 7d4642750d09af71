package io.sparkda.internal.nn;

import static org.bytedeco.pytorch.global.torch.avg_pool2d;
import static org.bytedeco.pytorch.global.torch.max_pool2d;

import java.util.List;
import java.util.function.UnaryOperator;
import org.bytedeco.pytorch.LongOptional;
import org.bytedeco.pytorch.Tensor;

/**
 * Max or average pooling over square windows of rows {@code [channels, height, width]}; no
 * parameters, no padding, windows that do not fit at the edge are dropped (PyTorch's default).
 */
public final class PoolLayer implements Layer {
  private static final long serialVersionUID = 1L;

  /** How a window becomes one value. */
  public enum Kind {
    MAX("maxpool"),
    AVERAGE("avgpool");

    private final String specName;

    Kind(String specName) {
      this.specName = specName;
    }

    public String specName() {
      return specName;
    }
  }

  private final Kind kind;
  private final int window;
  private final int stride;

  /** Windows of {@code window x window} every {@code stride} values. */
  public PoolLayer(Kind kind, int window, int stride) {
    if (window < 1 || stride < 1) {
      throw new IllegalArgumentException(
          kind.specName + " needs window and stride >= 1, got " + window + ", " + stride);
    }
    this.kind = kind;
    this.window = window;
    this.stride = stride;
  }

  @Override
  public RowShape outputShape(RowShape input) {
    SpatialShapes.checkImage(this, input);
    return RowShape.of(
        input.dim(0),
        SpatialShapes.slide(this, input, input.dim(1), window, stride, 0),
        SpatialShapes.slide(this, input, input.dim(2), window, stride, 0));
  }

  @Override
  public UnaryOperator<Tensor> bind(RowShape input, List<Tensor> weights, boolean training) {
    long[] windows = {window, window};
    long[] strides = {stride, stride};
    long[] pads = {0, 0};
    long[] dilation = {1, 1};
    // Not ceil mode; average pooling counts padding (there is none), divides by the window.
    return kind == Kind.MAX
        ? x -> max_pool2d(x, windows, strides, pads, dilation, false)
        : x -> avg_pool2d(x, windows, strides, pads, false, true, new LongOptional());
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof PoolLayer)) {
      return false;
    }
    PoolLayer other = (PoolLayer) o;
    return kind == other.kind && window == other.window && stride == other.stride;
  }

  @Override
  public int hashCode() {
    return (kind.hashCode() * 31 + window) * 31 + stride;
  }

  /** The spec's syntax: {@code maxpool(2)}, or {@code maxpool(3,2)} when the stride differs. */
  @Override
  public String toString() {
    return kind.specName + "(" + window + (stride == window ? "" : "," + stride) + ")";
  }
}
