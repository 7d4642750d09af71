package io.sparkda.internal.train;

import java.io.Serializable;

/**
 * Which global steps a round covers, the per-partition batch size, and whether the round ends at an
 * averaging of the optimizer state (otherwise each partition keeps its own, {@link
 * HeldOptimizerState}).
 */
final class RoundPlan implements Serializable {
  private static final long serialVersionUID = 1L;

  /** 0-based round index. */
  final int round;

  /** 0-based global index of the round's first step. */
  final long firstStep;

  final int steps;
  final long totalSteps;

  /** Rows per domain that each partition draws per step. */
  final int batchPerPartition;

  /** Whether the partitions return their optimizer state for the driver to average. */
  final boolean averagesOptimizerState;

  /**
   * Whether a checkpoint is due after the round: where it does not average, every partition keeps
   * its optimizer state and returns it too, for the checkpoint.
   */
  final boolean savesOptimizerState;

  RoundPlan(
      int round,
      long firstStep,
      int steps,
      long totalSteps,
      int batchPerPartition,
      boolean averagesOptimizerState,
      boolean savesOptimizerState) {
    this.round = round;
    this.firstStep = firstStep;
    this.steps = steps;
    this.totalSteps = totalSteps;
    this.batchPerPartition = batchPerPartition;
    this.averagesOptimizerState = averagesOptimizerState;
    this.savesOptimizerState = savesOptimizerState;
  }

  /** Training progress p in [0, 1] at the start of global step {@code step}. */
  double progress(long step) {
    return (double) step / totalSteps;
  }
}
