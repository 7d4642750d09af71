package io.sparkda.internal.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;

/** Classification losses on logits, as scalar arrays that can be back-propagated. */
public final class Losses {
  private Losses() {}

  /**
   * Mean softmax cross-entropy of {@code logits [n, k]} against int64 class indices {@code [n]}.
   */
  public static NDArray softmaxCrossEntropy(NDArray logits, NDArray labels) {
    int numClasses = (int) logits.getShape().get(1);
    NDArray logProbabilities = logits.logSoftmax(1);
    return logProbabilities.mul(labels.oneHot(numClasses)).sum(new int[] {1}).mean().neg();
  }

  /** Number of rows whose arg-max logit equals the label, as an int64 scalar tensor. */
  static NDArray correctCount(NDArray logits, NDArray labels) {
    return logits.argMax(1).eq(labels).sum().toType(DataType.INT64, false);
  }
}
