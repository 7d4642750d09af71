package io.sparkda.internal.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;

/**
 * One training step's maths: the label loss on the labelled rows (the source batch, plus a batch of
 * labelled target rows in semi-supervised adaptation), plus an alignment term between the source
 * batch and the target batch ({@link AlignmentLoss}), recorded for one backward pass through their
 * sum; {@link NetworkTrainer} runs it and the optimizer.
 *
 * <p>The labelled target rows enter the label loss only: the alignment term must see a target batch
 * drawn uniformly from the target, or it would align the source with the (confidently labelled,
 * hence unrepresentative) labelled part of it.
 *
 * <p>{@link Alignment#ADVERSARIAL} is DANN (Ganin et al. 2016): the domain loss goes through the
 * gradient reversal layer, which scales its gradient by {@code -weight}. {@link Alignment#MMD} and
 * {@link Alignment#CORAL} add {@code weight x loss}. {@link Alignment#NONE} trains source-only.
 */
final class TrainingStep {
  private TrainingStep() {}

  /** The scalar tensors of one step's forward pass. */
  static final class StepLosses {
    /** What backward starts from: label loss + alignment term. */
    final NDArray total;

    final NDArray labelLoss;

    /** The alignment loss before weighting (0 for none). */
    final NDArray alignmentLoss;

    /** Source and target rows the domain head got right (int64); null without a domain head. */
    final NDArray domainCorrect;

    StepLosses(NDArray total, NDArray labelLoss, NDArray alignmentLoss, NDArray domainCorrect) {
      this.total = total;
      this.labelLoss = labelLoss;
      this.alignmentLoss = alignmentLoss;
      this.domainCorrect = domainCorrect;
    }
  }

  /**
   * The forward pass of a step on batches that are already tensors, recorded for backward.
   * Temporaries go to the manager of {@code x}.
   *
   * @param x the source batch then the target batch, {@code [ns + nt, d]}, dense or sparse: one
   *     gather and one pass through the feature extractor, no concatenation
   * @param ys the source rows' int64 labels {@code [ns]}
   * @param xl labelled target rows for the label loss only, or null; {@code yl} their labels
   */
  static StepLosses forward(
      Network network,
      NDArray x,
      NDArray ys,
      NDArray xl,
      NDArray yl,
      Alignment alignment,
      float weight) {
    long ns = ys.getShape().get(0);
    long nt = x.getShape().get(0) - ns;
    network.bind(x.getManager());
    NDArray embedding = network.embed(x);
    NDArray sourceEmbedding = embedding.get(new NDIndex().addSliceDim(0, ns));
    NDArray targetEmbedding = embedding.get(new NDIndex().addSliceDim(ns, ns + nt));

    NDArray labelledEmbedding = sourceEmbedding;
    NDArray labels = ys;
    if (xl != null) {
      labelledEmbedding = sourceEmbedding.concat(network.embed(xl), 0);
      labels = ys.concat(yl, 0);
    }
    NDArray labelLogits = network.labelLogits(labelledEmbedding);
    NDArray labelLoss = Losses.softmaxCrossEntropy(labelLogits, labels);
    AlignmentLoss.Term term =
        alignment
            .loss()
            .term(
                new AlignmentInputs(
                    network, embedding, sourceEmbedding, targetEmbedding, labelLogits, labels),
                weight);
    return new StepLosses(labelLoss.add(term.weighted), labelLoss, term.loss, term.domainCorrect);
  }
}
