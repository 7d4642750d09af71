package io.sparkda.ml;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkda.examples.RotatedMoons;
import io.sparkda.testutil.Covariance;
import io.sparkda.testutil.MoonsFixture;
import io.sparkda.testutil.SparkTestSession;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class DannClassifierTest {
  private static Dataset<Row> moons;

  @BeforeAll
  static void data() {
    moons = MoonsFixture.domains(SparkTestSession.get(), 500, 11).cache();
  }

  /** The rotated-moons configuration of the example, on 2 partitions. */
  static DannClassifier moonsDann(long seed) {
    return RotatedMoons.dann(seed).setNumPartitions(2);
  }

  @Test
  void dannBeatsSourceOnlyOnRotatedMoonsThroughSpark() {
    long[] seeds = {1, 2, 3};
    double dann = 0;
    double sourceOnly = 0;
    for (long seed : seeds) {
      Dataset<Row> data = MoonsFixture.domains(SparkTestSession.get(), 500, seed).cache();
      DannClassificationModel adapted = moonsDann(seed).setLambdaMax(1.0).fit(data);
      DannClassificationModel baseline = moonsDann(seed).setLambdaMax(0.0).fit(data);
      assertEquals(2, adapted.summary().partitions(), "trained on 2 partitions");
      dann += MoonsFixture.targetAccuracy(adapted.transform(data)) / seeds.length;
      sourceOnly += MoonsFixture.targetAccuracy(baseline.transform(data)) / seeds.length;
      data.unpersist();
    }
    assertTrue(
        dann >= sourceOnly + 0.08,
        String.format("mean target accuracy: DANN %.3f vs source-only %.3f", dann, sourceOnly));
    assertTrue(dann >= 0.82, String.format("DANN mean target accuracy %.3f", dann));
  }

  @Test
  void minStepsTrainsASmallSourceLongerThanItsEpochs() {
    // One epoch of the source rows in global batches of 32 is a handful of rounds of 10 steps;
    // minSteps 100 asks for 10 rounds.
    DannClassifier oneEpoch = moonsDann(4).setMaxEpochs(1);
    int epochRounds = oneEpoch.fit(moons).summary().rounds().length;
    int budgetRounds = oneEpoch.setMinSteps(100).fit(moons).summary().rounds().length;
    assertTrue(epochRounds < 10, "one epoch: " + epochRounds + " rounds");
    assertEquals(10, budgetRounds);
  }

  @Test
  void transformAddsStandardColumnsAndEmbedding() {
    DannClassificationModel model =
        moonsDann(5).setMaxEpochs(5).setEmbeddingCol("embedding").fit(moons);
    Dataset<Row> out = model.transform(moons);
    List<String> columns = List.of(out.columns());
    assertTrue(
        columns.containsAll(List.of("rawPrediction", "probability", "prediction", "embedding")),
        columns.toString());
    Row row = out.select("rawPrediction", "probability", "prediction", "embedding").head();
    Vector raw = row.getAs(0);
    Vector probability = row.getAs(1);
    assertEquals(2, raw.size());
    assertEquals(1.0, probability.apply(0) + probability.apply(1), 1e-9);
    assertEquals(probability.argmax(), (int) row.getDouble(2));
    assertEquals(32, ((Vector) row.getAs(3)).size());
    assertEquals(moons.count(), out.count(), "no row lost");
    // single-row API agrees with the batched transform
    Vector features = out.select("features").head().getAs(0);
    assertArrayEquals(raw.toArray(), model.predictRaw(features).toArray(), 1e-5);
  }

  @Test
  void summaryHasOneEntryPerRoundWithScheduledLambda() {
    DannClassificationModel model = moonsDann(6).setMaxEpochs(4).setLocalSteps(4).fit(moons);
    DannTrainingSummary summary = model.summary();
    long steps = (long) Math.ceil(4 * 500 / 32.0);
    assertEquals((steps + 3) / 4, summary.rounds().length);
    RoundSummary first = summary.rounds()[0];
    RoundSummary last = summary.rounds()[summary.rounds().length - 1];
    assertTrue(first.lambda() < last.lambda(), "Ganin lambda schedule grows");
    assertEquals(2 / (1 + Math.exp(-10)) - 1, last.lambda(), 1e-6);
    assertTrue(Double.isFinite(last.labelLoss()) && last.labelLoss() < first.labelLoss());
    assertTrue(summary.rowsPerSecond() > 0);
    assertEquals(summary.rounds().length, model.trainingHistory().networkRounds().length);
    assertEquals(0, model.trainingHistory().selfTrainingRounds().length);
    assertEquals(0, model.copy(new ParamMap()).trainingHistory().selfTrainingRounds().length);
    assertEquals(500, summary.sourceRows());
    assertEquals(500, summary.targetRows());
    // Each of the 2 partitions receives and returns the weights, float32, once a round, and
    // Adam's two moments where they are averaged (every 10 rounds), returning them then and
    // receiving them in the next round; the steps are part of the time.
    long weightBytes = (long) Float.BYTES * model.weights().length;
    RoundSummary[] rounds = summary.rounds();
    for (int r = 1; r <= rounds.length; r++) {
      long in = r > 1 && (r - 1) % 10 == 0 ? 2 * weightBytes : 0;
      long out = r % 10 == 0 ? 2 * weightBytes : 0;
      assertEquals(2 * weightBytes + in + out, rounds[r - 1].shippedBytes(), rounds[r - 1] + "");
      assertTrue(rounds[r - 1].computeSeconds() > 0, rounds[r - 1].toString());
    }
    assertTrue(rounds.length > 10, rounds.length + " rounds");
  }

  @Test
  void perPartitionBatchesShortenTheEpochWithMorePartitions() {
    // moonsDann trains on 2 partitions: split mode runs every global step on both, per-partition
    // mode draws a full batch in each, so half the steps cover the same epochs.
    DannTrainingSummary split =
        moonsDann(7).setMaxEpochs(4).setLocalSteps(4).setBatchMode("split").fit(moons).summary();
    DannTrainingSummary perPartition =
        moonsDann(7)
            .setMaxEpochs(4)
            .setLocalSteps(4)
            .setBatchMode("per-partition")
            .fit(moons)
            .summary();
    long splitSteps = (long) Math.ceil(4 * 500 / 32.0);
    long perPartitionSteps = (long) Math.ceil(4 * 500 / (2 * 32.0));
    assertEquals((splitSteps + 3) / 4, split.rounds().length);
    assertEquals((perPartitionSteps + 3) / 4, perPartition.rounds().length);
    assertEquals(2, perPartition.partitions());
    RoundSummary last = perPartition.rounds()[perPartition.rounds().length - 1];
    assertTrue(Double.isFinite(last.labelLoss()) && last.labelLoss() < 0.5, last.toString());
    assertThrows(IllegalArgumentException.class, () -> new DannClassifier().setBatchMode("all"));
  }

  /**
   * The moons placed in 2 of 16,384 columns, as hashed features would be: auto holds them as CSR
   * rows and transform scores them sparse, and the fit and its predictions match the dense layout's
   * (same weights at the start, same batches; only the rounding of the first layer's product
   * differs).
   */
  @Test
  void sparseWideInputTrainsAsItsDenseForm() {
    int width = 1 << 14;
    UserDefinedFunction widen =
        functions.udf(
            (UDF1<Vector, Vector>)
                v ->
                    Vectors.sparse(
                        width, new int[] {1234, 15001}, new double[] {v.apply(0), v.apply(1)}),
            SQLDataTypes.VectorType());
    Dataset<Row> wide =
        moons.withColumn("features", widen.apply(functions.col("features"))).cache();
    DannClassificationModel sparse = moonsDann(4).setMaxEpochs(10).fit(wide);
    DannClassificationModel dense =
        moonsDann(4).setMaxEpochs(10).setFeatureLayout("dense").fit(wide);
    assertTrue(sparse.summary().sparseFeatures());
    assertTrue(!dense.summary().sparseFeatures());
    assertTrue(
        sparse.summary().trainingRowBytes() * 100 < dense.summary().trainingRowBytes(),
        sparse.summary().trainingRowBytes()
            + " vs "
            + dense.summary().trainingRowBytes()
            + " bytes");
    List<Row> a = sparse.transform(wide).select("prediction").collectAsList();
    List<Row> b = dense.transform(wide).select("prediction").collectAsList();
    long agree =
        IntStream.range(0, a.size())
            .filter(i -> a.get(i).getDouble(0) == b.get(i).getDouble(0))
            .count();
    assertTrue(agree >= 0.98 * a.size(), agree + " of " + a.size() + " predictions agree");
    double accuracy = MoonsFixture.targetAccuracy(sparse.transform(wide));
    assertEquals(MoonsFixture.targetAccuracy(dense.transform(wide)), accuracy, 0.02);
    assertThrows(
        IllegalArgumentException.class, () -> new DannClassifier().setFeatureLayout("csr"));
  }

  @Test
  void sameSeedGivesSameWeights() {
    float[] a = moonsDann(9).setMaxEpochs(2).fit(moons).weights();
    float[] b = moonsDann(9).setMaxEpochs(2).fit(moons).weights();
    assertArrayEquals(a, b);
  }

  /**
   * With more partitions than the test session's 2 cores, tasks finish in a different order from
   * fit to fit. The average must not depend on that order (Spark's treeReduce merged results as
   * they arrived, and float sums are not associative: runs differed in the last bits).
   */
  @Test
  void sameSeedGivesSameWeightsWhateverOrderThePartitionsFinishIn() {
    DannClassifier dann = moonsDann(9).setMaxEpochs(2).setNumPartitions(4);
    float[] first = dann.fit(moons).weights();
    for (int fit = 2; fit <= 3; fit++) {
      assertArrayEquals(first, dann.fit(moons).weights(), "fit " + fit + " on 4 partitions");
    }
  }

  @Test
  void mmdAlignmentBeatsSourceOnlyOnRotatedMoons() {
    double sourceOnly =
        MoonsFixture.targetAccuracy(moonsDann(2).setAlignment("none").fit(moons).transform(moons));
    DannClassificationModel model = moonsDann(2).setAlignment("mmd").fit(moons);
    double adapted = MoonsFixture.targetAccuracy(model.transform(moons));
    assertTrue(
        adapted >= sourceOnly + 0.05,
        String.format("mmd target accuracy %.3f vs source-only %.3f", adapted, sourceOnly));
    RoundSummary last = model.summary().rounds()[model.summary().rounds().length - 1];
    assertTrue(Double.isNaN(last.domainAccuracy()), "no domain head in use");
    assertTrue(last.alignmentLoss() >= 0, "MMD^2 is a distance");
  }

  /**
   * Deep CORAL's accuracy on moons varies a lot with the seed (bench/results/log-2026-12.md), so
   * this checks what it optimises: the embeddings' covariances end up much closer than
   * source-only's.
   */
  @Test
  void deepCoralBringsTheEmbeddingCovariancesTogether() {
    double sourceOnly = embeddingCoralDistance(moonsDann(2).setAlignment("none"));
    double aligned = embeddingCoralDistance(moonsDann(2).setAlignment("coral").setLambdaMax(100));
    assertTrue(
        aligned < 0.5 * sourceOnly,
        String.format(
            "CORAL distance of the embeddings: %.3g with Deep CORAL vs %.3g source-only",
            aligned, sourceOnly));
  }

  private static double embeddingCoralDistance(DannClassifier classifier) {
    Dataset<Row> embedded = classifier.setEmbeddingCol("embedding").fit(moons).transform(moons);
    return Covariance.coralDistance(
        Covariance.of(embedded.filter("domain = 0"), "embedding"),
        Covariance.of(embedded.filter("domain = 1"), "embedding"));
  }

  @Test
  void aFewTargetLabelsImproveTheSourceOnlyNetwork() {
    // Semi-supervised: 20 target rows keep their label; the rest stay unlabelled.
    Dataset<Row> semi =
        moons.withColumn(
            "label",
            org.apache.spark.sql.functions.when(
                moons
                    .col("domain")
                    .equalTo(0.0)
                    .or(org.apache.spark.sql.functions.rand(5).lt(0.04)),
                moons.col("trueLabel")));
    long labelledTarget = semi.filter("domain = 1 AND label IS NOT NULL").count();
    assertTrue(labelledTarget > 5 && labelledTarget < 40, labelledTarget + " labelled target rows");
    double unsupervised =
        MoonsFixture.targetAccuracy(moonsDann(3).setAlignment("none").fit(moons).transform(moons));
    double semiSupervised =
        MoonsFixture.targetAccuracy(moonsDann(3).setAlignment("none").fit(semi).transform(moons));
    assertTrue(
        semiSupervised >= unsupervised + 0.05,
        String.format(
            "with %d target labels %.3f vs without %.3f",
            labelledTarget, semiSupervised, unsupervised));
  }
}
