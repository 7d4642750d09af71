package io.sparkda.internal.nn;

import java.util.Arrays;
import org.bytedeco.pytorch.Tensor;

/**
 * DANN (Ganin et al. 2016): the domain head classifies source vs target behind the gradient
 * reversal layer, which scales its gradient by {@code -weight}; the term itself is unweighted.
 */
final class DomainAdversarialLoss implements AlignmentLoss {
  private static final long serialVersionUID = 1L;

  @Override
  public int minRowsPerDomain() {
    return 1;
  }

  @Override
  public boolean usesDomainHead() {
    return true;
  }

  @Override
  public Term term(AlignmentInputs in, float weight) {
    long[] domainLabels = new long[(int) (in.sourceRows() + in.targetRows())];
    Arrays.fill(domainLabels, (int) in.sourceRows(), domainLabels.length, 1L);
    Tensor domains = Tensors.longs(domainLabels, 0, domainLabels.length);
    Tensor domainLogits = in.network.domainLogits(in.embedding, weight);
    Tensor loss = Losses.softmaxCrossEntropy(domainLogits, domains);
    return new Term(loss, loss, Losses.correctCount(domainLogits, domains));
  }
}
