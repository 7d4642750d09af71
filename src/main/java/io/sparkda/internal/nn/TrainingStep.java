package io.sparkda.internal.nn;

import static org.bytedeco.pytorch.global.torch.cat;

import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorVector;

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
    final Tensor total;

    final Tensor labelLoss;

    /** The alignment loss before weighting (0 for none). */
    final Tensor alignmentLoss;

    /** Source and target rows the domain head got right (int64); null without a domain head. */
    final Tensor domainCorrect;

    StepLosses(Tensor total, Tensor labelLoss, Tensor alignmentLoss, Tensor domainCorrect) {
      this.total = total;
      this.labelLoss = labelLoss;
      this.alignmentLoss = alignmentLoss;
      this.domainCorrect = domainCorrect;
    }
  }

  /**
   * The forward pass of a step on batches that are already tensors, recorded for backward.
   * Temporaries go to the caller's scope.
   *
   * @param x the source batch then the target batch, {@code [ns + nt, d]}, dense or sparse: one
   *     gather and one pass through the feature extractor, no concatenation
   * @param ys the source rows' int64 labels {@code [ns]}
   * @param xl labelled target rows for the label loss only, or null; {@code yl} their labels
   */
  static StepLosses forward(
      Network network,
      Tensor x,
      Tensor ys,
      Tensor xl,
      Tensor yl,
      Alignment alignment,
      float weight) {
    long ns = ys.size(0);
    long nt = x.size(0) - ns;
    Tensor embedding = network.embed(x);
    Tensor sourceEmbedding = embedding.narrow(0, 0, ns);
    Tensor targetEmbedding = embedding.narrow(0, ns, nt);

    Tensor labelledEmbedding = sourceEmbedding;
    Tensor labels = ys;
    if (xl != null) {
      labelledEmbedding = cat(new TensorVector(sourceEmbedding, network.embed(xl)), 0);
      labels = cat(new TensorVector(ys, yl), 0);
    }
    Tensor labelLogits = network.labelLogits(labelledEmbedding);
    Tensor labelLoss = Losses.softmaxCrossEntropy(labelLogits, labels);
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
