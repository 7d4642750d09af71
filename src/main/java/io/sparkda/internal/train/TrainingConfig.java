package io.sparkda.internal.train;

import io.sparkda.internal.nn.Alignment;
import io.sparkda.internal.nn.NativeOptimizer;
import io.sparkda.internal.nn.NetworkArchitecture;
import java.io.Serializable;

/**
 * Everything the distributed loop needs to know, resolved on the driver (optimizer and schedules
 * are objects, so executors decode no names) and validated by the public API before it gets here.
 * Built with {@link #builder}; unset fields keep the defaults of {@code DannClassifier}.
 */
public final class TrainingConfig implements Serializable {
  private static final long serialVersionUID = 3L;

  /** What {@link #batchSize} counts when several partitions train. */
  public enum BatchMode {
    /** Each partition draws batchSize rows per domain per step: more partitions, shorter epochs. */
    PER_PARTITION("per-partition"),
    /** batchSize is the global batch, split across the partitions: reproduces one partition. */
    SPLIT("split");

    private final String paramValue;

    BatchMode(String paramValue) {
      this.paramValue = paramValue;
    }

    public String paramValue() {
      return paramValue;
    }

    public static BatchMode fromParam(String value) {
      for (BatchMode mode : values()) {
        if (mode.paramValue.equals(value)) {
          return mode;
        }
      }
      throw new IllegalArgumentException("unknown batch mode: " + value);
    }
  }

  public final NetworkArchitecture architecture;
  public final Alignment alignment;
  public final int maxEpochs;

  /** Fewest global steps, whatever maxEpochs gives (0 = maxEpochs alone). */
  public final int minSteps;

  /** Rows per domain per step: per partition, or per global step split across partitions. */
  public final int batchSize;

  public final NativeOptimizer optimizer;
  public final Schedule learningRate;

  /** The alignment weight: the reversal layer's lambda, or the MMD / CORAL loss weight. */
  public final Schedule lambda;

  public final int localSteps;

  /** The driver's step over each round's averaged weights (several partitions only). */
  public final OuterOptimizer outer;

  /**
   * Every how many rounds the partitions' optimizer states are averaged; in between each keeps its
   * own on its executor.
   */
  public final int optimizerSyncInterval;

  /**
   * Whether, between averagings of the optimizer state, each partition returns its weight change as
   * bfloat16 with error feedback instead of its weights as float32 (several partitions only).
   */
  public final boolean bfloat16Deltas;

  /** 0 = Spark's default parallelism. */
  public final int numPartitions;

  public final BatchMode batchMode;

  /** A {@link FeatureLayout} value: how the shards hold the features. */
  public final String featureLayout;

  public final int threadsPerTask;
  public final long seed;

  private TrainingConfig(Builder b) {
    this.architecture = b.architecture;
    this.alignment = b.alignment;
    this.maxEpochs = b.maxEpochs;
    this.minSteps = b.minSteps;
    this.batchSize = b.batchSize;
    this.optimizer = b.optimizer;
    this.learningRate = b.learningRate;
    this.lambda = b.lambda;
    this.localSteps = b.localSteps;
    this.outer = b.outer;
    this.optimizerSyncInterval = b.optimizerSyncInterval;
    this.bfloat16Deltas = b.bfloat16Deltas;
    this.numPartitions = b.numPartitions;
    this.batchMode = b.batchMode;
    this.featureLayout = FeatureLayout.forNetwork(b.featureLayout, b.architecture);
    this.threadsPerTask = b.threadsPerTask;
    this.seed = b.seed;
  }

  public static Builder builder(NetworkArchitecture architecture) {
    return new Builder(architecture);
  }

  /** Named setters for every field; what is not set keeps DannClassifier's default. */
  public static final class Builder {
    private final NetworkArchitecture architecture;
    private Alignment alignment = Alignment.ADVERSARIAL;
    private int maxEpochs = 20;
    private int minSteps = 0;
    private int batchSize = 64;
    private NativeOptimizer optimizer = NativeOptimizer.named(NativeOptimizer.ADAM);
    private Schedule learningRate = Schedules.learningRate(Schedules.CONSTANT, 0.001);
    private Schedule lambda = Schedules.lambda(Schedules.GANIN, 1.0);
    private int localSteps = 50;
    private OuterOptimizer outer = OuterOptimizer.AVERAGE;
    private int optimizerSyncInterval = 10;
    private boolean bfloat16Deltas = false;
    private int numPartitions = 0;
    private BatchMode batchMode = BatchMode.SPLIT;
    private String featureLayout = FeatureLayout.AUTO;
    private int threadsPerTask = 1;
    private long seed = 1;

    private Builder(NetworkArchitecture architecture) {
      this.architecture = architecture;
    }

    public Builder alignment(Alignment value) {
      alignment = value;
      return this;
    }

    public Builder maxEpochs(int value) {
      maxEpochs = value;
      return this;
    }

    public Builder minSteps(int value) {
      minSteps = value;
      return this;
    }

    public Builder batchSize(int value) {
      batchSize = value;
      return this;
    }

    public Builder optimizer(NativeOptimizer value) {
      optimizer = value;
      return this;
    }

    public Builder learningRate(Schedule value) {
      learningRate = value;
      return this;
    }

    public Builder lambda(Schedule value) {
      lambda = value;
      return this;
    }

    public Builder localSteps(int value) {
      localSteps = value;
      return this;
    }

    public Builder optimizerSyncInterval(int value) {
      optimizerSyncInterval = value;
      return this;
    }

    public Builder bfloat16Deltas(boolean value) {
      bfloat16Deltas = value;
      return this;
    }

    public Builder outer(OuterOptimizer value) {
      outer = value;
      return this;
    }

    public Builder numPartitions(int value) {
      numPartitions = value;
      return this;
    }

    public Builder batchMode(BatchMode value) {
      batchMode = value;
      return this;
    }

    public Builder featureLayout(String value) {
      featureLayout = value;
      return this;
    }

    public Builder threadsPerTask(int value) {
      threadsPerTask = value;
      return this;
    }

    public Builder seed(long value) {
      seed = value;
      return this;
    }

    public TrainingConfig build() {
      return new TrainingConfig(this);
    }
  }
}
