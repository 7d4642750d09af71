package io.sparkda.internal.nn;

import org.bytedeco.pytorch.Tensor;

/** What an {@link AlignmentLoss} may look at in a step, all recorded for backward. */
public final class AlignmentInputs {
  /** The network, for losses that use its domain head. */
  public final Network network;

  /** Embeddings of the source rows, then the target rows. */
  public final Tensor embedding;

  public final Tensor sourceEmbedding;
  public final Tensor targetEmbedding;

  /** Label-head logits of the labelled rows and their int64 labels. */
  public final Tensor labelLogits;

  public final Tensor labels;

  AlignmentInputs(
      Network network,
      Tensor embedding,
      Tensor sourceEmbedding,
      Tensor targetEmbedding,
      Tensor labelLogits,
      Tensor labels) {
    this.network = network;
    this.embedding = embedding;
    this.sourceEmbedding = sourceEmbedding;
    this.targetEmbedding = targetEmbedding;
    this.labelLogits = labelLogits;
    this.labels = labels;
  }

  public long sourceRows() {
    return sourceEmbedding.size(0);
  }

  public long targetRows() {
    return targetEmbedding.size(0);
  }
}
