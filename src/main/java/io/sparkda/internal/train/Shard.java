package io.sparkda.internal.train;

import io.sparkda.internal.nn.FeatureRows;
import java.io.Serializable;
import java.util.stream.IntStream;

/**
 * One partition's training rows, built once and cached, so that rounds do not re-read or re-convert
 * rows. Every shard holds rows of both domains: the source rows, then the target rows, in one
 * {@link FeatureRows} (dense, or CSR for sparse input), so that a step gathers its source and
 * target batch in one operation.
 */
public final class Shard implements Serializable {
  private static final long serialVersionUID = 3L;

  /** Source rows {@code [0, sourceRows)}, then target rows. */
  final FeatureRows features;

  final long[] sourceLabels;

  /** Class index per target row, -1 where unlabelled (all of them unless semi-supervised). */
  final long[] targetLabels;

  /** Positions of the labelled target rows, which each step samples for the label loss. */
  final int[] labelledTargetRows;

  Shard(FeatureRows features, long[] sourceLabels, long[] targetLabels) {
    if (features.rows() != sourceLabels.length + targetLabels.length) {
      throw new IllegalArgumentException(
          features.rows()
              + " feature rows for "
              + sourceLabels.length
              + " source and "
              + targetLabels.length
              + " target labels");
    }
    this.features = features;
    this.sourceLabels = sourceLabels;
    this.targetLabels = targetLabels;
    this.labelledTargetRows =
        IntStream.range(0, targetLabels.length).filter(i -> targetLabels[i] >= 0).toArray();
  }

  int sourceRows() {
    return sourceLabels.length;
  }

  int targetRows() {
    return targetLabels.length;
  }

  /** Bytes held by the features and labels (what caching the shard costs). */
  long bytes() {
    return features.bytes()
        + 8L * (sourceLabels.length + targetLabels.length)
        + 4L * labelledTargetRows.length;
  }
}
