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

  /**
   * Whether the partitions of this fit keep a rounding error with their optimizer state: its weight
   * changes travel as bfloat16 in some rounds (several partitions, {@code deltaPrecision}
   * bfloat16). The error is zero in every state the driver holds.
   */
  final boolean keepsRoundingError;

  /**
   * Whether each partition returns its weight change over the round rounded to bfloat16, with the
   * rounding error added to its next round's change (error feedback): the rounds between two
   * averagings that no checkpoint follows, but the fit's last. Elsewhere the weights travel as
   * float32 and the error is reset to zero. A task away from its kept state returns the error with
   * its optimizer state, so it computes what the task at its state would have.
   */
  final boolean bfloat16Delta;

  RoundPlan(
      int round,
      long firstStep,
      int steps,
      long totalSteps,
      int batchPerPartition,
      boolean averagesOptimizerState,
      boolean savesOptimizerState) {
    this(
        round,
        firstStep,
        steps,
        totalSteps,
        batchPerPartition,
        averagesOptimizerState,
        savesOptimizerState,
        false,
        false);
  }

  RoundPlan(
      int round,
      long firstStep,
      int steps,
      long totalSteps,
      int batchPerPartition,
      boolean averagesOptimizerState,
      boolean savesOptimizerState,
      boolean keepsRoundingError,
      boolean bfloat16Delta) {
    this.round = round;
    this.firstStep = firstStep;
    this.steps = steps;
    this.totalSteps = totalSteps;
    this.batchPerPartition = batchPerPartition;
    this.averagesOptimizerState = averagesOptimizerState;
    this.savesOptimizerState = savesOptimizerState;
    this.keepsRoundingError = keepsRoundingError;
    this.bfloat16Delta = bfloat16Delta;
  }

  /** Training progress p in [0, 1] at the start of global step {@code step}. */
  double progress(long step) {
    return (double) step / totalSteps;
  }
}
