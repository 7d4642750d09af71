package io.sparkda.internal.nn;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import java.util.function.UnaryOperator;
import org.bytedeco.pytorch.Tensor;

/**
 * Layers applied in order to rows of one shape, with their place in the flat parameter vector: they
 * start at {@link #offset()} and lie back to back, each layer's tensors in its own order. Shapes
 * are checked when the stack is built, so a layer that cannot take its input fails then, with the
 * layer's name, not in an executor's first step.
 */
public final class LayerStack implements Serializable {
  private static final long serialVersionUID = 1L;

  private final List<Layer> layers;
  private final List<RowShape> inputs = new ArrayList<>();
  private final RowShape output;
  private final int offset;

  /** Layer {@code i}'s parameters lie in {@code [starts[i], starts[i + 1])} of the flat vector. */
  private final int[] starts;

  public LayerStack(RowShape input, List<Layer> layers, int offset) {
    if (layers.isEmpty()) {
      throw new IllegalArgumentException("a layer stack needs at least one layer");
    }
    this.layers = List.copyOf(layers);
    this.offset = offset;
    this.starts = new int[layers.size() + 1];
    starts[0] = offset;
    RowShape shape = input;
    for (int i = 0; i < this.layers.size(); i++) {
      Layer layer = this.layers.get(i);
      inputs.add(shape);
      starts[i + 1] = starts[i];
      for (int size : layer.parameterSizes(shape)) {
        starts[i + 1] = Math.addExact(starts[i + 1], size);
      }
      shape = layer.outputShape(shape);
    }
    this.output = shape;
  }

  public List<Layer> layers() {
    return layers;
  }

  public RowShape input() {
    return inputs.get(0);
  }

  public RowShape output() {
    return output;
  }

  /** Where this stack's parameters start in the flat vector. */
  public int offset() {
    return offset;
  }

  public int numParameters() {
    return end() - offset;
  }

  /** First index after this stack's parameters. */
  public int end() {
    return starts[layers.size()];
  }

  /** Shapes of every parameter tensor of every layer, in layout order. */
  List<long[]> parameterShapes() {
    List<long[]> shapes = new ArrayList<>();
    for (int i = 0; i < layers.size(); i++) {
      shapes.addAll(List.of(layers.get(i).parameterShapes(inputs.get(i))));
    }
    return shapes;
  }

  /** Writes every layer's initial parameters, in layout order, from one random stream. */
  void initialize(float[] params, Random random) {
    for (int i = 0; i < layers.size(); i++) {
      layers.get(i).initialize(inputs.get(i), params, starts[i], random);
    }
  }

  /**
   * The stack's forward pass, its layers taking their weights from {@code weights} in layout order
   * (one per {@link #parameterShapes} entry).
   */
  UnaryOperator<Tensor> bind(Iterator<Tensor> weights, boolean training) {
    List<UnaryOperator<Tensor>> bound = new ArrayList<>();
    for (int i = 0; i < layers.size(); i++) {
      RowShape input = inputs.get(i);
      List<Tensor> own = new ArrayList<>();
      for (int k = layers.get(i).parameterShapes(input).length; k > 0; k--) {
        own.add(weights.next());
      }
      bound.add(layers.get(i).bind(input, own, training));
    }
    return x -> {
      Tensor h = x;
      for (UnaryOperator<Tensor> layer : bound) {
        h = layer.apply(h);
      }
      return h;
    };
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof LayerStack)) {
      return false;
    }
    LayerStack other = (LayerStack) o;
    return offset == other.offset && input().equals(other.input()) && layers.equals(other.layers);
  }

  @Override
  public int hashCode() {
    return 31 * input().hashCode() + layers.hashCode();
  }

  @Override
  public String toString() {
    return input() + " -> " + layers;
  }
}
