package io.sparkda.ml;

import io.sparkda.internal.persistence.SavedFormat;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.ml.Model;
import org.apache.spark.ml.classification.ProbabilisticClassifier;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Saves self-training the way Spark saves its meta-estimators (OneVsRest, CrossValidator): JSON
 * metadata for the simple Params, the nested classifier or model in a subdirectory with its own
 * writer, and the round history as Parquet.
 */
final class SelfTrainingPersistence {
  private static final String CLASSIFIER_DIR = "/classifier";
  private static final String MODEL_DIR = "/model";
  private static final String HISTORY_DIR = "/history";
  private static final StructType HISTORY_SCHEMA =
      new StructType()
          .add("round", DataTypes.IntegerType, false)
          .add("trainingRows", DataTypes.LongType, false)
          .add("pseudoLabelledRows", DataTypes.LongType, false)
          .add("added", DataTypes.LongType, false)
          .add("meanConfidence", DataTypes.DoubleType, false)
          .add("targetAccuracy", DataTypes.DoubleType, false)
          .add("addedAccuracy", DataTypes.DoubleType, false);

  private SelfTrainingPersistence() {}

  static final class EstimatorWriter extends SavedFormat.Writer<SelfTrainingClassifier> {
    EstimatorWriter(SelfTrainingClassifier estimator) {
      super(estimator);
    }

    /** Every explicitly set Param but the classifier, which is saved as a stage of its own. */
    @Override
    protected String paramMapJson() {
      return setParamsExcept("classifier");
    }

    @Override
    protected void saveData(String path) {
      saveNested(stage.getClassifier(), "classifier", path + CLASSIFIER_DIR);
    }
  }

  static final class EstimatorReader extends SavedFormat.Reader<SelfTrainingClassifier> {
    EstimatorReader() {
      super(SelfTrainingClassifier.class);
    }

    @Override
    protected SelfTrainingClassifier create(String path, SavedFormat.Loaded loaded) {
      return new SelfTrainingClassifier(loaded.metadata.uid());
    }

    @Override
    protected SelfTrainingClassifier finish(String path, SelfTrainingClassifier estimator) {
      ProbabilisticClassifier<?, ?, ?> classifier =
          DefaultParamsReader.loadParamsInstance(path + CLASSIFIER_DIR, sc());
      return estimator.setClassifier(classifier);
    }
  }

  static final class ModelWriter extends SavedFormat.Writer<SelfTrainingClassificationModel> {
    ModelWriter(SelfTrainingClassificationModel model) {
      super(model);
    }

    @Override
    protected void saveData(String path) {
      saveNested(stage.model(), "fitted model", path + MODEL_DIR);
      List<Row> rows = new ArrayList<>();
      for (SelfTrainingRound r : stage.history()) {
        rows.add(
            RowFactory.create(
                r.round(),
                r.trainingRows(),
                r.pseudoLabelledRows(),
                r.added(),
                r.meanConfidence(),
                r.targetAccuracy(),
                r.addedAccuracy()));
      }
      saveRows(path, HISTORY_DIR, HISTORY_SCHEMA, rows);
    }
  }

  static final class ModelReader extends SavedFormat.Reader<SelfTrainingClassificationModel> {
    ModelReader() {
      super(SelfTrainingClassificationModel.class);
    }

    @Override
    protected SelfTrainingClassificationModel create(String path, SavedFormat.Loaded loaded) {
      Model<?> fitted = DefaultParamsReader.loadParamsInstance(path + MODEL_DIR, sc());
      List<SelfTrainingRound> history = new ArrayList<>();
      for (Row r : readRows(path, HISTORY_DIR).orderBy("round").collectAsList()) {
        history.add(
            new SelfTrainingRound(
                r.getInt(0),
                r.getLong(1),
                r.getLong(2),
                r.getLong(3),
                r.getDouble(4),
                r.getDouble(5),
                r.getDouble(6)));
      }
      return new SelfTrainingClassificationModel(
          loaded.metadata.uid(), fitted, history.toArray(new SelfTrainingRound[0]));
    }
  }
}
