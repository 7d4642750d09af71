package io.sparkda.internal.nn;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * The shape of a network: a feature extractor (a {@link LayerStack} whose output is the embedding),
 * a label head (one dense layer from the embedding to the class logits) and a domain head (dense
 * layers with ReLU between them, ending in 2 logits) that sits behind the gradient reversal layer.
 *
 * <p>All weights live in one flat {@code float[]}: the feature extractor's, then the label head's,
 * then the domain head's, so inference needs only a prefix. Parameters travel between driver and
 * executors as plain arrays and are checked against the architecture when loaded.
 *
 * <p>The feature extractor is a {@link FeatureExtractorSpec}: an MLP ({@code hiddenLayers}) or conv
 * and pooling blocks over rows reshaped to {@link #inputShape} ({@code [channels, height, width]}).
 */
public final class NetworkArchitecture implements Serializable {
  private static final long serialVersionUID = 3L;

  /** Number of logits of the domain head: source and target. */
  public static final int DOMAIN_CLASSES = 2;

  private final RowShape inputShape;
  private final FeatureExtractorSpec extractor;
  private final int numClasses;
  private final int[] domainHiddenLayers;
  private final LayerStack featureExtractor;
  private final LayerStack labelHead;
  private final LayerStack domainHead;

  /** An MLP feature extractor with {@code hiddenLayers} widths; the last one is the embedding. */
  public NetworkArchitecture(
      int numFeatures, int[] hiddenLayers, int numClasses, int[] domainHiddenLayers) {
    this(flatRows(numFeatures), mlpSpec(hiddenLayers), numClasses, domainHiddenLayers);
  }

  /**
   * The feature extractor {@code extractor} over rows of {@code inputShape}: {@code [numFeatures]},
   * or {@code [channels, height, width]} for conv blocks (flat feature vectors are reshaped to it,
   * row-major). Throws, naming the block, when the shapes do not fit.
   */
  public NetworkArchitecture(
      RowShape inputShape,
      FeatureExtractorSpec extractor,
      int numClasses,
      int[] domainHiddenLayers) {
    if (numClasses < 2) {
      throw new IllegalArgumentException("numClasses must be >= 2, got " + numClasses);
    }
    checkPositive("domainHiddenLayers", domainHiddenLayers);
    this.inputShape = inputShape;
    this.extractor = extractor;
    this.numClasses = numClasses;
    this.domainHiddenLayers = domainHiddenLayers.clone();
    try {
      this.featureExtractor = new LayerStack(inputShape, extractor.layers(inputShape), 0);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "featureExtractor "
              + extractor
              + " on rows of shape "
              + inputShape
              + ": "
              + e.getMessage(),
          e);
    }
    this.labelHead =
        new LayerStack(
            featureExtractor.output(), List.of(new DenseLayer(numClasses)), featureExtractor.end());
    int[] domainWidths = Arrays.copyOf(domainHiddenLayers, domainHiddenLayers.length + 1);
    domainWidths[domainHiddenLayers.length] = DOMAIN_CLASSES;
    this.domainHead =
        new LayerStack(featureExtractor.output(), mlp(domainWidths, false), labelHead.end());
  }

  private static RowShape flatRows(int numFeatures) {
    if (numFeatures < 1) {
      throw new IllegalArgumentException("numFeatures must be >= 1, got " + numFeatures);
    }
    return RowShape.of(numFeatures);
  }

  private static FeatureExtractorSpec mlpSpec(int[] hiddenLayers) {
    if (hiddenLayers.length == 0) {
      throw new IllegalArgumentException("hiddenLayers needs at least one layer (the embedding)");
    }
    checkPositive("hiddenLayers", hiddenLayers);
    return FeatureExtractorSpec.mlp(hiddenLayers);
  }

  /** Dense layers of the given widths with a ReLU after each one (or all but the last). */
  private static List<Layer> mlp(int[] widths, boolean reluAfterLast) {
    List<Layer> layers = new ArrayList<>();
    for (int i = 0; i < widths.length; i++) {
      layers.add(new DenseLayer(widths[i]));
      if (reluAfterLast || i < widths.length - 1) {
        layers.add(new ReluLayer());
      }
    }
    return layers;
  }

  private static void checkPositive(String name, int[] sizes) {
    for (int size : sizes) {
      if (size < 1) {
        throw new IllegalArgumentException(
            name + " sizes must be >= 1, got " + Arrays.toString(sizes));
      }
    }
  }

  /** Values in one input row: the size of {@link #inputShape}. */
  public int numFeatures() {
    return inputShape.size();
  }

  /** The shape rows are reshaped to before the feature extractor; {@code [numFeatures]} if flat. */
  public RowShape inputShape() {
    return inputShape;
  }

  public FeatureExtractorSpec extractor() {
    return extractor;
  }

  /** Whether the extractor is an MLP on flat rows, the only kind format versions 0 and 1 hold. */
  public boolean isMlp() {
    return extractor.isMlp() && inputShape.rank() == 1;
  }

  public int numClasses() {
    return numClasses;
  }

  public int[] domainHiddenLayers() {
    return domainHiddenLayers.clone();
  }

  /** Rows to embeddings. */
  public LayerStack featureExtractor() {
    return featureExtractor;
  }

  /** Embeddings to class logits. */
  public LayerStack labelHead() {
    return labelHead;
  }

  /** Embeddings (after gradient reversal) to the two domain logits. */
  public LayerStack domainHead() {
    return domainHead;
  }

  /** Width of the feature extractor's output. */
  public int embeddingSize() {
    return featureExtractor.output().size();
  }

  /** Total number of floats in the flat parameter vector. */
  public int numParameters() {
    return domainHead.end();
  }

  /** Number of floats that inference needs (feature extractor and label head, a prefix). */
  public int numInferenceParameters() {
    return labelHead.end();
  }

  /** Seeded initial weights, every layer in layout order from one random stream. */
  public float[] initialParameters(long seed) {
    float[] params = new float[numParameters()];
    Random random = new Random(seed);
    featureExtractor.initialize(params, random);
    labelHead.initialize(params, random);
    domainHead.initialize(params, random);
    return params;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof NetworkArchitecture)) {
      return false;
    }
    NetworkArchitecture other = (NetworkArchitecture) o;
    return featureExtractor.equals(other.featureExtractor)
        && labelHead.equals(other.labelHead)
        && domainHead.equals(other.domainHead);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * featureExtractor.hashCode() + labelHead.hashCode()) + domainHead.hashCode();
  }

  @Override
  public String toString() {
    return "NetworkArchitecture(inputShape="
        + inputShape
        + ", featureExtractor="
        + extractor
        + ", numClasses="
        + numClasses
        + ", domainHiddenLayers="
        + Arrays.toString(domainHiddenLayers)
        + ")";
  }
}
