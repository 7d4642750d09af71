package io.sparkda.internal.nn;

import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;

/**
 * Minimum class confusion (MCC; Jin, Wang, Long and Wang, ECCV 2020): the target rows' predicted
 * classes should not be confused with one another. With {@code p} the softmax of the target logits
 * at temperature {@value #TEMPERATURE}, and each row weighted by {@code 1 + exp(-entropy)} (the
 * weights rescaled to sum to the batch size, not back-propagated), the class confusion matrix is
 * {@code C = p^T diag(w) p}; each column is divided by its sum, and the loss is the mass off the
 * diagonal over the number of classes. It needs no domain head and no source rows: it works on the
 * label head's target predictions alone, as in the paper's "MCC" column; written as the
 * Transfer-Learning-Library's reference implementation computes it.
 */
public final class ClassConfusionLoss implements AlignmentLoss {
  private static final long serialVersionUID = 1L;

  /** The paper's and the reference implementation's default. */
  static final double TEMPERATURE = 2.5;

  /** Keeps log(p) finite where a probability underflows, as the reference implementation does. */
  private static final double LOG_EPSILON = 1e-5;

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
    Tensor loss = of(in.network.labelLogits(in.targetEmbedding), TEMPERATURE);
    return new Term(loss.mul(new Scalar(weight)), loss, null);
  }

  /** {@code logits [n, k]} of target rows; returns a scalar. */
  static Tensor of(Tensor logits, double temperature) {
    long n = logits.size(0);
    long k = logits.size(1);
    Tensor p = logits.div(new Scalar(temperature)).softmax(1);
    Tensor entropy =
        p.mul(p.add(new Scalar(LOG_EPSILON)).log()).sum(new long[] {1}, true, null).neg();
    Tensor w = entropy.detach().neg().exp().add(new Scalar(1.0));
    w = w.mul(new Scalar((double) n)).div(w.sum());
    Tensor confusion = p.mul(w).t().mm(p);
    confusion = confusion.div(confusion.sum(new long[] {1}, false, null));
    return confusion.sum().sub(confusion.trace()).div(new Scalar((double) k));
  }
}
