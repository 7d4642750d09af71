package io.sparkda.ml;

import java.io.Serializable;
import java.util.List;

/** How a {@link DannClassifier} fit went: one entry per training round, and throughput. */
public final class DannTrainingSummary implements Serializable {
  private static final long serialVersionUID = 1L;

  private final RoundSummary[] rounds;
  private final long sourceRows;
  private final long targetRows;
  private final int partitions;
  private final double trainSeconds;
  private final double rowsPerSecond;
  private final long trainingRowBytes;
  private final boolean sparseFeatures;

  DannTrainingSummary(
      List<RoundSummary> rounds,
      long sourceRows,
      long targetRows,
      int partitions,
      double trainSeconds,
      double rowsPerSecond,
      long trainingRowBytes,
      boolean sparseFeatures) {
    this.rounds = rounds.toArray(new RoundSummary[0]);
    this.sourceRows = sourceRows;
    this.targetRows = targetRows;
    this.partitions = partitions;
    this.trainSeconds = trainSeconds;
    this.rowsPerSecond = rowsPerSecond;
    this.trainingRowBytes = trainingRowBytes;
    this.sparseFeatures = sparseFeatures;
  }

  public RoundSummary[] rounds() {
    return rounds.clone();
  }

  public long sourceRows() {
    return sourceRows;
  }

  public long targetRows() {
    return targetRows;
  }

  /** Partitions that trained in parallel. */
  public int partitions() {
    return partitions;
  }

  /** Seconds spent in training rounds (data preparation excluded). */
  public double trainSeconds() {
    return trainSeconds;
  }

  /** Source plus target rows processed per second of training rounds. */
  public double rowsPerSecond() {
    return rowsPerSecond;
  }

  /** Bytes the training rows took in the executors' cache, over all partitions. */
  public long trainingRowBytes() {
    return trainingRowBytes;
  }

  /** Whether the training rows were held sparse (CSR), as {@code featureLayout} decided. */
  public boolean sparseFeatures() {
    return sparseFeatures;
  }
}
