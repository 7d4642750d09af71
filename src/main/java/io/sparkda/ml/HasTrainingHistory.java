package io.sparkda.ml;

/** A fitted model that says how its training went ({@link TrainingHistory}). */
public interface HasTrainingHistory {
  /** The history of the fit that made this model; {@link TrainingHistory#NONE} if unknown. */
  TrainingHistory trainingHistory();
}
