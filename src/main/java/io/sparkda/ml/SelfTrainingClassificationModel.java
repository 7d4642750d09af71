package io.sparkda.ml;

import org.apache.spark.ml.Model;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;

/**
 * The base classifier's model from the last self-training round, plus the history of the rounds.
 * {@code transform} is the base model's: the same output columns (rawPrediction, probability,
 * prediction, ...), so evaluators and Pipelines see an ordinary classification model.
 */
public class SelfTrainingClassificationModel extends Model<SelfTrainingClassificationModel>
    implements MLWritable, HasTrainingHistory {
  private static final long serialVersionUID = 1L;

  private final String uid;
  private final Model<?> model;
  private final SelfTrainingRound[] history;

  /** Each round's network rounds, from the fit (not saved); null when unknown. */
  private final RoundSummary[][] fitRounds;

  SelfTrainingClassificationModel(String uid, Model<?> model, SelfTrainingRound[] history) {
    this(uid, model, history, null);
  }

  SelfTrainingClassificationModel(
      String uid, Model<?> model, SelfTrainingRound[] history, RoundSummary[][] fitRounds) {
    this.uid = uid;
    this.model = model;
    this.history = history.clone();
    this.fitRounds = fitRounds == null ? null : fitRounds.clone();
  }

  @Override
  public String uid() {
    return uid;
  }

  /** The fitted base classifier of the last round. */
  public Model<?> model() {
    return model;
  }

  /** The inner model's history (a network's rounds), with the self-training rounds. */
  @Override
  public TrainingHistory trainingHistory() {
    TrainingHistory inner =
        model() instanceof HasTrainingHistory
            ? ((HasTrainingHistory) model()).trainingHistory()
            : TrainingHistory.NONE;
    return inner.withSelfTraining(history(), fitRounds);
  }

  /** One entry per round, round 0 first. */
  public SelfTrainingRound[] history() {
    return history.clone();
  }

  @Override
  public Dataset<Row> transform(Dataset<?> dataset) {
    return model.transform(dataset);
  }

  @Override
  public StructType transformSchema(StructType schema) {
    return model.transformSchema(schema);
  }

  @Override
  public SelfTrainingClassificationModel copy(ParamMap extra) {
    return new SelfTrainingClassificationModel(
            uid, (Model<?>) model.copy(extra), history, fitRounds)
        .setParent(parent());
  }

  @Override
  public MLWriter write() {
    return new SelfTrainingPersistence.ModelWriter(this);
  }

  public static MLReader<SelfTrainingClassificationModel> read() {
    return new SelfTrainingPersistence.ModelReader();
  }

  public static SelfTrainingClassificationModel load(String path) {
    return read().load(path);
  }
}
