package io.sparkda.train;

import io.sparkda.nn.Alignment;
import io.sparkda.nn.NetworkArchitecture;
import java.io.Serializable;

/** Everything the distributed loop needs to know, validated by the public API before it gets here. */
public final class TrainingConfig implements Serializable {
  private static final long serialVersionUID = 1L;

  public final NetworkArchitecture architecture;
  public final Alignment alignment;
  public final int maxEpochs;
  /** Rows per domain per step: per partition, or per global step split across partitions. */
  public final int batchSize;
  /** Each partition draws batchSize rows per domain per step: more partitions, shorter epochs. */
  public static final String PER_PARTITION = "per-partition";
  /** batchSize is the global batch, split across the partitions: reproduces one partition. */
  public static final String SPLIT = "split";
  public final String optimizer;
  public final double learningRate;
  public final String learningRateSchedule;
  public final String lambdaSchedule;
  /** Largest alignment weight: the reversal layer's lambda, or the MMD / CORAL loss weight. */
  public final double lambdaMax;
  public final int localSteps;
  public final int numPartitions;
  /** {@link #PER_PARTITION} or {@link #SPLIT}: what {@link #batchSize} counts. */
  public final String batchMode;
  /** A {@link FeatureLayout} value: how the shards hold the features. */
  public final String featureLayout;
  public final int threadsPerTask;
  public final long seed;

  public TrainingConfig(
      NetworkArchitecture architecture,
      Alignment alignment,
      int maxEpochs,
      int batchSize,
      String optimizer,
      double learningRate,
      String learningRateSchedule,
      String lambdaSchedule,
      double lambdaMax,
      int localSteps,
      int numPartitions,
      String batchMode,
      String featureLayout,
      int threadsPerTask,
      long seed) {
    this.architecture = architecture;
    this.alignment = alignment;
    this.maxEpochs = maxEpochs;
    this.batchSize = batchSize;
    this.optimizer = optimizer;
    this.learningRate = learningRate;
    this.learningRateSchedule = learningRateSchedule;
    this.lambdaSchedule = lambdaSchedule;
    this.lambdaMax = lambdaMax;
    this.localSteps = localSteps;
    this.numPartitions = numPartitions;
    this.batchMode = batchMode;
    this.featureLayout = featureLayout;
    this.threadsPerTask = threadsPerTask;
    this.seed = seed;
  }
}
