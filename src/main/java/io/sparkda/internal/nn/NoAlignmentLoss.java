package io.sparkda.internal.nn;

import org.bytedeco.pytorch.Tensor;

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
    Tensor zero = Tensors.zeros();
    return new Term(zero, zero, null);
  }
}
