package io.sparkda.ml;

import java.util.Arrays;
import org.apache.spark.ml.Model;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;

/**
 * The candidate {@link DomainAdaptationValidator} picked, fitted on all the data, with what the
 * search found: every candidate's validation score and description, why the pick was made, and (on
 * a model fresh from {@code fit}) each candidate's training history. {@code transform} is the best
 * model's.
 */
public final class DomainAdaptationValidatorModel extends Model<DomainAdaptationValidatorModel>
    implements MLWritable, HasTrainingHistory {
  private static final long serialVersionUID = 1L;

  private final String uid;
  private final Model<?> bestModel;
  private final double[] validationScores;
  private final int bestIndex;
  private final String[] candidates;
  private final TrainingHistory[] candidateHistories;
  private final Model<?>[] candidateModels;
  private final double[][] moreScores;
  private final String choice;

  DomainAdaptationValidatorModel(
      String uid,
      Model<?> bestModel,
      double[] validationScores,
      int bestIndex,
      String[] candidates,
      TrainingHistory[] candidateHistories,
      Model<?>[] candidateModels,
      double[][] moreScores,
      String choice) {
    this.uid = uid;
    this.bestModel = bestModel;
    this.validationScores = validationScores.clone();
    this.bestIndex = bestIndex;
    this.candidates = candidates.clone();
    this.candidateHistories = candidateHistories.clone();
    this.candidateModels = candidateModels.clone();
    this.moreScores = moreScores.clone();
    this.choice = choice;
  }

  @Override
  public String uid() {
    return uid;
  }

  /** The picked candidate, fitted on all the data. */
  public Model<?> bestModel() {
    return bestModel;
  }

  /** Each candidate's score on the validation rows, in the order of the grid. */
  public double[] validationScores() {
    return validationScores.clone();
  }

  /** The index of the picked candidate in the grid. */
  public int bestIndex() {
    return bestIndex;
  }

  /** Each candidate's Params, as {@code name=value, ...}. */
  public String[] candidates() {
    return candidates.clone();
  }

  /** Why the picked candidate was picked (best score, or kept source-only), in words. */
  public String choice() {
    return choice;
  }

  /**
   * How each candidate's fit on the training split went; {@link TrainingHistory#NONE} for each on a
   * loaded model.
   */
  public TrainingHistory[] candidateHistories() {
    return candidateHistories.clone();
  }

  /**
   * Each candidate's model, fitted on the training split, when the validator had {@code
   * keepCandidateModels}; otherwise (and on a loaded model) nulls.
   */
  public Model<?>[] candidateModels() {
    return candidateModels.clone();
  }

  /**
   * Each candidate's scores by the validator's {@code moreEvaluators}, in their order (the mean
   * over the splits, as its validation score); empty rows on a loaded model.
   */
  public double[][] moreEvaluatorScores() {
    return Arrays.stream(moreScores).map(double[]::clone).toArray(double[][]::new);
  }

  /** Always false: the pick used no target label. */
  public boolean usedTargetLabels() {
    return false;
  }

  /** The history of the best model's fit on all the data. */
  @Override
  public TrainingHistory trainingHistory() {
    return TrainingHistory.of(bestModel);
  }

  @Override
  public Dataset<Row> transform(Dataset<?> dataset) {
    return bestModel.transform(dataset);
  }

  @Override
  public StructType transformSchema(StructType schema) {
    return bestModel.transformSchema(schema);
  }

  @Override
  public DomainAdaptationValidatorModel copy(ParamMap extra) {
    DomainAdaptationValidatorModel copy =
        new DomainAdaptationValidatorModel(
            uid,
            (Model<?>) bestModel.copy(extra),
            validationScores,
            bestIndex,
            candidates,
            candidateHistories,
            candidateModels,
            moreScores,
            choice);
    return copyValues(copy, extra).setParent(parent());
  }

  @Override
  public MLWriter write() {
    return new ValidatorPersistence.ModelWriter(this);
  }

  public static MLReader<DomainAdaptationValidatorModel> read() {
    return new ValidatorPersistence.ModelReader();
  }

  public static DomainAdaptationValidatorModel load(String path) {
    return read().load(path);
  }
}
