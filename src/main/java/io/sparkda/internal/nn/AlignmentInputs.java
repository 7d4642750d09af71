package io.sparkda.internal.nn;

import ai.djl.ndarray.NDArray;

/** What an {@link AlignmentLoss} may look at in a step, all recorded for backward. */
public final class AlignmentInputs {
  /** The network, for losses that use its domain head. */
  public final Network network;

  /** Embeddings of the source rows, then the target rows. */
  public final NDArray embedding;

  public final NDArray sourceEmbedding;
  public final NDArray targetEmbedding;

  /** Label-head logits of the labelled rows and their int64 labels. */
  public final NDArray labelLogits;

  public final NDArray labels;

  AlignmentInputs(
      Network network,
      NDArray embedding,
      NDArray sourceEmbedding,
      NDArray targetEmbedding,
      NDArray labelLogits,
      NDArray labels) {
    this.network = network;
    this.embedding = embedding;
    this.sourceEmbedding = sourceEmbedding;
    this.targetEmbedding = targetEmbedding;
    this.labelLogits = labelLogits;
    this.labels = labels;
  }

  public long sourceRows() {
    return sourceEmbedding.getShape().get(0);
  }

  public long targetRows() {
    return targetEmbedding.getShape().get(0);
  }
}
