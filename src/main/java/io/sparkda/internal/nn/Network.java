package io.sparkda.internal.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import java.util.ArrayList;
import java.util.List;

/**
 * The network (feature extractor, label head, domain head) bound to one set of weights. The weights are one flat tensor in the layout of
 * the parameter vector, owned by the given manager (close it to free them); layers see views of
 * it. In training the flat tensor is the only leaf that records a gradient, so a step's gradient
 * is one tensor in the same layout, which the optimizer updates in one call. Build it with {@link
 * #forTraining}, or {@link #forInference} for the feature extractor and label head only.
 */
public final class Network {
  private final NetworkArchitecture architecture;
  private final boolean trainable;
  private final NDArray parameters;
  /** Where the views start in the flat tensor: every layer's weight and bias but the first. */
  private final long[] boundaries;
  private final List<Dense> featureLayers = new ArrayList<>();
  private Dense labelLayer;
  private final List<Dense> domainLayers = new ArrayList<>();

  private Network(
      NDManager manager, NetworkArchitecture architecture, float[] params, boolean trainable) {
    this.architecture = architecture;
    this.trainable = trainable;
    int needed = trainable ? architecture.numParameters() : architecture.numInferenceParameters();
    if (params.length < needed) {
      throw new IllegalArgumentException(
          "parameter vector has " + params.length + " floats, " + architecture + " needs " + needed);
    }
    this.parameters = NativeCopies.floats(manager, params, 0, new Shape(needed));
    List<Long> starts = new ArrayList<>();
    for (DenseLayerShape shape : shapes()) {
      starts.add((long) shape.weightOffset());
      starts.add((long) shape.biasOffset());
    }
    this.boundaries = starts.stream().skip(1).mapToLong(Long::longValue).toArray();
    if (trainable) {
      parameters.setRequiresGradient(true);
    } else {
      bind(manager);
    }
  }

  /** All weights; the flat tensor records a gradient. Call {@link #bind} in every recorded step. */
  public static Network forTraining(
      NDManager manager, NetworkArchitecture architecture, float[] params) {
    return new Network(manager, architecture, params, true);
  }

  /** Feature extractor and label head only (the domain head is not needed to predict). */
  public static Network forInference(
      NDManager manager, NetworkArchitecture architecture, float[] params) {
    return new Network(manager, architecture, params, false);
  }

  public NetworkArchitecture architecture() {
    return architecture;
  }

  /**
   * Gives the layers their views of the flat weights, owned by {@code scope}. In training, call it
   * inside the recording of each step, before the forward pass: the views are then part of that
   * step's graph and their gradients reach the flat tensor (one split, whose backward is a single
   * concatenation).
   */
  void bind(NDManager scope) {
    NDList views = parameters.split(boundaries);
    views.attach(scope);
    featureLayers.clear();
    domainLayers.clear();
    int v = 0;
    for (DenseLayerShape shape : architecture.featureLayers()) {
      featureLayers.add(new Dense(shape, views.get(v++), views.get(v++)));
    }
    DenseLayerShape label = architecture.labelLayer();
    labelLayer = new Dense(label, views.get(v++), views.get(v++));
    if (trainable) {
      for (DenseLayerShape shape : architecture.domainLayers()) {
        domainLayers.add(new Dense(shape, views.get(v++), views.get(v++)));
      }
    }
  }

  /** The flat weights, in the layout of the parameter vector. */
  NDArray parameters() {
    return parameters;
  }

  /** Feature extractor: ReLU after every layer; the last layer's output is the embedding. */
  public NDArray embed(NDArray features) {
    NDArray h = features;
    for (Dense layer : featureLayers) {
      h = Activation.relu(layer.apply(h));
    }
    return h;
  }

  public NDArray labelLogits(NDArray embedding) {
    return labelLayer.apply(embedding);
  }

  /** Domain logits (column 0 source, 1 target), computed behind the gradient reversal layer. */
  public NDArray domainLogits(NDArray embedding, float lambda) {
    if (!trainable) {
      throw new IllegalStateException("network was built for inference: no domain head");
    }
    NDArray h = GradientReversal.apply(embedding, lambda);
    for (int i = 0; i < domainLayers.size(); i++) {
      h = domainLayers.get(i).apply(h);
      if (i < domainLayers.size() - 1) {
        h = Activation.relu(h);
      }
    }
    return h;
  }

  private List<DenseLayerShape> shapes() {
    List<DenseLayerShape> shapes = new ArrayList<>(architecture.featureLayers());
    shapes.add(architecture.labelLayer());
    if (trainable) {
      shapes.addAll(architecture.domainLayers());
    }
    return shapes;
  }

  /** One dense layer, {@code x W + b}, over views of the flat weights. */
  private static final class Dense {
    private final NDArray weight;
    private final NDArray bias;

    Dense(DenseLayerShape shape, NDArray weight, NDArray bias) {
      this.weight = weight.reshape(shape.in(), shape.out());
      this.bias = bias;
    }

    NDArray apply(NDArray x) {
      return x.matMul(weight).add(bias);
    }
  }
}
