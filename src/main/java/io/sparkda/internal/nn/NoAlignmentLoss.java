package io.sparkda.internal.nn;

import ai.djl.ndarray.NDArray;

/** No alignment term: the source-only baseline with the same network. */
final class NoAlignmentLoss implements AlignmentLoss {
  private static final long serialVersionUID = 1L;

  @Override
  public int minRowsPerDomain() {
    return 1;
  }

  @Override
  public boolean usesDomainHead() {
    return false;
  }

  @Override
  public Term term(AlignmentInputs in, float weight) {
    NDArray zero = Scalars.like(in.labelLogits, 0);
    return new Term(zero, zero, null);
  }
}
