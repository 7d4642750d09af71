package io.sparkda.internal.nn;

import java.io.Serializable;
import java.util.function.BinaryOperator;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;

/**
 * A distance between the source and target embeddings, added as {@code weight x distance}:
 * multi-kernel MMD (DAN, Long et al. 2015) or Deep CORAL (Sun and Saenko 2016).
 */
final class WeightedAlignmentLoss implements AlignmentLoss {
  private static final long serialVersionUID = 1L;

  /** A serializable distance between two embedding batches. */
  interface Distance extends BinaryOperator<Tensor>, Serializable {}

  private final Distance distance;
  private final int minRowsPerDomain;

  WeightedAlignmentLoss(Distance distance, int minRowsPerDomain) {
    this.distance = distance;
    this.minRowsPerDomain = minRowsPerDomain;
  }

  @Override
  public int minRowsPerDomain() {
    return minRowsPerDomain;
  }

  @Override
  public boolean usesDomainHead() {
    return false;
  }

  @Override
  public Term term(AlignmentInputs in, float weight) {
    Tensor loss = distance.apply(in.sourceEmbedding, in.targetEmbedding);
    return new Term(loss.mul(new Scalar(weight)), loss, null);
  }
}
