package io.sparkda.internal.nn;

import static org.bytedeco.pytorch.global.torch.argmax;
import static org.bytedeco.pytorch.global.torch.cross_entropy_loss;

import org.bytedeco.pytorch.LongOptional;
import org.bytedeco.pytorch.Tensor;

/** Classification losses on logits, as scalar tensors that can be back-propagated. */
public final class Losses {
  private Losses() {}

  /**
   * Mean softmax cross-entropy of {@code logits [n, k]} against int64 class indices {@code [n]}:
   * libtorch's fused log-softmax and negative log-likelihood.
   */
  public static Tensor softmaxCrossEntropy(Tensor logits, Tensor labels) {
    return cross_entropy_loss(logits, labels);
  }

  /** Number of rows whose arg-max logit equals the label, as an int64 scalar tensor. */
  static Tensor correctCount(Tensor logits, Tensor labels) {
    return argmax(logits, new LongOptional(1), false).eq(labels).sum();
  }
}
