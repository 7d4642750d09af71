package io.sparkda.ml;

import java.io.Serializable;

/** What one self-training round did: a fit, then pseudo-labels for the next round. */
public final class SelfTrainingRound implements Serializable {
  private static final long serialVersionUID = 1L;

  private final int round;
  private final long trainingRows;
  private final long pseudoLabelledRows;
  private final long added;
  private final double meanConfidence;
  private final double targetAccuracy;
  private final double addedAccuracy;

  public SelfTrainingRound(
      int round,
      long trainingRows,
      long pseudoLabelledRows,
      long added,
      double meanConfidence,
      double targetAccuracy,
      double addedAccuracy) {
    this.round = round;
    this.trainingRows = trainingRows;
    this.pseudoLabelledRows = pseudoLabelledRows;
    this.added = added;
    this.meanConfidence = meanConfidence;
    this.targetAccuracy = targetAccuracy;
    this.addedAccuracy = addedAccuracy;
  }

  /** 0 = the fit on the labelled rows alone. */
  public int round() {
    return round;
  }

  /** Rows with a label or pseudo-label that this round's model was fitted on. */
  public long trainingRows() {
    return trainingRows;
  }

  /** Pseudo-labelled target rows among them. */
  public long pseudoLabelledRows() {
    return pseudoLabelledRows;
  }

  /** Target rows this round's model pseudo-labelled for the next round (0 on the last round). */
  public long added() {
    return added;
  }

  /** Mean largest class probability of the added rows; NaN when none was added. */
  public double meanConfidence() {
    return meanConfidence;
  }

  /** Accuracy of this round's model on target rows with an evaluation label; NaN without. */
  public double targetAccuracy() {
    return targetAccuracy;
  }

  /** Share of this round's pseudo-labels that are right (evaluation labels); NaN without. */
  public double addedAccuracy() {
    return addedAccuracy;
  }

  @Override
  public String toString() {
    return String.format(
        "round %d: trainingRows=%d pseudoLabelled=%d added=%d meanConfidence=%.3f"
            + " targetAccuracy=%.4f addedAccuracy=%.4f",
        round,
        trainingRows,
        pseudoLabelledRows,
        added,
        meanConfidence,
        targetAccuracy,
        addedAccuracy);
  }
}
