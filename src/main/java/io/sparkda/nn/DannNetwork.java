package io.sparkda.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import java.util.ArrayList;
import java.util.List;

/**
 * A DANN network bound to one set of weights, as native arrays owned by the given manager.
 * Close the manager to free them. Build it with {@link #forTraining} to get gradients, or
 * {@link #forInference} for the feature extractor and label head only.
 */
public final class DannNetwork {
  private final NetworkArchitecture architecture;
  private final List<Dense> featureLayers = new ArrayList<>();
  private final Dense labelLayer;
  private final List<Dense> domainLayers = new ArrayList<>();
  private final List<Dense> all = new ArrayList<>();

  private DannNetwork(
      NDManager manager, NetworkArchitecture architecture, float[] params, boolean trainable) {
    this.architecture = architecture;
    int needed = trainable ? architecture.numParameters() : architecture.numInferenceParameters();
    if (params.length < needed) {
      throw new IllegalArgumentException(
          "parameter vector has " + params.length + " floats, " + architecture + " needs " + needed);
    }
    for (DenseLayerShape shape : architecture.featureLayers()) {
      featureLayers.add(new Dense(manager, shape, params, trainable));
    }
    labelLayer = new Dense(manager, architecture.labelLayer(), params, trainable);
    all.addAll(featureLayers);
    all.add(labelLayer);
    if (trainable) {
      for (DenseLayerShape shape : architecture.domainLayers()) {
        domainLayers.add(new Dense(manager, shape, params, true));
      }
      all.addAll(domainLayers);
    }
  }

  /** All weights, with gradients attached. */
  public static DannNetwork forTraining(
      NDManager manager, NetworkArchitecture architecture, float[] params) {
    return new DannNetwork(manager, architecture, params, true);
  }

  /** Feature extractor and label head only (the domain head is not needed to predict). */
  public static DannNetwork forInference(
      NDManager manager, NetworkArchitecture architecture, float[] params) {
    return new DannNetwork(manager, architecture, params, false);
  }

  public NetworkArchitecture architecture() {
    return architecture;
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
    if (domainLayers.isEmpty()) {
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

  /** The gradients after a backward pass, in the flat layout of the parameter vector. */
  public float[] gradients() {
    float[] flat = new float[architecture.numParameters()];
    for (Dense layer : all) {
      layer.copyGradients(flat);
    }
    return flat;
  }

  /** The weight tensors with their offsets in the flat layout, in that layout's order. */
  List<Parameter> parameters() {
    List<Parameter> parameters = new ArrayList<>();
    for (Dense layer : all) {
      parameters.add(new Parameter(layer.weight, layer.shape.weightOffset()));
      parameters.add(new Parameter(layer.bias, layer.shape.biasOffset()));
    }
    return parameters;
  }

  /** One weight tensor and where it sits in the flat parameter vector. */
  static final class Parameter {
    final NDArray value;
    final int offset;

    Parameter(NDArray value, int offset) {
      this.value = value;
      this.offset = offset;
    }

    int size() {
      return (int) value.size();
    }
  }

  /** One dense layer: {@code x W + b}. */
  private static final class Dense {
    private final DenseLayerShape shape;
    private final NDArray weight;
    private final NDArray bias;

    Dense(NDManager manager, DenseLayerShape shape, float[] params, boolean trainable) {
      this.shape = shape;
      this.weight = NativeCopies.floats(manager, params, shape.weightOffset(),
          new Shape(shape.in(), shape.out()));
      this.bias = NativeCopies.floats(manager, params, shape.biasOffset(),
          new Shape(shape.out()));
      if (trainable) {
        weight.setRequiresGradient(true);
        bias.setRequiresGradient(true);
      }
    }

    NDArray apply(NDArray x) {
      return x.matMul(weight).add(bias);
    }

    void copyGradients(float[] flat) {
      // getGradient() returns a new native array each call: close it at once.
      try (NDArray w = weight.getGradient(); NDArray b = bias.getGradient()) {
        float[] wg = w.toFloatArray();
        float[] bg = b.toFloatArray();
        System.arraycopy(wg, 0, flat, shape.weightOffset(), wg.length);
        System.arraycopy(bg, 0, flat, shape.biasOffset(), bg.length);
      }
    }
  }
}
