package io.sparkda.train;

import java.io.Serializable;

/**
 * One partition's training rows as flat float arrays, built once and cached, so that rounds do
 * not re-read or re-convert rows. Every shard holds rows of both domains.
 */
public final class Shard implements Serializable {
  private static final long serialVersionUID = 1L;

  final int numFeatures;
  final float[] sourceFeatures;
  final long[] sourceLabels;
  final float[] targetFeatures;
  /** Class index per target row, -1 where unlabelled (all of them unless semi-supervised). */
  final long[] targetLabels;
  /** Positions of the labelled target rows, which each step samples for the label loss. */
  final int[] labelledTargetRows;

  Shard(int numFeatures, float[] sourceFeatures, long[] sourceLabels, float[] targetFeatures,
      long[] targetLabels) {
    this.numFeatures = numFeatures;
    this.sourceFeatures = sourceFeatures;
    this.sourceLabels = sourceLabels;
    this.targetFeatures = targetFeatures;
    this.targetLabels = targetLabels;
    this.labelledTargetRows = java.util.stream.IntStream.range(0, targetLabels.length)
        .filter(i -> targetLabels[i] >= 0).toArray();
  }

  int sourceRows() {
    return sourceLabels.length;
  }

  int targetRows() {
    return targetFeatures.length / numFeatures;
  }
}
