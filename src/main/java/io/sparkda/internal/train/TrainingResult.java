package io.sparkda.internal.train;

import io.sparkda.ml.RoundSummary;
import java.util.List;

/** What the distributed loop learnt, and how it went. */
public final class TrainingResult {
  public final float[] params;
  public final List<RoundSummary> rounds;
  public final int partitions;
  public final double trainSeconds;

  /** Source + target rows processed per second of training (rounds only, shard build excluded). */
  public final double rowsPerSecond;

  /** Bytes of the cached training rows over all shards (features and labels). */
  public final long shardBytes;

  /** Whether the shards held the features as CSR rows. */
  public final boolean sparseFeatures;

  TrainingResult(
      float[] params,
      List<RoundSummary> rounds,
      int partitions,
      double trainSeconds,
      double rowsPerSecond,
      long shardBytes,
      boolean sparseFeatures) {
    this.params = params;
    this.rounds = List.copyOf(rounds);
    this.partitions = partitions;
    this.trainSeconds = trainSeconds;
    this.rowsPerSecond = rowsPerSecond;
    this.shardBytes = shardBytes;
    this.sparseFeatures = sparseFeatures;
  }
}
