package io.sparkda.internal.nn;

import java.io.Serializable;
import java.util.Arrays;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Tensor;

/** Batched forward passes of a trained network: one native call sequence per batch of rows. */
public final class NetworkPredictor implements Serializable {
  private static final long serialVersionUID = 1L;

  private final NetworkArchitecture architecture;
  private final float[] inferenceParams;

  public NetworkPredictor(NetworkArchitecture architecture, float[] params) {
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
   * One batch with the weights loaded for it alone; to score many batches, open a {@link
   * #session()}.
   *
   * @param features row-major {@code [rows, numFeatures]}; may be longer than needed
   * @return logits {@code [rows, numClasses]} and, if asked, embeddings {@code [rows,
   *     embeddingSize]}
   */
  public Outputs predict(float[] features, int rows, boolean withEmbeddings) {
    try (Session session = session()) {
      return session.predict(features, rows, withEmbeddings);
    }
  }

  /** The weights loaded once into native memory, for many batches; close it to free them. */
  public Session session() {
    return new Session();
  }

  /**
   * Native weights for one task's batches: one copy into libtorch, then native calls per batch. Its
   * native state is its own until {@link #close} (which the owner may call from a task listener).
   */
  public final class Session implements AutoCloseable {
    private final PointerScope natives = Scopes.open();
    private final Network network;

    private Session() {
      try {
        network = Network.forInference(architecture, inferenceParams);
      } catch (RuntimeException | Error e) {
        natives.close();
        throw e;
      }
      Scopes.owned(natives);
    }

    /** As {@link NetworkPredictor#predict}: dense rows, row-major, copied once into libtorch. */
    public Outputs predict(float[] features, int rows, boolean withEmbeddings) {
      try (PointerScope batch = new PointerScope()) {
        return outputs(
            Tensors.floats(features, 0, rows, architecture.numFeatures()), withEmbeddings);
      }
    }

    /** Logits and, if asked, embeddings of every row of {@code rows}, dense or sparse. */
    public Outputs predict(FeatureRows rows, boolean withEmbeddings) {
      if (rows.numFeatures() != architecture.numFeatures()) {
        throw new IllegalArgumentException(
            rows.numFeatures() + " features, the network takes " + architecture.numFeatures());
      }
      try (PointerScope batch = new PointerScope()) {
        return outputs(rows.open().all(), withEmbeddings);
      }
    }

    private Outputs outputs(Tensor input, boolean withEmbeddings) {
      try (Autograd inference = Autograd.inference()) {
        Tensor embedding = network.embed(input);
        float[] logits = Tensors.toFloats(network.labelLogits(embedding));
        return new Outputs(logits, withEmbeddings ? Tensors.toFloats(embedding) : null);
      }
    }

    @Override
    public void close() {
      natives.close();
    }
  }

  public NetworkArchitecture architecture() {
    return architecture;
  }
}
