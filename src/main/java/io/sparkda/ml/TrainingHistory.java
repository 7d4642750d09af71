package io.sparkda.ml;

import java.io.Serializable;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.Transformer;

/**
 * How a fitted model's training went, whatever the method: the rounds of its network training
 * (empty for linear models), its self-training rounds (empty unless self-trained), and the
 * network's throughput. Models offer it through {@link HasTrainingHistory}; it exists only on a
 * model fresh from {@code fit} (it is not saved).
 */
public final class TrainingHistory implements Serializable {
  private static final long serialVersionUID = 1L;

  /** No history: a linear model, or a model loaded from disk. */
  public static final TrainingHistory NONE =
      new TrainingHistory(new RoundSummary[0], new SelfTrainingRound[0], Double.NaN, 0);

  private final RoundSummary[] networkRounds;
  private final RoundSummary[][] fitRounds;
  private final SelfTrainingRound[] selfTrainingRounds;
  private final double rowsPerSecond;
  private final int partitions;

  TrainingHistory(
      RoundSummary[] networkRounds,
      SelfTrainingRound[] selfTrainingRounds,
      double rowsPerSecond,
      int partitions) {
    this(
        networkRounds,
        networkRounds.length == 0 ? new RoundSummary[0][] : new RoundSummary[][] {networkRounds},
        selfTrainingRounds,
        rowsPerSecond,
        partitions);
  }

  private TrainingHistory(
      RoundSummary[] networkRounds,
      RoundSummary[][] fitRounds,
      SelfTrainingRound[] selfTrainingRounds,
      double rowsPerSecond,
      int partitions) {
    this.networkRounds = networkRounds.clone();
    this.fitRounds = fitRounds.clone();
    this.selfTrainingRounds = selfTrainingRounds.clone();
    this.rowsPerSecond = rowsPerSecond;
    this.partitions = partitions;
  }

  /**
   * The history of a fitted model: its own if it has one, a PipelineModel's last stage's, and
   * {@link #NONE} otherwise.
   */
  public static TrainingHistory of(Transformer model) {
    Transformer last =
        model instanceof PipelineModel
            ? ((PipelineModel) model).stages()[((PipelineModel) model).stages().length - 1]
            : model;
    return last instanceof HasTrainingHistory
        ? ((HasTrainingHistory) last).trainingHistory()
        : NONE;
  }

  public RoundSummary[] networkRounds() {
    return networkRounds.clone();
  }

  /**
   * The network rounds of every fit that led to the model, in order: one entry for a plain fit, one
   * per round for self-training (the last is {@link #networkRounds}); empty without a network.
   */
  public RoundSummary[][] fitRounds() {
    return fitRounds.clone();
  }

  public SelfTrainingRound[] selfTrainingRounds() {
    return selfTrainingRounds.clone();
  }

  /** Source plus target rows per second of network training; NaN without a network. */
  public double rowsPerSecond() {
    return rowsPerSecond;
  }

  /** Partitions the network trained on; 0 without a network. */
  public int partitions() {
    return partitions;
  }

  /**
   * This history with {@code rounds} as its self-training rounds and {@code fits} as the network
   * rounds of each of their fits (null: this history's own).
   */
  TrainingHistory withSelfTraining(SelfTrainingRound[] rounds, RoundSummary[][] fits) {
    return new TrainingHistory(
        networkRounds, fits == null ? fitRounds : fits, rounds, rowsPerSecond, partitions);
  }
}
