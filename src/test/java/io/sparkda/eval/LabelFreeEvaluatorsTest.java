package io.sparkda.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkda.internal.persistence.SavedFormat;
import io.sparkda.ml.SelfTrainingClassifier;
import io.sparkda.testutil.SavedMetadata;
import io.sparkda.testutil.SparkTestSession;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The label-free evaluators on scored rows built by hand, where the right value is known: a 1-D
 * covariate shift (source x ~ N(0, 1), target x ~ N(shift, 1)), which logistic regression models
 * exactly, so its density ratios are right up to sampling noise.
 */
class LabelFreeEvaluatorsTest {
  private static final StructType SCHEMA =
      new StructType()
          .add("features", SQLDataTypes.VectorType())
          .add("domain", DataTypes.DoubleType)
          .add("label", DataTypes.DoubleType, true)
          .add("probability", SQLDataTypes.VectorType())
          .add("prediction", DataTypes.DoubleType);

  /** How the hand-made model scores a row at x. */
  interface Scorer {
    double[] probability(double x);
  }

  private static Dataset<Row> scored(
      int rows, double shift, Scorer scorer, Double targetLabel, long seed) {
    return scored(rows, shift, scorer, scorer, targetLabel, seed);
  }

  /** Source labels are 1 above x = 1, 0 below; target labels all {@code targetLabel}. */
  private static Dataset<Row> scored(
      int rows,
      double shift,
      Scorer sourceScorer,
      Scorer targetScorer,
      Double targetLabel,
      long seed) {
    Random random = new Random(seed);
    List<Row> data = new ArrayList<>();
    for (int domain = 0; domain < 2; domain++) {
      for (int i = 0; i < rows; i++) {
        double x = random.nextGaussian() + (domain == 1 ? shift : 0);
        double[] p = (domain == 0 ? sourceScorer : targetScorer).probability(x);
        data.add(
            RowFactory.create(
                Vectors.dense(x, random.nextGaussian()),
                (double) domain,
                domain == 0 ? Double.valueOf(x > 1 ? 1.0 : 0.0) : targetLabel,
                Vectors.dense(p),
                p[1] > p[0] ? 1.0 : 0.0));
      }
    }
    return SparkTestSession.get().createDataFrame(data, SCHEMA);
  }

  /** Says class 0 with probability 0.9 everywhere: loss -ln 0.1 above x = 1, -ln 0.9 below. */
  private static double[] alwaysZero(double x) {
    return new double[] {0.9, 0.1};
  }

  @Test
  void importanceWeightingMovesTheSourceLossTowardsTheTargetLoss() {
    Dataset<Row> shifted = scored(600, 2, LabelFreeEvaluatorsTest::alwaysZero, null, 1);
    double weighted = new ImportanceWeightedEvaluator().evaluate(shifted);
    double sameDomains =
        new ImportanceWeightedEvaluator()
            .evaluate(scored(600, 0, LabelFreeEvaluatorsTest::alwaysZero, null, 1));
    // Source rows above 1 (loss 2.30) are 16 % of the source but 84 % of the target.
    double lowLoss = -Math.log(0.9);
    double highLoss = -Math.log(0.1);
    double sourceRisk = 0.16 * highLoss + 0.84 * lowLoss;
    double targetRisk = 0.84 * highLoss + 0.16 * lowLoss;
    assertEquals(sourceRisk, sameDomains, 0.1, "no shift: weights near 1");
    assertTrue(
        Math.abs(weighted - targetRisk) < Math.abs(weighted - sourceRisk),
        "IWV " + weighted + " nearer the target risk " + targetRisk + " than " + sourceRisk);
  }

