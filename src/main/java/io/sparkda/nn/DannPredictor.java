package io.sparkda.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.io.Serializable;
import java.util.Arrays;

/** Batched forward passes of a trained network: one native call sequence per batch of rows. */
public final class DannPredictor implements Serializable {
  private static final long serialVersionUID = 1L;

  private final NetworkArchitecture architecture;
  private final float[] inferenceParams;

  public DannPredictor(NetworkArchitecture architecture, float[] params) {
    this.architecture = architecture;
    // Only the feature extractor and label head are needed, and shipped to executors.
    this.inferenceParams = Arrays.copyOf(params, architecture.numInferenceParameters());
  }

  /** Logits and (optionally) embeddings of a batch. */
  public static final class Outputs {
    public final float[] logits;
    public final float[] embeddings;

    Outputs(float[] logits, float[] embeddings) {
      this.logits = logits;
      this.embeddings = embeddings;
    }
  }

  /**
   * @param features row-major {@code [rows, numFeatures]}; may be longer than needed
   * @return logits {@code [rows, numClasses]} and, if asked, embeddings {@code [rows, embeddingSize]}
   */
  public Outputs predict(float[] features, int rows, boolean withEmbeddings) {
    int d = architecture.numFeatures();
    float[] input = features.length == rows * d ? features : Arrays.copyOf(features, rows * d);
    try (NDManager manager = NDManager.newBaseManager();
        Autograd inference = Autograd.inference()) {
      DannNetwork network = DannNetwork.forInference(manager, architecture, inferenceParams);
      NDArray embedding = network.embed(manager.create(input, new Shape(rows, d)));
      float[] logits = network.labelLogits(embedding).toFloatArray();
      return new Outputs(logits, withEmbeddings ? embedding.toFloatArray() : null);
    }
  }

  public NetworkArchitecture architecture() {
    return architecture;
  }
}
