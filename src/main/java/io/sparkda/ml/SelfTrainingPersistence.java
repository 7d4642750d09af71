package io.sparkda.ml;

import io.sparkda.ml.SelfTrainingRound;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.ml.Model;
import org.apache.spark.ml.classification.ProbabilisticClassifier;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamPair;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import scala.Option;

/**
 * Saves self-training the way Spark saves its meta-estimators (OneVsRest, CrossValidator): JSON
 * metadata for the simple Params, the nested classifier or model in a subdirectory with its own
 * writer, and the round history as Parquet.
 */
final class SelfTrainingPersistence {
  private static final String CLASSIFIER_DIR = "/classifier";
  private static final String MODEL_DIR = "/model";
  private static final String HISTORY_DIR = "/history";
  private static final StructType HISTORY_SCHEMA = new StructType()
      .add("round", DataTypes.IntegerType, false)
      .add("trainingRows", DataTypes.LongType, false)
      .add("pseudoLabelledRows", DataTypes.LongType, false)
      .add("added", DataTypes.LongType, false)
      .add("meanConfidence", DataTypes.DoubleType, false)
      .add("targetAccuracy", DataTypes.DoubleType, false)
      .add("addedAccuracy", DataTypes.DoubleType, false);

  private SelfTrainingPersistence() {}

  private static MLWritable writable(Object stage, String what) {
    if (!(stage instanceof MLWritable)) {
      throw new UnsupportedOperationException("cannot save self-training: its " + what + " "
          + stage.getClass().getName() + " is not MLWritable");
    }
    return (MLWritable) stage;
  }

  private static void saveStage(MLWritable stage, String path) {
    try {
      stage.write().save(path);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException("could not save to " + path, e);
    }
  }

  static final class EstimatorWriter extends MLWriter {
    private final SelfTrainingClassifier estimator;

    EstimatorWriter(SelfTrainingClassifier estimator) {
      this.estimator = estimator;
    }

    @Override
    public void saveImpl(String path) {
      // Every explicitly set Param but the classifier, which is saved as a stage of its own.
      StringBuilder json = new StringBuilder("{");
      for (ParamPair<?> pair : estimator.extractParamMap().toList()) {
        @SuppressWarnings("unchecked")
        Param<Object> param = (Param<Object>) pair.param();
        if (param.name().equals("classifier") || !estimator.isSet(param)) {
          continue;
        }
        if (json.length() > 1) {
          json.append(',');
        }
        json.append('"').append(param.name()).append("\":").append(param.jsonEncode(pair.value()));
      }
      json.append('}');
      SavedFormat.saveMetadata(estimator, path, sc(), SavedFormat.fields(), json.toString());
      saveStage(writable(estimator.getClassifier(), "classifier"), path + CLASSIFIER_DIR);
    }
  }

  static final class EstimatorReader extends MLReader<SelfTrainingClassifier> {
    @Override
    public SelfTrainingClassifier load(String path) {
      DefaultParamsReader.Metadata metadata = SavedFormat.loadMetadata(
          path, sc(), SelfTrainingClassifier.class.getName()).metadata;
      SelfTrainingClassifier estimator = new SelfTrainingClassifier(metadata.uid());
      metadata.getAndSetParams(estimator, Option.empty());
      ProbabilisticClassifier<?, ?, ?> classifier =
          DefaultParamsReader.loadParamsInstance(path + CLASSIFIER_DIR, sc());
      return estimator.setClassifier(classifier);
    }
  }

  static final class ModelWriter extends MLWriter {
    private final SelfTrainingClassificationModel model;

    ModelWriter(SelfTrainingClassificationModel model) {
      this.model = model;
    }

    @Override
    public void saveImpl(String path) {
      SavedFormat.saveMetadata(model, path, sc(), SavedFormat.fields());
      saveStage(writable(model.model(), "fitted model"), path + MODEL_DIR);
      List<Row> rows = new ArrayList<>();
      for (SelfTrainingRound r : model.history()) {
        rows.add(RowFactory.create(r.round(), r.trainingRows(), r.pseudoLabelledRows(), r.added(),
            r.meanConfidence(), r.targetAccuracy(), r.addedAccuracy()));
      }
      sparkSession().createDataFrame(rows, HISTORY_SCHEMA).repartition(1).write()
          .parquet(path + HISTORY_DIR);
    }
  }

  static final class ModelReader extends MLReader<SelfTrainingClassificationModel> {
    @Override
    public SelfTrainingClassificationModel load(String path) {
      DefaultParamsReader.Metadata metadata = SavedFormat.loadMetadata(
          path, sc(), SelfTrainingClassificationModel.class.getName()).metadata;
      Model<?> fitted = DefaultParamsReader.loadParamsInstance(path + MODEL_DIR, sc());
      List<SelfTrainingRound> history = new ArrayList<>();
      for (Row r : sparkSession().read().parquet(path + HISTORY_DIR).orderBy("round").collectAsList()) {
        history.add(new SelfTrainingRound(r.getInt(0), r.getLong(1), r.getLong(2), r.getLong(3),
            r.getDouble(4), r.getDouble(5), r.getDouble(6)));
      }
      return new SelfTrainingClassificationModel(metadata.uid(), fitted,
          history.toArray(new SelfTrainingRound[0]));
    }
  }
}