  @Test
  void precomputedDensityRatiosGiveTheSameValues() {
    Dataset<Row> shifted = scored(300, 1, LabelFreeEvaluatorsTest::alwaysZero, null, 8);
    Dataset<Row> weighted = DensityRatio.withWeights(shifted, "features", "domain", "w", 0.01, 7);
    assertEquals(
        new ImportanceWeightedEvaluator().evaluate(shifted),
        new ImportanceWeightedEvaluator().setWeightCol("w").evaluate(weighted),
        1e-9);
    assertEquals(
        new DeepEmbeddedEvaluator().evaluate(shifted),
        new DeepEmbeddedEvaluator().setWeightCol("w").evaluate(weighted),
        1e-9);
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> new DeepEmbeddedEvaluator().setWeightCol("nope").evaluate(shifted));
    assertTrue(e.getMessage().contains("'nope'"), e.getMessage());
  }

  @Test
  void theControlVariateMakesAConstantLossExact() {
    Dataset<Row> shifted = scored(400, 1.5, x -> new double[] {0.5, 0.5}, null, 2);
    assertEquals(Math.log(2), new DeepEmbeddedEvaluator().evaluate(shifted), 1e-9);
  }

  @Test
  void reverseValidationRewardsPseudoLabelsThatCarryTheSourceStructure() {
    Dataset<Row> consistent =
        scored(300, 0.5, x -> x > 1 ? new double[] {0.2, 0.8} : new double[] {0.8, 0.2}, null, 3);
    Dataset<Row> flipped =
        scored(300, 0.5, x -> x > 1 ? new double[] {0.8, 0.2} : new double[] {0.2, 0.8}, null, 3);
    ReverseValidationEvaluator reverse = new ReverseValidationEvaluator();
    assertTrue(reverse.isLargerBetter());
    assertTrue(reverse.evaluate(consistent) > 0.9, "consistent pseudo-labels");
    assertTrue(reverse.evaluate(flipped) < 0.1, "flipped pseudo-labels");
  }

  /**
   * With the forward model as its own reverse model (here logistic regression on the labelled rows,
   * inside a SelfTrainingClassifier that trains on them only): consistent pseudo-labels carry the
   * source's labels back, flipped ones invert them, one class is a constant reverse model; and the
   * plain evaluate refuses, since it has no estimator to fit.
   */
  @Test
  void reverseValidationCanRefitTheForwardModelWithTheDomainsSwapped() {
    Dataset<Row> consistent =
        scored(300, 0.5, x -> x > 1 ? new double[] {0.2, 0.8} : new double[] {0.8, 0.2}, null, 3);
    Dataset<Row> flipped =
        scored(300, 0.5, x -> x > 1 ? new double[] {0.8, 0.2} : new double[] {0.2, 0.8}, null, 3);
    Dataset<Row> oneClass = scored(300, 0.5, x -> new double[] {0.8, 0.2}, null, 3);
    ReverseValidationEvaluator reverse =
        new ReverseValidationEvaluator().setReverseModel(ReverseValidationEvaluator.FORWARD);
    SelfTrainingClassifier forward =
        new SelfTrainingClassifier()
            .setClassifier(new LogisticRegression())
            .setDomainCol("domain")
            .setMaxIter(0);
    String[] input = {"features", "domain", "label"};
    double right = reverse.evaluateByRefitting(forward, ParamMap.empty(), consistent, input);
    double wrong = reverse.evaluateByRefitting(forward, ParamMap.empty(), flipped, input);
    double constant = reverse.evaluateByRefitting(forward, ParamMap.empty(), oneClass, input);
    assertTrue(right > 0.9, "consistent pseudo-labels: " + right);
    assertTrue(wrong < 0.1, "flipped pseudo-labels: " + wrong);
    long zeros = consistent.filter("domain = 0 AND label = 0").count();
    assertEquals((double) zeros / consistent.filter("domain = 0").count(), constant, 1e-12);
    assertThrows(IllegalStateException.class, () -> reverse.evaluate(consistent));
  }

  @Test
  void entropyAndDensityReadTargetRowsOnly() {
    // Source rows are sure (entropy 0), target rows undecided (ln 2).
    Dataset<Row> rows =
        scored(50, 0, x -> new double[] {1, 0}, x -> new double[] {0.5, 0.5}, null, 4);
    assertEquals(Math.log(2), new PredictionEntropyEvaluator().evaluate(rows), 1e-12);
    // Identical target predictions: every row's similarities are uniform over the other n - 1.
    assertEquals(
        Math.log(9),
        new SoftNeighborhoodDensityEvaluator().setMaxRows(10).evaluate(rows),
        1e-9,
        "a sample of 10 of the 50 target rows");
  }

  @Test
  void sourceAccuracyCountsSourceRowsOnly() {
    // Class 0 on every source row, class 1 (and its label) on every target row: only the source
    // rows labelled 0 (x <= 1) count as right.
    Dataset<Row> rows =
        scored(200, 0, LabelFreeEvaluatorsTest::alwaysZero, x -> new double[] {0, 1}, 1.0, 9);
    Dataset<Row> source = rows.filter("domain = 0");
    double expected = source.filter("label = 0").count() / (double) source.count();
    assertTrue(expected > 0.6 && expected < 0.95, "some source rows are above x = 1: " + expected);
    assertEquals(expected, new SourceAccuracyEvaluator().evaluate(rows), 1e-12);
    IllegalArgumentException noSource =
        assertThrows(
            IllegalArgumentException.class,
            () -> new SourceAccuracyEvaluator().evaluate(rows.filter("domain = 1")));
    assertTrue(noSource.getMessage().contains("no labelled source rows"), noSource.getMessage());
  }

  @Test
  void targetLabelsNeverChangeAValue() {
    Scorer scorer = x -> x > 1 ? new double[] {0.3, 0.7} : new double[] {0.6, 0.4};
    Dataset<Row> unlabelled = scored(200, 1, scorer, null, 5);
    Dataset<Row> labelled = scored(200, 1, scorer, 1.0, 5);
    List<DomainAwareEvaluator<?>> evaluators =
        List.of(
            new ImportanceWeightedEvaluator(),
            new DeepEmbeddedEvaluator(),
            new ReverseValidationEvaluator(),
            new PredictionEntropyEvaluator(),
            new SoftNeighborhoodDensityEvaluator(),
            new SourceAccuracyEvaluator());
    for (DomainAwareEvaluator<?> evaluator : evaluators) {
      assertFalse(evaluator.usesTargetLabels());
      assertEquals(
          evaluator.evaluate(unlabelled),
          evaluator.evaluate(labelled),
          1e-12,
          evaluator.getClass().getSimpleName());
    }
  }

  @Test
  void effectiveSampleSizeFallsAsTheDomainsSeparate() {
    Scorer any = x -> new double[] {0.5, 0.5};
    double[] sizes = new double[3];
    double[] shifts = {0, 1, 4};
    for (int i = 0; i < shifts.length; i++) {
      Dataset<Row> weighted =
          DensityRatio.withWeights(
              scored(400, shifts[i], any, null, 9), "features", "domain", "w", 0.01, 7);
      sizes[i] = DensityRatio.effectiveSampleSize(weighted, "w", "domain");
    }
    assertTrue(sizes[0] > 0.9, "one distribution: nearly equal weights, " + sizes[0]);
    assertTrue(sizes[1] < sizes[0] && sizes[2] < sizes[1], Arrays.toString(sizes));
    assertTrue(sizes[2] < 0.2, "4 sd apart: a few source rows carry the weight, " + sizes[2]);
  }

  @Test
  void discrepancyIsSmallForOneDistributionAndLargeForSeparatedDomains() {
    Scorer any = x -> new double[] {0.5, 0.5};
    Dataset<Row> same = scored(400, 0, any, null, 6);
    Dataset<Row> apart = scored(400, 4, any, null, 6);
    double sameDistance = DomainDiscrepancy.proxyADistance(same, "features", "domain", 1);
    double apartDistance = DomainDiscrepancy.proxyADistance(apart, "features", "domain", 1);
    assertTrue(sameDistance < 0.4, "same distribution: " + sameDistance);
    assertTrue(apartDistance > 1.8, "4 sd apart: " + apartDistance);
    double sameMmd = DomainDiscrepancy.mmd(same, "features", "domain", 300, 1);
    double apartMmd = DomainDiscrepancy.mmd(apart, "features", "domain", 300, 1);
    assertTrue(Math.abs(sameMmd) < 0.02 && apartMmd > 0.3, sameMmd + " vs " + apartMmd);
  }

  @Test
  void aMissingColumnIsNamedWithItsParam() {
    Dataset<Row> rows = scored(20, 0, x -> new double[] {0.5, 0.5}, null, 7).drop("probability");
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> new PredictionEntropyEvaluator().evaluate(rows));
    assertTrue(
        e.getMessage().contains("'probability'") && e.getMessage().contains("probabilityCol"),
        e.getMessage());
  }

  @Test
  void evaluatorsSaveTheirParamsWithTheFormatVersion(@TempDir Path dir) throws Exception {
    String path = dir.resolve("dev").toString();
    new DeepEmbeddedEvaluator().setFeaturesCol("embedding").setRegParam(0.5).save(path);
    assertTrue(
        SavedMetadata.read(path).contains("\"formatVersion\":" + SavedFormat.CURRENT_VERSION));
    DeepEmbeddedEvaluator loaded = DeepEmbeddedEvaluator.load(path);
    assertEquals("embedding", loaded.getFeaturesCol());
    assertEquals(0.5, loaded.getRegParam());
  }
}
