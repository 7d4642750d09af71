package io.sparkda.ml;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkda.eval.ImportanceWeightedEvaluator;
import io.sparkda.eval.PredictionEntropyEvaluator;
import io.sparkda.eval.ReverseValidationEvaluator;
import io.sparkda.eval.SourceAccuracyEvaluator;
import io.sparkda.testutil.MoonsFixture;
import io.sparkda.testutil.SparkTestSession;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.UnaryOperator;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.evaluation.Evaluator;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.tuning.ParamGridBuilder;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DomainAdaptationValidatorTest {
  private static Dataset<Row> moons;

  @BeforeAll
  static void data() {
    moons = MoonsFixture.domains(SparkTestSession.get(), 300, 4).cache();
  }

  private static DannClassifier dann() {
    return DannClassifierTest.moonsDann(4).setMaxEpochs(10);
  }

  private static ParamMap[] lambdaGrid(DannClassifier dann) {
    return new ParamGridBuilder()
        .addGrid(dann.lambdaMax(), new double[] {0.0, 1.0})
        .addGrid(dann.learningRate(), new double[] {0.01, 0.0001})
        .build();
  }

  @Test
  void picksTheBestScoreAndRefitsItOnAllTheData() {
    DannClassifier dann = dann();
    ReverseValidationEvaluator evaluator = new ReverseValidationEvaluator();
    DomainAdaptationValidatorModel model =
        new DomainAdaptationValidator()
            .setEstimator(dann)
            .setEstimatorParamMaps(lambdaGrid(dann))
            .setEvaluator(evaluator)
            .setParallelism(2)
            .fit(moons);
    double[] scores = model.validationScores();
    assertEquals(4, scores.length);
    int best = 0;
    for (int i = 1; i < scores.length; i++) {
      best = scores[i] > scores[best] ? i : best;
    }
    assertEquals(best, model.bestIndex(), "reverse validation: larger is better");
    assertTrue(
        List.of(model.candidates()).stream().filter(c -> c.contains("learningRate=1.0E-4")).count()
            == 2,
        List.of(model.candidates()).toString());
    assertTrue(model.choice().contains("reads no target label"), model.choice());
    assertFalse(model.usedTargetLabels());
    // Candidates train on the source split (80 %) plus every target row; the pick on all rows.
    DannTrainingSummary refit = ((DannClassificationModel) model.bestModel()).summary();
    assertEquals(300, refit.sourceRows());
    assertEquals(300, refit.targetRows());
    assertTrue(
        model.candidateHistories()[best].networkRounds().length > 0, "candidate histories kept");
    // The refit used the pick's grid entry.
    DannClassifier refitBy = (DannClassifier) model.bestModel().parent();
    ParamMap chosen = lambdaGrid(dann)[best];
    assertEquals(chosen.apply(dann.lambdaMax()), (Double) refitBy.getLambdaMax());
    assertEquals(chosen.apply(dann.learningRate()), (Double) refitBy.getLearningRate());
  }

  @Test
  void keepsTheSourceOnlyCandidateUnlessAnAdaptedOneIsClearlyBetter() {
    DannClassifier dann = dann();
    ParamMap[] grid =
        new ParamGridBuilder().addGrid(dann.lambdaMax(), new double[] {0.0, 0.3, 1.0}).build();
    DomainAdaptationValidator validator =
        new DomainAdaptationValidator()
            .setEstimator(dann)
            .setEstimatorParamMaps(grid)
            .setEvaluator(new ImportanceWeightedEvaluator());
    DomainAdaptationValidatorModel free = validator.fit(moons);
    double[] scores = free.validationScores();
    int smallest = 0;
    for (int i = 1; i < scores.length; i++) {
      smallest = scores[i] < scores[smallest] ? i : smallest;
    }
    assertEquals(smallest, free.bestIndex(), "IWV: smaller is better");
    // Call another candidate the source-only one: it is kept unless beaten by more than the margin.
    int other = (smallest + 1) % scores.length;
    DomainAdaptationValidatorModel kept =
        validator
            .copy(ParamMap.empty())
            .setSourceOnlyIndex(other)
            .setMinImprovement(1e9)
            .fit(moons);
    assertEquals(other, kept.bestIndex());
    assertTrue(kept.choice().contains("kept source-only"), kept.choice());
    // In words candidates count from 1, as their log lines do; the index counts from 0.
    String sourceOnly = "source-only candidate " + (other + 1) + "/" + scores.length;
    assertTrue(kept.choice().contains(sourceOnly), kept.choice());
    assertTrue(
        kept.choice().contains("best adapted candidate " + (smallest + 1) + "/"), kept.choice());
    DomainAdaptationValidatorModel beaten =
        validator.copy(ParamMap.empty()).setSourceOnlyIndex(other).setMinImprovement(0).fit(moons);
    assertEquals(smallest, beaten.bestIndex(), "beaten by any margin: the best is picked");
    // A negative margin is a tolerance: with the best candidate as the source-only one, the next
    // best is picked if it is within the tolerance, and not if it is further behind.
    int next = smallest == 0 ? 1 : 0;
    for (int i = 0; i < scores.length; i++) {
      next = i != smallest && scores[i] < scores[next] ? i : next;
    }
    double gap = scores[next] - scores[smallest];
    assertTrue(gap > 0, "the moons candidates score apart: " + Arrays.toString(scores));
    DomainAdaptationValidatorModel tolerated =
        validator
            .copy(ParamMap.empty())
            .setSourceOnlyIndex(smallest)
            .setMinImprovement(-2 * gap)
            .fit(moons);
    assertEquals(next, tolerated.bestIndex(), tolerated.choice());
    assertTrue(tolerated.choice().contains("within"), tolerated.choice());
    DomainAdaptationValidatorModel notTolerated =
        validator
            .copy(ParamMap.empty())
            .setSourceOnlyIndex(smallest)
            .setMinImprovement(-gap / 2)
            .fit(moons);
    assertEquals(smallest, notTolerated.bestIndex(), notTolerated.choice());
    assertTrue(notTolerated.choice().contains("is not within"), notTolerated.choice());
  }

  /**
   * Logistic regression alone and after CORAL, as {@code pipeline}'s stages. A plain Spark
   * classifier fits on labelled rows only inside SelfTrainingClassifier (maxIter 0): on its own it
   * fails on the target rows' null labels.
   */
  private static List<ParamMap> shallowGrid(Pipeline pipeline) {
    SelfTrainingClassifier plain =
        new SelfTrainingClassifier().setClassifier(new LogisticRegression()).setMaxIter(0);
    CoralAlignment coral = new CoralAlignment().setOutputCol("aligned");
    SelfTrainingClassifier onAligned =
        new SelfTrainingClassifier()
            .setClassifier(new LogisticRegression().setFeaturesCol("aligned"))
            .setMaxIter(0);
    return List.of(
        new ParamMap().put(pipeline.stages(), new PipelineStage[] {plain}),
        new ParamMap().put(pipeline.stages(), new PipelineStage[] {coral, onAligned}));
  }

  @Test
  void comparesMethodsAsAGridOverPipelineStages(@TempDir Path dir) throws Exception {
    Pipeline pipeline = new Pipeline();
    List<ParamMap> candidates = new ArrayList<>(shallowGrid(pipeline));
    candidates.add(new ParamMap().put(pipeline.stages(), new PipelineStage[] {dann()}));
    ParamMap[] grid = candidates.toArray(new ParamMap[0]);
    DomainAdaptationValidatorModel model =
        new DomainAdaptationValidator()
            .setEstimator(pipeline)
            .setEstimatorParamMaps(grid)
            .setEvaluator(new ReverseValidationEvaluator())
            .setSourceOnlyIndex(0)
            .setCandidateNames(new String[] {"source-only", "coral", "dann"})
            .fit(moons);
    assertEquals(3, model.validationScores().length);
    assertEquals(List.of("source-only", "coral", "dann"), List.of(model.candidates()));
    assertTrue(model.bestModel() instanceof PipelineModel);

    DomainAdaptationValidator stagesGrid =
        new DomainAdaptationValidator()
            .setEstimator(pipeline)
            .setEstimatorParamMaps(grid)
            .setEvaluator(new ReverseValidationEvaluator());
    UnsupportedOperationException unsaved =
        assertThrows(
            UnsupportedOperationException.class,
            () -> stagesGrid.save(dir.resolve("unsaved").toString()));
    assertTrue(unsaved.getMessage().contains("model can be saved"), unsaved.getMessage());

    String path = dir.resolve("validated").toString();
    model.save(path);
    DomainAdaptationValidatorModel loaded = DomainAdaptationValidatorModel.load(path);
    assertArrayEquals(model.validationScores(), loaded.validationScores(), 0.0);
    assertEquals(model.bestIndex(), loaded.bestIndex());
    assertEquals(model.choice(), loaded.choice());
    assertEquals(
        model.transform(moons).select("prediction").collectAsList(),
        loaded.transform(moons).select("prediction").collectAsList());
  }

  /**
   * The split is the seed's alone. randomSplit sorted each partition by every orderable column, so
   * a column added in front (here; in the job, the density ratios iwv needs) moved rows between
   * train and validation under the same seed.
   */
  @Test
  void theSplitDoesNotDependOnTheColumnsOfTheData() {
    Pipeline pipeline = new Pipeline();
    DomainAdaptationValidator validator =
        new DomainAdaptationValidator()
            .setEstimator(pipeline)
            .setEstimatorParamMaps(shallowGrid(pipeline).toArray(new ParamMap[0]))
            .setEvaluator(new SourceAccuracyEvaluator())
            .setNumSplits(2);
    double[] scores = validator.fit(moons).validationScores();
    Dataset<Row> widened =
        moons.select(functions.col("x1").multiply(-1).as("flipped"), functions.col("*"));
    assertArrayEquals(scores, validator.fit(widened).validationScores(), 0.0);
  }

  /** With several splits a candidate's score is the mean of its scores on each split alone. */
  @Test
  void repeatedSplitsScoreEachCandidateByItsMeanOverThem() {
    SelfTrainingClassifier plain =
        new SelfTrainingClassifier().setClassifier(new LogisticRegression()).setMaxIter(0);
    ParamMap[] grid = {
      new ParamMap().put(plain.maxIter(), 0),
    };
    double[] single = new double[3];
    for (int i = 0; i < 3; i++) {
      single[i] =
          new DomainAdaptationValidator()
              .setEstimator(plain)
              .setEstimatorParamMaps(grid)
              .setEvaluator(new ReverseValidationEvaluator())
              .setSeed(11 + i)
              .fit(moons)
              .validationScores()[0];
    }
    DomainAdaptationValidatorModel model =
        new DomainAdaptationValidator()
            .setEstimator(plain)
            .setEstimatorParamMaps(grid)
            .setEvaluator(new ReverseValidationEvaluator())
            .setMoreEvaluators(
                new Evaluator[] {
                  new PredictionEntropyEvaluator(), new ReverseValidationEvaluator()
                })
            .setSeed(11)
            .setNumSplits(3)
            .fit(moons);
    double repeated = model.validationScores()[0];
    assertEquals((single[0] + single[1] + single[2]) / 3, repeated, 1e-12);
    // A further evaluator sees the same predictions: the same evaluator gives the same mean.
    assertEquals(repeated, model.moreEvaluatorScores()[0][1], 1e-12);
    assertTrue(model.moreEvaluatorScores()[0][0] >= 0, "an entropy");
    assertTrue(single[0] != single[1] || single[1] != single[2], "the splits differ");
  }

  @Test
  void theValidatorSavesItsEstimatorEvaluatorAndGrid(@TempDir Path dir) throws Exception {
    DannClassifier dann = dann();
    DomainAdaptationValidator validator =
        new DomainAdaptationValidator()
            .setEstimator(dann)
            .setEstimatorParamMaps(lambdaGrid(dann))
            .setEvaluator(new ImportanceWeightedEvaluator().setRegParam(0.5))
            .setValidationFraction(0.3)
            .setMoreEvaluators(new Evaluator[] {new PredictionEntropyEvaluator()})
            .setSourceOnlyIndex(0);
    String path = dir.resolve("validator").toString();
    validator.save(path);
    DomainAdaptationValidator loaded = DomainAdaptationValidator.load(path);
    assertEquals(0.3, loaded.getValidationFraction());
    assertEquals(0, loaded.getSourceOnlyIndex());
    assertEquals(4, loaded.getEstimatorParamMaps().length);
    assertEquals(0.5, ((ImportanceWeightedEvaluator) loaded.getEvaluator()).getRegParam());
    assertEquals(dann.uid(), loaded.getEstimator().uid());
    assertEquals(1, loaded.getMoreEvaluators().length);
    assertTrue(loaded.getMoreEvaluators()[0] instanceof PredictionEntropyEvaluator);
  }

  /** The message a validator over the lambda grid, as {@code change} sets it, is refused with. */
  private String refusal(UnaryOperator<DomainAdaptationValidator> change) {
    DannClassifier dann = dann();
    DomainAdaptationValidator validator =
        new DomainAdaptationValidator()
            .setEstimator(dann)
            .setEstimatorParamMaps(lambdaGrid(dann))
            .setEvaluator(new ImportanceWeightedEvaluator());
    return assertThrows(IllegalArgumentException.class, () -> change.apply(validator).fit(moons))
        .getMessage();
  }

  @Test
  void aMissingGridOrAnOutOfRangeSourceOnlyIndexIsNamed() {
    DannClassifier dann = dann();
    IllegalArgumentException missing =
        assertThrows(
            IllegalArgumentException.class,
            () -> new DomainAdaptationValidator().setEstimator(dann).fit(moons));
    assertTrue(missing.getMessage().contains("estimatorParamMaps"), missing.getMessage());
    String index = refusal(v -> v.setSourceOnlyIndex(4));
    assertTrue(index.contains("sourceOnlyIndex 4"), index);
    String names = refusal(v -> v.setCandidateNames(new String[] {"only one"}));
    assertTrue(names.contains("candidateNames has 1 names for 4 candidates"), names);
  }
}
