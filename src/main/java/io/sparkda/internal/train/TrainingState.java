package io.sparkda.internal.train;

import java.io.Serializable;

/** What is broadcast at the start of a round: parameters and optimizer state, as plain arrays. */
final class TrainingState implements Serializable {
  private static final long serialVersionUID = 1L;

  final float[] params;
  final float[] optimizerState;

  TrainingState(float[] params, float[] optimizerState) {
    this.params = params;
    this.optimizerState = optimizerState;
  }
}
