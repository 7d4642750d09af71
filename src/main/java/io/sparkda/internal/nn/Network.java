package io.sparkda.internal.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * The network (feature extractor, label head, domain head) bound to one set of weights. The weights
 * are one flat tensor in the layout of the parameter vector, owned by the given manager (close it
 * to free them); layers see views of it. In training the flat tensor is the leaf that records a
 * gradient (a TorchScript layer's module has its own, which {@link #gradient} writes into its
 * slice), so a step's gradient is one tensor in the same layout, which the optimizer updates in one
 * call. Build it with {@link #forTraining}, or {@link #forInference} for the feature extractor and
 * label head only.
 */
public final class Network {
  private final NetworkArchitecture architecture;
  private final boolean trainable;
  private final NDArray parameters;

  /** Where the views start in the flat tensor: every parameter tensor's but the first. */
  private final long[] boundaries;

  /** Layers whose forward pass is a native module of their own (TorchScript), opened once. */
  private final List<LayerStack.OpenModule> modules = new ArrayList<>();

  private UnaryOperator<NDArray> featureExtractor;
  private UnaryOperator<NDArray> labelHead;
  private UnaryOperator<NDArray> domainHead;

  private Network(
      NDManager manager, NetworkArchitecture architecture, float[] params, boolean trainable) {
    this.architecture = architecture;
    this.trainable = trainable;
    int needed = trainable ? architecture.numParameters() : architecture.numInferenceParameters();
    if (params.length < needed) {
      throw new IllegalArgumentException(
          "parameter vector has "
              + params.length
              + " floats, "
              + architecture
              + " needs "
              + needed);
    }
    this.parameters = NativeCopies.floats(manager, params, 0, new Shape(needed));
    this.boundaries = boundaries(stacks());
    for (LayerStack stack : stacks()) {
      modules.addAll(stack.open(manager, trainable));
    }
    if (trainable) {
      parameters.setRequiresGradient(true);
    } else {
      bind(manager);
    }
  }

  private static long[] boundaries(List<LayerStack> stacks) {
    List<Long> starts = new ArrayList<>();
    long at = 0;
    for (LayerStack stack : stacks) {
      for (int size : stack.parameterSizes()) {
        starts.add(at);
        at += size;
      }
    }
    return starts.stream().skip(1).mapToLong(Long::longValue).toArray();
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
    Iterator<NDArray> next = views.iterator();
    featureExtractor = architecture.featureExtractor().bind(next, modules);
    labelHead = architecture.labelHead().bind(next, modules);
    domainHead = trainable ? architecture.domainHead().bind(next, modules) : null;
  }

  /** The flat weights, in the layout of the parameter vector. */
  NDArray parameters() {
    return parameters;
  }

  /** Clears the gradient of the flat weights and of every native module, before a step. */
  void zeroGradients() {
    JniUtils.zeroGrad((PtNDArray) parameters);
    for (LayerStack.OpenModule open : modules) {
      open.module.zeroGradients();
    }
  }

  /**
   * The step's gradient in the layout of the parameter vector, a new array the caller closes: the
   * flat weights' gradient, with each native module's gradients in its slice.
   */
  NDArray gradient() {
    NDArray gradient = parameters.getGradient();
    try (Autograd off = Autograd.inference()) {
      for (LayerStack.OpenModule open : modules) {
        if (!open.module.copiesWeights()) {
          continue;
        }
        try (NDArray own = open.module.gradient()) {
          gradient.set(new NDIndex().addSliceDim(open.start, open.end), own);
        }
      }
    }
    return gradient;
  }

  /** Rows to embeddings (the feature extractor's output). */
  public NDArray embed(NDArray features) {
    return featureExtractor.apply(shaped(features));
  }

  /**
   * Flat rows {@code [n, numFeatures]} in the extractor's input shape (conv blocks read images).
   */
  private NDArray shaped(NDArray features) {
    RowShape input = architecture.inputShape();
    if (input.rank() == 1) {
      return features;
    }
    NDArray dense =
        features.getSparseFormat() == SparseFormat.DENSE ? features : features.toDense();
    long[] dims = new long[input.rank() + 1];
    dims[0] = -1;
    for (int i = 0; i < input.rank(); i++) {
      dims[i + 1] = input.dim(i);
    }
    return dense.reshape(new Shape(dims));
  }

  public NDArray labelLogits(NDArray embedding) {
    return labelHead.apply(embedding);
  }

  /** Domain logits (column 0 source, 1 target), computed behind the gradient reversal layer. */
  public NDArray domainLogits(NDArray embedding, float lambda) {
    if (!trainable) {
      throw new IllegalStateException("network was built for inference: no domain head");
    }
    return domainHead.apply(GradientReversal.apply(embedding, lambda));
  }

  private List<LayerStack> stacks() {
    return trainable
        ? List.of(
            architecture.featureExtractor(), architecture.labelHead(), architecture.domainHead())
        : List.of(architecture.featureExtractor(), architecture.labelHead());
  }
}
