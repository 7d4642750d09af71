package io.sparkda.ml.reweighting;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.sum;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkda.ml.SelfTrainingClassifier;
import io.sparkda.testutil.GaussianDomains;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.classification.RandomForestClassifier;
import org.apache.spark.ml.functions;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class DomainReweightingTest {
  private static Dataset<Row> data;

  /**
   * Covariate shift in the first feature: N(0, 1) on source rows, N(1, 1) on target rows, so the
   * true density ratio is exp(x - 1/2), which a logistic domain classifier can represent.
   */
  @BeforeAll
  static void data() {
    data =
        GaussianDomains.of(
            2000, 5, (domainClass, z) -> new double[] {z[0] + (domainClass < 2 ? 0 : 1), z[1]});
  }

  @Test
  void weightedSourceRowsLookLikeTheTarget() {
    // Unregularized and barely clipped, the weights estimate the true ratio.
    DomainReweightingModel model =
        new DomainReweighting()
            .setClassifier(new LogisticRegression().setRegParam(0))
            .setMaxWeight(100)
            .setFlattening(1)
            .fit(data);
    Dataset<Row> out = model.transform(data);
    Column x = functions.vector_to_array(col("features"), "float64").getItem(0);
    Row source =
        out.filter(col("domain").equalTo(0.0))
            .agg(avg(col("weight")), sum(x.multiply(col("weight"))), sum(col("weight")), avg(x))
            .head();
    assertEquals(1.0, source.getDouble(0), 1e-9, "source weights average 1");
    assertEquals(0.0, source.getDouble(3), 0.1, "unweighted source mean");
    assertEquals(1.0, source.getDouble(1) / source.getDouble(2), 0.15, "weighted source mean");
    Row target = out.filter(col("domain").equalTo(1.0)).agg(avg("weight"), max("weight")).head();
    assertEquals(1.0, target.getDouble(0), 0, "target rows weigh 1");
    assertEquals(1.0, target.getDouble(1), 0);
    // The true ratio exp(x - 1/2) under N(0, 1) has ESS exp(-1) = 0.37.
    assertEquals(Math.exp(-1), model.effectiveSampleSize(), 0.08);
    double[] q = model.weightQuantiles();
    for (int i = 1; i < q.length; i++) {
      assertTrue(q[i - 1] <= q[i], "quantiles in order: " + model.weightSummary());
    }
  }

  @Test
  void clipsTheLargestWeights() {
    DomainReweightingModel model = unregularized().setFlattening(1).setMaxWeight(2).fit(data);
    double largest =
        model
            .transform(data)
            .filter(col("domain").equalTo(0.0))
            .agg(max("weight"))
            .head()
            .getDouble(0);
    double[] q = model.weightQuantiles();
    assertTrue(largest <= 2.0 * 1.5, "clipped: " + largest);
    assertEquals(largest, q[q.length - 1], 1e-6);
    assertTrue(model.effectiveSampleSize() > Math.exp(-1), "clipping raises the ESS");
  }

  @Test
  void flatteningMovesTheWeightsTowardOne() {
    double full = unregularized().setFlattening(1).fit(data).effectiveSampleSize();
    double half = unregularized().setFlattening(0.5).fit(data).effectiveSampleSize();
    DomainReweightingModel none = unregularized().setFlattening(0).fit(data);
    assertTrue(full < half && half < 1, "ESS " + full + " < " + half + " < 1");
    assertEquals(1.0, none.effectiveSampleSize(), 1e-12);
    assertEquals(
        1.0,
        none.transform(data).agg(max("weight")).head().getDouble(0),
        1e-12,
        "exponent 0: every weight is 1");
  }

  @Test
  void feedsAnyWeightAwareClassifierInAPipelineAndSavesAndLoads() throws Exception {
    Pipeline pipeline =
        new Pipeline()
            .setStages(
                new PipelineStage[] {
                  new DomainReweighting()
                      .setWeightCol("w")
                      .setClassifier(new RandomForestClassifier().setNumTrees(5).setSeed(1)),
                  new SelfTrainingClassifier()
                      .setMaxIter(0)
                      .setClassifier(new LogisticRegression().setWeightCol("w"))
                });
    PipelineModel fitted = pipeline.fit(data);
    Path dir = Files.createTempDirectory("reweighting");
    fitted.write().save(dir.resolve("model").toString());
    PipelineModel loaded = PipelineModel.load(dir.resolve("model").toString());
    assertEquals(
        fitted.transform(data).select("w", "probability").collectAsList(),
        loaded.transform(data).select("w", "probability").collectAsList());
    pipeline.write().save(dir.resolve("estimator").toString());
    DomainReweighting estimator =
        (DomainReweighting) Pipeline.load(dir.resolve("estimator").toString()).getStages()[0];
    assertTrue(estimator.getClassifier() instanceof RandomForestClassifier);
    // Data to score has no domain column: every row weighs 1.
    assertEquals(1.0, fitted.transform(data.drop("domain")).agg(avg("w")).head().getDouble(0), 0);
  }

  /** The default domain classifier is strongly regularized; these tests look at the ratios. */
  private static DomainReweighting unregularized() {
    return new DomainReweighting()
        .setClassifier(new LogisticRegression().setRegParam(0))
        .setMaxWeight(100);
  }

  @Test
  void theDefaultsAreConservative() {
    // regParam 10 and flattening 0.5, chosen on the wide Amazon data: on 2 features they only
    // nudge the weights, in the direction of the ratio.
    DomainReweightingModel model = new DomainReweighting().fit(data);
    assertTrue(model.effectiveSampleSize() > 0.99, model.weightSummary());
    Column x = functions.vector_to_array(col("features"), "float64").getItem(0);
    List<Row> sorted =
        model
            .transform(data)
            .filter(col("domain").equalTo(0.0))
            .orderBy(x)
            .select("weight")
            .collectAsList();
    double lowest = sorted.get(0).getDouble(0);
    double highest = sorted.get(sorted.size() - 1).getDouble(0);
    assertTrue(lowest < 1 && highest > 1, "weights grow with x: " + lowest + ", " + highest);
  }

  @Test
  void refusesAnExistingWeightColumnAndABadClip() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> new DomainReweighting().setWeightCol("label").fit(data));
    assertTrue(e.getMessage().contains("weightCol"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new DomainReweighting().setMaxWeight(1));
  }
}
