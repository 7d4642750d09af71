package io.sparkda.nn;

import ai.djl.ndarray.NDArray;

/** Classification losses on logits, as scalar arrays that can be back-propagated. */
public final class Losses {
  private Losses() {}

  /** Mean softmax cross-entropy of {@code logits [n, k]} against int64 class indices {@code [n]}. */
  public static NDArray softmaxCrossEntropy(NDArray logits, NDArray labels) {
    int numClasses = (int) logits.getShape().get(1);
    NDArray logProbabilities = logits.logSoftmax(1);
    return logProbabilities.mul(labels.oneHot(numClasses)).sum(new int[] {1}).mean().neg();
  }

  /**
   * Mean softmax cross-entropy over the rows whose label is {@code >= 0}; rows labelled -1
   * (unlabelled target rows) are masked out. Needs at least one labelled row.
   */
  public static NDArray maskedSoftmaxCrossEntropy(NDArray logits, long[] labels) {
    int numClasses = (int) logits.getShape().get(1);
    float[] mask = new float[labels.length];
    long[] safeLabels = new long[labels.length];
    int labelled = 0;
    for (int i = 0; i < labels.length; i++) {
      if (labels[i] >= 0) {
        mask[i] = 1f;
        safeLabels[i] = labels[i];
        labelled++;
      }
    }
    if (labelled == 0) {
      throw new IllegalArgumentException("no labelled row in the batch");
    }
    NDArray perRow = logits.logSoftmax(1)
        .mul(logits.getManager().create(safeLabels).oneHot(numClasses)).sum(new int[] {1});
    return perRow.mul(logits.getManager().create(mask)).sum().div((float) -labelled);
  }

  /** Number of rows whose arg-max logit equals the label. */
  public static long correct(NDArray logits, NDArray labels) {
    return logits.argMax(1).eq(labels).sum().toType(ai.djl.ndarray.types.DataType.INT64, false)
        .getLong();
  }
}
