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

  Shard(int numFeatures, float[] sourceFeatures, long[] sourceLabels, float[] targetFeatures) {
    this.numFeatures = numFeatures;
    this.sourceFeatures = sourceFeatures;
    this.sourceLabels = sourceLabels;
    this.targetFeatures = targetFeatures;
  }

  int sourceRows() {
    return sourceLabels.length;
  }

  int targetRows() {
    return targetFeatures.length / numFeatures;
  }
}
