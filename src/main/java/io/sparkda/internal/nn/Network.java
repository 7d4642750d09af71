package io.sparkda.internal.nn;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.UnaryOperator;
import org.bytedeco.pytorch.Tensor;

/**
 * The network (feature extractor, label head, domain head) bound to one set of weights. The weights
 * are one flat libtorch tensor in the layout of the parameter vector; every layer sees its
 * parameters as views of it. In training each view is a leaf whose gradient is, in turn, a view of
 * one flat gradient tensor (as PyTorch's DDP lays gradients out as views of its buckets): backward
 * accumulates straight into that tensor, so a step's gradient is one tensor in the parameter
 * layout, the finite check reads it once and the optimizer updates the flat weights in one pass,
 * which the views see. Everything is made in the caller's scope ({@link Scopes}) and freed with it;
 * the layers are bound once, not per step. Build it with {@link #forTraining}, or {@link
 * #forInference} for the feature extractor and label head only.
 */
public final class Network {
  private final NetworkArchitecture architecture;
  private final boolean trainable;
  private final Tensor weights;
  private final Tensor gradient;
  private final UnaryOperator<Tensor> featureExtractor;
  private final UnaryOperator<Tensor> labelHead;
  private final UnaryOperator<Tensor> domainHead;

  private Network(NetworkArchitecture architecture, float[] params, boolean trainable) {
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
    List<LayerStack> stacks = stacks();
    try (Autograd off = Autograd.inference()) {
      this.weights = Tensors.floats(params, 0, needed);
      this.gradient = trainable ? Tensors.zeros(needed) : null;
      Iterator<Tensor> views = views(stacks).iterator();
      this.featureExtractor = architecture.featureExtractor().bind(views, trainable);
      this.labelHead = architecture.labelHead().bind(views, trainable);
      this.domainHead = trainable ? architecture.domainHead().bind(views, trainable) : null;
    }
  }

  /** Every parameter tensor as a view of the flat weights (a leaf with a flat-gradient view). */
  private List<Tensor> views(List<LayerStack> stacks) {
    List<Tensor> views = new ArrayList<>();
    long at = 0;
    for (LayerStack stack : stacks) {
      for (long[] shape : stack.parameterShapes()) {
        long size = 1;
        for (long dim : shape) {
          size *= dim;
        }
        Tensor view = weights.narrow(0, at, size).view(shape).detach();
        if (trainable) {
          view.set_requires_grad(true);
          view.mutable_grad().put(gradient.narrow(0, at, size).view(shape));
        }
        views.add(view);
        at += size;
      }
    }
    return views;
  }

  /** All weights; the layers' views record gradients into {@link #gradient}. */
  public static Network forTraining(NetworkArchitecture architecture, float[] params) {
    return new Network(architecture, params, true);
  }

  /** Feature extractor and label head only (the domain head is not needed to predict). */
  public static Network forInference(NetworkArchitecture architecture, float[] params) {
    return new Network(architecture, params, false);
  }

  public NetworkArchitecture architecture() {
    return architecture;
  }

  /** The flat weights, in the layout of the parameter vector. */
  Tensor weights() {
    return weights;
  }

  /** The flat gradient that backward accumulates into, in the same layout. */
  Tensor gradient() {
    return gradient;
  }

  /** Clears the gradient before a step. */
  void zeroGradient() {
    gradient.zero_();
  }

  /** Rows to embeddings (the feature extractor's output). */
  public Tensor embed(Tensor features) {
    return featureExtractor.apply(shaped(features));
  }

  /**
   * Flat rows {@code [n, numFeatures]} in the extractor's input shape (conv blocks read images).
   */
  private Tensor shaped(Tensor features) {
    RowShape input = architecture.inputShape();
    if (input.rank() == 1) {
      return features;
    }
    Tensor dense = Tensors.isSparse(features) ? features.to_dense() : features;
    long[] dims = new long[input.rank() + 1];
    dims[0] = -1;
    for (int i = 0; i < input.rank(); i++) {
      dims[i + 1] = input.dim(i);
    }
    return dense.reshape(dims);
  }

  public Tensor labelLogits(Tensor embedding) {
    return labelHead.apply(embedding);
  }

  /** Domain logits (column 0 source, 1 target), computed behind the gradient reversal layer. */
  public Tensor domainLogits(Tensor embedding, float lambda) {
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
