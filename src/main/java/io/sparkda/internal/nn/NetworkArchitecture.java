package io.sparkda.internal.nn;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The shape of a DANN network: a ReLU MLP feature extractor, a linear label head on its output
 * (the embedding), and a domain head (ReLU MLP then 2 logits) behind the gradient reversal layer.
 *
 * <p>All weights live in one flat {@code float[]} whose layout this class defines, so that
 * parameters travel between driver and executors as plain arrays and can be checked against the
 * architecture when loaded.
 */
public final class NetworkArchitecture implements Serializable {
  private static final long serialVersionUID = 1L;

  /** Number of logits of the domain head: source and target. */
  public static final int DOMAIN_CLASSES = 2;

  private final int numFeatures;
  private final int[] hiddenLayers;
  private final int numClasses;
  private final int[] domainHiddenLayers;

  public NetworkArchitecture(
      int numFeatures, int[] hiddenLayers, int numClasses, int[] domainHiddenLayers) {
    if (numFeatures < 1) {
      throw new IllegalArgumentException("numFeatures must be >= 1, got " + numFeatures);
    }
    if (hiddenLayers.length == 0) {
      throw new IllegalArgumentException("hiddenLayers needs at least one layer (the embedding)");
    }
    if (numClasses < 2) {
      throw new IllegalArgumentException("numClasses must be >= 2, got " + numClasses);
    }
    checkPositive("hiddenLayers", hiddenLayers);
    checkPositive("domainHiddenLayers", domainHiddenLayers);
    this.numFeatures = numFeatures;
    this.hiddenLayers = hiddenLayers.clone();
    this.numClasses = numClasses;
    this.domainHiddenLayers = domainHiddenLayers.clone();
  }

  private static void checkPositive(String name, int[] sizes) {
    for (int size : sizes) {
      if (size < 1) {
        throw new IllegalArgumentException(name + " sizes must be >= 1, got " + Arrays.toString(sizes));
      }
    }
  }

  public int numFeatures() {
    return numFeatures;
  }

  public int[] hiddenLayers() {
    return hiddenLayers.clone();
  }

  public int numClasses() {
    return numClasses;
  }

  public int[] domainHiddenLayers() {
    return domainHiddenLayers.clone();
  }

  /** Width of the feature extractor's output. */
  public int embeddingSize() {
    return hiddenLayers[hiddenLayers.length - 1];
  }

  /** Dense layers of the feature extractor, in order. */
  public List<DenseLayerShape> featureLayers() {
    return chain(numFeatures, hiddenLayers, 0);
  }

  /** The label head: one dense layer from the embedding to the class logits. */
  public DenseLayerShape labelLayer() {
    return new DenseLayerShape(embeddingSize(), numClasses, offsetAfter(featureLayers()));
  }

  /** Dense layers of the domain head, the last one producing the two domain logits. */
  public List<DenseLayerShape> domainLayers() {
    int[] sizes = Arrays.copyOf(domainHiddenLayers, domainHiddenLayers.length + 1);
    sizes[sizes.length - 1] = DOMAIN_CLASSES;
    DenseLayerShape label = labelLayer();
    return chain(embeddingSize(), sizes, label.end());
  }

  /** Total number of floats in the flat parameter vector. */
  public int numParameters() {
    return offsetAfter(domainLayers());
  }

  /** Number of floats that inference needs (feature extractor and label head, a prefix). */
  public int numInferenceParameters() {
    return labelLayer().end();
  }

  private static List<DenseLayerShape> chain(int inputSize, int[] sizes, int offset) {
    List<DenseLayerShape> layers = new ArrayList<>();
    int in = inputSize;
    for (int out : sizes) {
      DenseLayerShape layer = new DenseLayerShape(in, out, offset);
      layers.add(layer);
      offset = layer.end();
      in = out;
    }
    return layers;
  }

  private static int offsetAfter(List<DenseLayerShape> layers) {
    return layers.get(layers.size() - 1).end();
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof NetworkArchitecture)) {
      return false;
    }
    NetworkArchitecture other = (NetworkArchitecture) o;
    return numFeatures == other.numFeatures
        && numClasses == other.numClasses
        && Arrays.equals(hiddenLayers, other.hiddenLayers)
        && Arrays.equals(domainHiddenLayers, other.domainHiddenLayers);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * numFeatures + numClasses) + Arrays.hashCode(hiddenLayers) * 17
        + Arrays.hashCode(domainHiddenLayers);
  }

  @Override
  public String toString() {
    return "NetworkArchitecture(numFeatures=" + numFeatures
        + ", hiddenLayers=" + Arrays.toString(hiddenLayers)
        + ", numClasses=" + numClasses
        + ", domainHiddenLayers=" + Arrays.toString(domainHiddenLayers) + ")";
  }
}
