package io.sparkda.ml;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkda.eval.Accuracy;
import io.sparkda.testutil.MoonsFixture;
import io.sparkda.testutil.SparkTestSession;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.classification.LogisticRegressionModel;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.RuntimeConfig;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SelfTrainingClassifierTest {
  private static Dataset<Row> shifted;

  /**
   * Two well-separated 1-d classes; the target is shifted right, so the source boundary (x = 0)
   * cuts through the target's class 0. Pseudo-labels from the confident target rows move it.
   */
  @BeforeAll
  static void data() {
    StructType schema =
        new StructType()
            .add("features", SQLDataTypes.VectorType(), false)
            .add("label", DataTypes.DoubleType, true)
            .add("domain", DataTypes.DoubleType, false)
            .add("trueLabel", DataTypes.DoubleType, false);
    Random random = new Random(2);
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < 600; i++) {
      double y = i % 2;
      double x = (y == 0 ? -1 : 1) + 0.35 * random.nextGaussian();
      rows.add(RowFactory.create(Vectors.dense(x, 1), y, 0.0, y));
      double shiftedX = (y == 0 ? -0.1 : 2.1) + 0.35 * random.nextGaussian();
      rows.add(RowFactory.create(Vectors.dense(shiftedX, 1), null, 1.0, y));
    }
    shifted = SparkTestSession.get().createDataFrame(rows, schema).repartition(2).cache();
  }

  private static SelfTrainingClassifier selfTrainedLr() {
    return new SelfTrainingClassifier()
        .setClassifier(new LogisticRegression())
        .setEvaluationLabelCol("trueLabel")
        .setMaxIter(4)
        .setThreshold(0.8);
  }

  @Test
  void pseudoLabelsMoveTheBoundaryTowardsTheTarget() {
    // Class-balanced picks; a regularized model, whose boundary sits between the class means.
    LogisticRegression lr = new LogisticRegression().setRegParam(0.1);
    SelfTrainingClassificationModel model =
        selfTrainedLr()
            .setClassifier(lr)
            .setSelection("top-fraction")
            .setFraction(0.3)
            .fit(shifted);
    SelfTrainingRound[] history = model.history();
    assertEquals(600, history[0].trainingRows(), "round 0 fits the source rows only");
    assertEquals(0, history[0].pseudoLabelledRows());
    assertTrue(history[0].added() > 0, history[0].toString());
    long pseudo = 0;
    for (int r = 1; r < history.length; r++) {
      pseudo += history[r - 1].added();
      assertEquals(pseudo, history[r].pseudoLabelledRows(), "pseudo-labels accumulate");
      assertEquals(600 + pseudo, history[r].trainingRows());
    }
    SelfTrainingRound last = history[history.length - 1];
    // The boundary x* = -intercept / slope moved right, towards the target classes' gap (x = 1).
    LogisticRegressionModel sourceOnly = lr.fit(shifted.filter(col("domain").equalTo(0.0)));
    LogisticRegressionModel selfTrained = (LogisticRegressionModel) model.model();
    double before = -sourceOnly.intercept() / sourceOnly.coefficients().apply(0);
    double after = -selfTrained.intercept() / selfTrained.coefficients().apply(0);
    assertTrue(
        after > before + 0.1,
        String.format("boundary %.3f before, %.3f after self-training", before, after));
    // The model is the last round's: its accuracy is the one in the history.
    Dataset<Row> target = model.transform(shifted.filter(col("domain").equalTo(1.0)));
    assertTrue(
        last.targetAccuracy() > history[0].targetAccuracy(),
        String.format(
            "target accuracy %.3f vs %.3f", last.targetAccuracy(), history[0].targetAccuracy()));
    assertEquals(last.targetAccuracy(), Accuracy.of(target, "prediction", "trueLabel"), 1e-9);
  }

  @Test
  void stopsWhenARoundAddsNothingAndZeroRoundsIsThePlainClassifier() {
    // A strongly regularized model is never fully confident.
    SelfTrainingClassificationModel none =
        selfTrainedLr()
            .setThreshold(1.0)
            .setClassifier(new LogisticRegression().setRegParam(1.0))
            .fit(shifted);
    assertEquals(1, none.history().length, "nothing reaches probability 1: one round");
    assertEquals(0, none.history()[0].added());
    LogisticRegressionModel plain =
        new LogisticRegression().fit(shifted.filter(col("domain").equalTo(0.0)));
    LogisticRegressionModel zero =
        (LogisticRegressionModel) selfTrainedLr().setMaxIter(0).fit(shifted).model();
    assertArrayEquals(plain.coefficients().toArray(), zero.coefficients().toArray(), 1e-9);
  }

  @Test
  void labelledTargetRowsAreTrainedOnFromTheFirstRound() {
    Dataset<Row> semi =
        shifted.withColumn(
            "label",
            org.apache.spark.sql.functions.when(
                col("domain").equalTo(0.0).or(org.apache.spark.sql.functions.rand(3).lt(0.05)),
                col("trueLabel")));
    long labelledTarget = semi.filter("domain = 1 AND label IS NOT NULL").count();
    SelfTrainingRound first = selfTrainedLr().setMaxIter(0).fit(semi).history()[0];
    assertEquals(600 + labelledTarget, first.trainingRows());
  }

  @Test
  void wrapsDannWhichAlsoSeesTheUnlabelledTargetRows() {
    // The domain column has another name: self-training hands its domainCol to DANN.
    Dataset<Row> moons =
        MoonsFixture.domains(SparkTestSession.get(), 300, 4).withColumnRenamed("domain", "side");
    SelfTrainingClassificationModel model =
        new SelfTrainingClassifier()
            .setDomainCol("side")
            .setClassifier(DannClassifierTest.moonsDann(4).setMaxEpochs(20))
            .setSelection("top-fraction")
            .setFraction(0.3)
            .setMaxIter(1)
            .setEvaluationLabelCol("trueLabel")
            .fit(moons);
    assertEquals(2, model.history().length);
    assertTrue(model.model() instanceof DannClassificationModel);
    DannTrainingSummary summary = ((DannClassificationModel) model.model()).summary();
    assertEquals(
        300, summary.targetRows(), "DANN got every target row, not only pseudo-labelled ones");
    assertTrue(model.history()[0].added() >= 0.3 * 300 * 0.9, model.history()[0].toString());
    // One history for both: the network's rounds and the self-training rounds.
    TrainingHistory history = model.trainingHistory();
    assertEquals(summary.rounds().length, history.networkRounds().length);
    assertEquals(2, history.selfTrainingRounds().length);
    assertEquals(summary.partitions(), history.partitions());
  }

  /**
   * Stopped once round 0's pseudo-labels are checkpointed and fitted again, self-training starts at
   * round 1 from the saved rows (round 0's network is not fitted again) and ends where an
   * uninterrupted fit with the same checkpoint settings ends.
   */
  @Test
  void aStoppedFitResumesFromTheSavedPseudoLabels(@TempDir Path dir) {
    Dataset<Row> moons = MoonsFixture.domains(SparkTestSession.get(), 200, 6);
    Function<String, SelfTrainingClassifier> selfTraining =
        checkpoints ->
            new SelfTrainingClassifier()
                .setClassifier(DannClassifierTest.moonsDann(6).setMaxEpochs(5))
                .setSelection("top-fraction")
                .setFraction(0.3)
                .setMaxIter(2)
                .setCheckpointDir(checkpoints);
    SelfTrainingClassificationModel uninterrupted =
        selfTraining.apply(dir.resolve("a").toString()).fit(moons);

    SelfTrainingClassifier stopping = selfTraining.apply(dir.resolve("b").toString());
    RuntimeConfig conf = SparkTestSession.get().conf();
    conf.set("spark.sparkda.test.stopAfterSelfTrainingRound", "0");
    IllegalStateException stopped;
    try {
      stopped = assertThrows(IllegalStateException.class, () -> stopping.fit(moons));
    } finally {
      conf.unset("spark.sparkda.test.stopAfterSelfTrainingRound");
    }
    assertTrue(stopped.getMessage().contains("injected fault"), stopped.getMessage());
    assertTrue(
        Files.isDirectory(dir.resolve("b/self-training/round-00001/rows")), "round 1's rows saved");

    SelfTrainingClassificationModel resumed = stopping.fit(moons);
    assertArrayEquals(
        ((DannClassificationModel) uninterrupted.model()).weights(),
        ((DannClassificationModel) resumed.model()).weights());
    assertEquals(3, resumed.history().length);
    assertEquals(uninterrupted.history()[0].added(), resumed.history()[0].added());
    assertEquals(
        uninterrupted.trainingHistory().networkRounds().length,
        resumed.trainingHistory().networkRounds().length,
        "the history of all 3 network fits, round 0's from the checkpoint");

    SelfTrainingClassifier onOtherData = selfTraining.apply(dir.resolve("b").toString());
    IllegalArgumentException refused =
        assertThrows(
            IllegalArgumentException.class,
            () -> onOtherData.fit(MoonsFixture.domains(SparkTestSession.get(), 200, 7)));
    assertTrue(refused.getMessage().contains("data: checkpoint 400 rows"), refused.getMessage());
  }

  @Test
  void refusesUnlabelledSourceRowsInsteadOfDroppingThem() {
    Dataset<Row> bad =
        shifted.withColumn(
            "label",
            org.apache
                .spark
                .sql
                .functions
                .when(
                    col("domain").equalTo(0.0).and(org.apache.spark.sql.functions.rand(1).lt(0.1)),
                    null)
                .otherwise(col("label")));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> selfTrainedLr().fit(bad));
    assertTrue(
        e.getMessage().contains("null label") && e.getMessage().contains("'label'"),
        e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class, () -> new SelfTrainingClassifier().fit(shifted));
    assertTrue(e.getMessage().contains("setClassifier"), e.getMessage());
    assertThrows(
        IllegalArgumentException.class, () -> new SelfTrainingClassifier().setThreshold(0));
  }

  @Test
  void refusesASourceWithOneClass() {
    Dataset<Row> oneClass =
        shifted.filter(col("domain").equalTo(1.0).or(col("label").equalTo(1.0)));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> selfTrainedLr().fit(oneClass));
    assertTrue(
        e.getMessage().contains("every labelled source row has class 1")
            && e.getMessage().contains("'label'"),
        e.getMessage());
  }

  @Test
  void savesAndLoadsTheEstimatorAndTheModelInsideAPipelineWithCoral() throws Exception {
    Path dir = Files.createTempDirectory("self-training");
    SelfTrainingClassifier estimator =
        new SelfTrainingClassifier()
            .setClassifier(
                new LogisticRegression().setFeaturesCol("coralFeatures").setRegParam(0.01))
            .setMaxIter(2)
            .setSelection("top-fraction")
            .setFraction(0.25);
    Pipeline pipeline =
        new Pipeline().setStages(new PipelineStage[] {new CoralAlignment(), estimator});
    pipeline.write().save(dir.resolve("pipeline").toString());
    Pipeline loadedPipeline = Pipeline.load(dir.resolve("pipeline").toString());
    SelfTrainingClassifier loadedEstimator = (SelfTrainingClassifier) loadedPipeline.getStages()[1];
    assertEquals(2, loadedEstimator.getMaxIter());
    assertEquals("top-fraction", loadedEstimator.getSelection());
    assertEquals(0.01, ((LogisticRegression) loadedEstimator.getClassifier()).getRegParam());

    PipelineModel fitted = loadedPipeline.fit(shifted);
    fitted.write().save(dir.resolve("model").toString());
    PipelineModel loaded = PipelineModel.load(dir.resolve("model").toString());
    SelfTrainingClassificationModel st = (SelfTrainingClassificationModel) loaded.stages()[1];
    assertEquals(
        ((SelfTrainingClassificationModel) fitted.stages()[1]).history().length,
        st.history().length);
    Dataset<Row> target = shifted.filter(col("domain").equalTo(1.0)).drop("domain");
    assertEquals(
        fitted.transform(target).select("prediction").collectAsList(),
        loaded.transform(target).select("prediction").collectAsList());
  }
}
