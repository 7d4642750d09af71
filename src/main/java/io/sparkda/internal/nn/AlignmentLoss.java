package io.sparkda.internal.nn;

import java.io.Serializable;
import org.bytedeco.pytorch.Tensor;

/**
 * One way of pulling the source and target embeddings together: a term added to the label loss in
 * every training step. An implementation sees the step's embeddings, the label head's logits and
 * the labels ({@link AlignmentInputs}), and may use the network's domain head. To add one:
 * implement this, add a constant to {@link Alignment} (the registry of the {@code alignment}
 * Param's values) and test it.
 */
public interface AlignmentLoss extends Serializable {
  /** Rows per domain a partition's batch needs at least (a covariance needs 2). */
  int minRowsPerDomain();

  /** Whether the term trains the domain head; only then does a step report its accuracy. */
  boolean usesDomainHead();

  /** The step's term, recorded for backward; temporaries go to the caller's scope. */
  Term term(AlignmentInputs inputs, float weight);

  /** What a term adds to the step. */
  final class Term {
    /** What backward starts from besides the label loss: the weighted term. */
    final Tensor weighted;

    /** The loss before weighting, as logged (domain cross-entropy, MMD^2, CORAL, 0). */
    final Tensor loss;

    /** Source and target rows the domain head got right (int64), or null. */
    final Tensor domainCorrect;

    public Term(Tensor weighted, Tensor loss, Tensor domainCorrect) {
      this.weighted = weighted;
      this.loss = loss;
      this.domainCorrect = domainCorrect;
    }
  }
}
