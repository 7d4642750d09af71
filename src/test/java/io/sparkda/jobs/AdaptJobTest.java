package io.sparkda.jobs;

import static org.apache.spark.sql.functions.avg;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparkda.ml.DannClassificationModel;
import io.sparkda.ml.reweighting.DomainReweightingModel;
import io.sparkda.ml.scaling.DomainStandardScalerModel;
import io.sparkda.testutil.SparkTestSession;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.Transformer;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** AdaptJob through its main logic, on the committed rotated-moons sample. */
class AdaptJobTest {
  /**
   * Tags the runs of further methods and options (about 3 of this class's 4 minutes). CI's Spark 4
   * pass leaves them out ({@code -DexcludedGroups=slow}) to stay within its time; the runs it keeps
   * cover outputs, metrics, locks, resume and config errors, and the cluster test runs the job.
   */
  static final String SLOW = "slow";

  @TempDir Path dir;

  @BeforeAll
  static void spark() {
    SparkTestSession.get();
  }

  /** The line a test adds to {@link #config} when it checks report.html or the discrepancies. */
  private static final String REPORT = "output.report = true";

  /**
   * A quick version of conf/example.conf, writing into the test's directory, without report.html
   * and the discrepancy measures (a third of a short run) unless a test adds {@link #REPORT}.
   */
  private Path config(String... extraLines) throws Exception {
    List<String> lines =
        new ArrayList<>(
            List.of(
                "include \"" + Path.of("conf/example.conf").toAbsolutePath() + "\"",
                "model.maxEpochs = 3",
                // Few steps keep the tests quick; the job's default minSteps would make it 500.
                "model.minSteps = 0",
                "model.localSteps = 5",
                "model.numPartitions = 2",
                "output.dir = \"" + dir.resolve("out") + "\"",
                "output.overwrite = false",
                "output.report = false"));
    lines.addAll(Arrays.asList(extraLines));
    Path file = dir.resolve("job.conf");
    Files.write(file, lines);
    return file;
  }

  /** Runs the job, returning its exit code and what it printed on stderr. */
  private static Object[] run(String... args) {
    JobRuns.Outcome outcome = JobRuns.train(args);
    return new Object[] {outcome.code(), outcome.stderr()};
  }

  @Test
  void writesModelPredictionsAndMetrics() throws Exception {
    Object[] result = run(config(REPORT, "spark.appName = \"<i>nightly</i>\"").toString());
    assertEquals(0, result[0], (String) result[1]);
    Path out = dir.resolve("out");
    assertTrue(Files.isDirectory(out.resolve("model")));
    assertTrue(Files.isDirectory(out.resolve("predictions")));
    String report = Files.readString(out.resolve("report.html"));
    assertTrue(
        report.contains("Confusion matrix")
            && report.contains("source-only embedding (before)")
            && report.contains("input features")
            && report.contains("Label loss (log scale)")
            && report.contains("Target accuracy")
            && report.contains("in training steps")
            && report.contains("MB shipped per partition per round"),
        "report sections");
    assertFalse(
        report.matches("(?s).*<script[^>]*\\ssrc=.*")
            || report.contains("<link")
            || report.matches("(?s).*(src|href)=\"https?:.*"),
        "report must open offline: no external resources");
    assertTrue(report.contains("echarts"), "ECharts is inlined");
    assertEquals(3, report.split("id=\"pca").length - 1, "three PCA panels");
    // Values reach the page escaped: the config's app name is shown, not run.
    assertTrue(report.contains("&lt;i&gt;nightly&lt;/i&gt;"), "escaped config value");
    assertFalse(report.contains("<i>nightly</i>"), "unescaped config value");

    JsonNode metrics = new ObjectMapper().readTree(out.resolve("metrics.json").toFile());
    MetricsSchema.assertValid(metrics);
    assertEquals("dann", metrics.get("method").asText());
    JsonNode run = metrics.get("run");
    assertEquals(2, run.get("numClasses").asInt());
    assertTrue(run.get("sourcePath").asText().endsWith("data-samples/rotated-moons/source.csv"));
    assertEquals(SparkTestSession.get().version(), run.get("sparkVersion").asText());
    assertTrue(run.get("wallSeconds").asDouble() > 0, run.toString());
    // Label-free signals of the target predictions add up to the target rows.
    JsonNode predicted = metrics.get("targetPredictions").get("predictedClasses");
    assertEquals(
        1000, predicted.get(0).get("rows").asLong() + predicted.get(1).get("rows").asLong());
    double confidence = metrics.get("targetPredictions").get("meanConfidence").asDouble();
    assertTrue(confidence >= 0.5 && confidence <= 1, "mean top-class probability " + confidence);
    // With labels: the confusion matrix holds every target row and agrees with the accuracy.
    JsonNode matrix = metrics.get("targetEvaluation").get("confusionMatrix");
    long diagonal = matrix.get(0).get(0).asLong() + matrix.get(1).get(1).asLong();
    long all = diagonal + matrix.get(0).get(1).asLong() + matrix.get(1).get(0).asLong();
    assertEquals(1000, all);
    assertEquals(metrics.get("targetAccuracy").asDouble(), diagonal / 1000.0, 1e-12);
    assertEquals(1000, metrics.get("sourceRows").asLong());
    assertEquals(1000, metrics.get("targetRows").asLong());
    assertEquals(2, metrics.get("partitions").asInt());
    assertEquals((long) Math.ceil(Math.ceil(3 * 1000 / 32.0) / 5), metrics.get("rounds").size());
    JsonNode firstRound = metrics.get("rounds").get(0);
    assertTrue(firstRound.get("computeSeconds").asDouble() > 0, firstRound.toString());
    assertTrue(firstRound.get("shippedBytes").asLong() > 0, firstRound.toString());
    double accuracy = metrics.get("targetAccuracy").asDouble();
    assertEquals("source-only", metrics.get("baseline").asText());
    double baseline = metrics.get("baselineTargetAccuracy").asDouble();
    assertTrue(accuracy > 0.5 && accuracy <= 1, "target accuracy " + accuracy);
    assertTrue(baseline > 0.5 && baseline <= 1, "baseline accuracy " + baseline);
    assertEquals(3, metrics.get("config").get("model").get("maxEpochs").asInt());
    JsonNode distances = metrics.get("domainDiscrepancy");
    assertEquals("input features", distances.get(0).get("representation").asText());
    assertEquals("embedding", distances.get(1).get("representation").asText());
    for (JsonNode d : distances) {
      double pad = d.get("proxyADistance").asDouble();
      assertTrue(pad >= 0 && pad <= 2, d.toString());
      assertTrue(Double.isFinite(d.get("mmd").asDouble()), d.toString());
    }
    assertTrue(report.contains("How far apart the domains are"));

    SparkSession spark = SparkTestSession.get();
    Dataset<Row> predictions = spark.read().parquet(out.resolve("predictions").toString());
    assertEquals(
        List.of("x1", "x2", "label", "prediction", "probability", "modelVersion"),
        Arrays.asList(predictions.columns()));
    assertEquals(1000, predictions.count());

    // The saved PipelineModel (with its VectorAssembler) reproduces the written predictions.
    PipelineModel model = PipelineModel.load(out.resolve("model").toString());
    Dataset<Row> target =
        spark
            .read()
            .option("header", "true")
            .option("inferSchema", "true")
            .csv("data-samples/rotated-moons/target.csv");
    List<Row> again =
        model
            .transform(target)
            .select("x1", "x2", "prediction")
            .orderBy("x1", "x2")
            .collectAsList();
    List<Row> written =
        predictions.select("x1", "x2", "prediction").orderBy("x1", "x2").collectAsList();
    assertEquals(written, again);
    assertNoStagingLeft();
  }

  @Test
  @Tag(SLOW)
  void shallowCoralWithSelfTrainedLogisticRegression() throws Exception {
    Object[] result =
        run(
            config(
                    REPORT,
                    "method = self-training",
                    "selfTraining.base = coral",
                    "selfTraining.maxIter = 2",
                    "selfTraining.selection = top-fraction")
                .toString());
    assertEquals(0, result[0], (String) result[1]);
    Path out = dir.resolve("out");
    JsonNode metrics = new ObjectMapper().readTree(out.resolve("metrics.json").toFile());
    MetricsSchema.assertValid(metrics);
    assertEquals("logistic-regression", metrics.get("baseline").asText());
    JsonNode rounds = metrics.get("selfTraining");
    assertEquals(3, rounds.size(), metrics.toString());
    assertEquals(1000, rounds.get(0).get("trainingRows").asLong());
    assertEquals(
        rounds.get(0).get("added").asLong(), rounds.get(1).get("pseudoLabelledRows").asLong());
    assertEquals(
        metrics.get("targetAccuracy").asDouble(),
        rounds.get(2).get("targetAccuracy").asDouble(),
        1e-9,
        "the last round's model is saved");
    assertEquals(0, metrics.get("rounds").size(), "no network rounds for a linear method");
    String report = Files.readString(out.resolve("report.html"));
    assertTrue(
        report.contains("Self-training rounds")
            && report.contains("self-training features (after)")
            && report.contains("Shallow adaptation"),
        "report sections");
    assertTheSavedModelScoresTheTargetAlone(out);
  }

  /** The saved model scores new target data (without the domain column) on its own. */
  private static void assertTheSavedModelScoresTheTargetAlone(Path out) {
    PipelineModel model = PipelineModel.load(out.resolve("model").toString());
    Dataset<Row> target =
        SparkTestSession.get()
            .read()
            .option("header", "true")
            .option("inferSchema", "true")
            .csv("data-samples/rotated-moons/target.csv");
    assertEquals(1000, model.transform(target).filter("prediction IS NOT NULL").count());
  }

  @Test
  @Tag(SLOW)
  void everyShallowMethodRunsWithItsSummaryAndTheClassifierAloneAsBaseline() throws Exception {
    for (String method : List.of("subspace-alignment", "tca", "jda", "linear-ot")) {
      Object[] result =
          run(
              config(REPORT, "method = " + method, "output.overwrite = true", "jda.maxIter = 2")
                  .toString());
      assertEquals(0, result[0], method + ": " + result[1]);
      JsonNode metrics = new ObjectMapper().readTree(dir.resolve("out/metrics.json").toFile());
      MetricsSchema.assertValid(metrics);
      // TCA and JDA come with their papers' 1-NN (shallow.classifier = auto), so it is their
      // baseline; the other maps end with logistic regression.
      assertEquals(
          List.of("tca", "jda").contains(method) ? "nearest-neighbor" : "logistic-regression",
          metrics.get("baseline").asText(),
          method);
      JsonNode shallow = metrics.get("shallow");
      assertEquals(2, shallow.get("inputFeatures").asInt(), method);
      // k is capped at the 2 features; linear OT keeps the width and leaves target rows as they
      // are.
      assertEquals(2, shallow.get("mappedFeatures").asInt(), method);
      assertEquals(!method.equals("linear-ot"), shallow.get("targetMapped").asBoolean(), method);
      assertEquals(
          "mapped features",
          metrics.get("domainDiscrepancy").get(1).get("representation").asText(),
          method);
    }
  }

  @Test
  @Tag(SLOW)
  void medaRunsWithOneNearestNeighbourAsBaselineAndItsModelScoresNewRows() throws Exception {
    Object[] result = run(config(REPORT, "method = meda", "meda.maxIter = 2").toString());
    assertEquals(0, result[0], String.valueOf(result[1]));
    JsonNode metrics = new ObjectMapper().readTree(dir.resolve("out/metrics.json").toFile());
    MetricsSchema.assertValid(metrics);
    assertEquals("meda", metrics.get("method").asText());
    assertEquals("nearest-neighbor", metrics.get("baseline").asText());
    assertTrue(metrics.get("targetAccuracy").asDouble() > 0.5, metrics.toString());
    assertTheSavedModelScoresTheTargetAlone(dir.resolve("out"));
    assertEquals(
        2,
        run(config(REPORT, "method = self-training", "selfTraining.base = meda").toString())[0],
        "MEDA pseudo-labels the target itself: refused as a self-training base");
  }

  @Test
  @Tag(SLOW)
  void reweightingFeedsWeightsToTheBaseAndReportsTheirSpread() throws Exception {
    Object[] result =
        run(
            config(
                    REPORT,
                    "method = reweighting",
                    "reweighting.base = random-forest",
                    "randomForest.numTrees = 5")
                .toString());
    assertEquals(0, result[0], (String) result[1]);
    JsonNode metrics = new ObjectMapper().readTree(dir.resolve("out/metrics.json").toFile());
    MetricsSchema.assertValid(metrics);
    assertEquals("random-forest", metrics.get("baseline").asText());
    JsonNode shallow = metrics.get("shallow");
    double ess = shallow.get("effectiveSampleSize").asDouble();
    assertTrue(ess > 0 && ess <= 1, shallow.toString());
    JsonNode q = shallow.get("weightQuantiles");
    assertTrue(
        q.get("min").asDouble() <= q.get("median").asDouble()
            && q.get("median").asDouble() <= q.get("max").asDouble(),
        shallow.toString());
    assertTrue(Files.readString(dir.resolve("out/report.html")).contains("Effective sample size"));
    PipelineModel model = PipelineModel.load(dir.resolve("out/model").toString());
    assertTrue(
        Arrays.stream(model.stages()).anyMatch(s -> s instanceof DomainReweightingModel),
        "the weights are part of the saved model");
  }

  @Test
  void anUnknownShallowClassifierIsRefusedByItsKey() throws Exception {
    Object[] result = run(config("method = tca", "shallow.classifier = svm").toString());
    assertEquals(2, result[0]);
    assertTrue(
        ((String) result[1]).contains("shallow.classifier 'svm' is not supported"),
        (String) result[1]);
    result =
        run(config("method = reweighting", "shallow.classifier = nearest-neighbor").toString());
    assertEquals(2, result[0]);
    assertTrue(((String) result[1]).contains("set reweighting.base to"), (String) result[1]);
    result = run(config("method = tca", "tca.lambda = 0").toString());
    assertEquals(2, result[0]);
    assertTrue(((String) result[1]).contains("tca.lambda = 0 is not valid"), (String) result[1]);
  }

  @Test
  @Tag(SLOW)
  void mmdMethodReportsItsAlignmentLossAndNoDomainAccuracy() throws Exception {
    Object[] result = run(config("method = mmd", "evaluate.baseline = false").toString());
    assertEquals(0, result[0], (String) result[1]);
    JsonNode metrics = new ObjectMapper().readTree(dir.resolve("out/metrics.json").toFile());
    MetricsSchema.assertValid(metrics);
    JsonNode last = metrics.get("rounds").get(metrics.get("rounds").size() - 1);
    assertTrue(last.get("domainAccuracy").isNull(), last.toString());
    assertTrue(last.get("alignmentLoss").asDouble() >= 0, last.toString());
    assertEquals(
        last.get("alignmentLoss").asDouble(),
        last.get("domainLoss").asDouble(),
        "the old key stays until readers have moved");
    assertFalse(metrics.has("baselineTargetAccuracy"));
  }

  /** MCC's term is the class confusion of the target predictions, which training lowers. */
  @Test
  @Tag(SLOW)
  void mccLowersTheClassConfusionOfTheTargetPredictions() throws Exception {
    Object[] result =
        run(config("method = mcc", "evaluate.baseline = false", "model.maxEpochs = 6").toString());
    assertEquals(0, result[0], (String) result[1]);
    JsonNode metrics = new ObjectMapper().readTree(dir.resolve("out/metrics.json").toFile());
    MetricsSchema.assertValid(metrics);
    assertEquals("mcc", metrics.get("method").asText());
    JsonNode rounds = metrics.get("rounds");
    JsonNode first = rounds.get(0);
    JsonNode last = rounds.get(rounds.size() - 1);
    assertTrue(last.get("domainAccuracy").isNull(), "no domain head: " + last);
    // Two classes: the confusion off the diagonal is at most 1 / 2 per class.
    assertTrue(last.get("alignmentLoss").asDouble() > 0, last.toString());
    assertTrue(
        last.get("alignmentLoss").asDouble() < first.get("alignmentLoss").asDouble(),
        "confusion falls: " + rounds);
  }

  @Test
  @Tag(SLOW)
  void knownTargetLabelsInTheirOwnColumnAreTrainedOn() throws Exception {
    // 20 target rows carry their label in a `known` column; `label` stays for evaluation.
    Path targetCsv = dir.resolve("target-semi");
    SparkTestSession.get()
        .read()
        .option("header", "true")
        .option("inferSchema", "true")
        .csv("data-samples/rotated-moons/target.csv")
        .withColumn(
            "known",
            org.apache.spark.sql.functions.when(
                org.apache.spark.sql.functions.rand(7).lt(0.02),
                org.apache.spark.sql.functions.col("label")))
        .write()
        .option("header", "true")
        .csv(targetCsv.toString());
    Object[] result =
        run(
            config(
                    "method = source-only",
                    "target.path = \"" + targetCsv + "\"",
                    "target.trainLabelCol = known")
                .toString());
    assertEquals(0, result[0], (String) result[1]);
    JsonNode metrics = new ObjectMapper().readTree(dir.resolve("out/metrics.json").toFile());
    MetricsSchema.assertValid(metrics);
    long labelled = metrics.get("labelledTargetRows").asLong();
    assertTrue(labelled > 5 && labelled < 50, "labelled target rows: " + labelled);
    assertEquals(1000, metrics.get("targetRows").asLong());

    Object[] refused =
        run(
            config(
                    "target.path = \"" + targetCsv + "\"",
                    "target.trainLabelCol = label",
                    "output.dir = \"" + dir.resolve("out2") + "\"")
                .toString());
    assertEquals(2, refused[0]);
    assertTrue(((String) refused[1]).contains("must not be the label column"), (String) refused[1]);
  }

  @Test
  void refusesAnExistingOutputAndLeavesItAlone() throws Exception {
    Path out = Files.createDirectories(dir.resolve("out"));
    Files.writeString(out.resolve("keep.txt"), "old");
    Object[] result = run(config().toString());
    assertEquals(2, result[0]);
    assertTrue(((String) result[1]).contains("already exists"), (String) result[1]);
    assertEquals("old", Files.readString(out.resolve("keep.txt")));
    assertNoStagingLeft();
  }

  @Test
  @Tag(SLOW)
  void overwriteReplacesAnEarlierSparkDaOutput() throws Exception {
    String[] quick = {"output.overwrite=true", "evaluate.baseline=false", "model.maxEpochs=1"};
    Object[] first = run(concat(config().toString(), quick));
    assertEquals(0, first[0], (String) first[1]);
    Path out = dir.resolve("out");
    assertTrue(Files.exists(out.resolve(OutputDirectory.MARKER)));
    Files.writeString(out.resolve("stale.txt"), "from the first run");
    Object[] second = run(concat(config().toString(), quick));
    assertEquals(0, second[0], (String) second[1]);
    assertFalse(Files.exists(out.resolve("stale.txt")));
    assertTrue(Files.exists(out.resolve("metrics.json")));
    assertNoStagingLeft();
  }

  @Test
  void overwriteNeverDeletesADirectoryThatIsNotASparkDaOutput() throws Exception {
    Path out = Files.createDirectories(dir.resolve("out"));
    Files.writeString(out.resolve("thesis.tex"), "a user's file");
    Object[] result = run(config().toString(), "output.overwrite=true");
    assertEquals(2, result[0], (String) result[1]);
    assertTrue(((String) result[1]).contains("is not a spark-da output"), (String) result[1]);
    assertEquals("a user's file", Files.readString(out.resolve("thesis.tex")));
    assertNoStagingLeft();
    assertFalse(Files.exists(dir.resolve(".out.lock")), "the lock is released");
  }

  @Test
  void aSecondJobOnALockedOutputFailsAndLeavesTheFirstOneAlone() throws Exception {
    FileSystem fs = FileSystem.getLocal(new Configuration());
    try (OutputLock held =
        OutputLock.acquire(fs, new org.apache.hadoop.fs.Path(dir.resolve("out").toUri()))) {
      Object[] result = run(config().toString(), "output.overwrite=true");
      assertEquals(2, result[0], (String) result[1]);
      assertTrue(
          ((String) result[1])
              .contains("is locked by another spark-da job (pid " + ProcessHandle.current().pid()),
          (String) result[1]);
      assertTrue(Files.exists(dir.resolve(".out.lock")), "the holder's lock is left in place");
    }
    assertFalse(Files.exists(dir.resolve(".out.lock")));
    assertFalse(Files.exists(dir.resolve("out")));
  }

  @Test
  void aKilledRunsLockAndStagingAreCleanedUp() throws Exception {
    // What `kill -9` leaves: a lock of a process that no longer runs, and a staging directory.
    Process gone = new ProcessBuilder("true").start();
    gone.waitFor();
    Files.writeString(
        dir.resolve(".out.lock"),
        "host="
            + InetAddress.getLocalHost().getHostName()
            + "\npid="
            + gone.pid()
            + "\nstarted=2026-01-01T00:00:00Z\n");
    Path staging = Files.createDirectories(dir.resolve(".out.tmp-killed/model"));
    Object[] result = run(config().toString(), "evaluate.baseline=false", "model.maxEpochs=1");
    assertEquals(0, result[0], (String) result[1]);
    assertFalse(Files.exists(staging.getParent()), "stale staging directory removed");
    assertFalse(Files.exists(dir.resolve(".out.lock")));
    assertNoStagingLeft();
  }

  @Test
  void predictionsGiveTheTargetColumnsBackUnchanged() throws Exception {
    Object[] result = run(config("evaluate.baseline = false", "model.maxEpochs = 1").toString());
    assertEquals(0, result[0], (String) result[1]);
    SparkSession spark = SparkTestSession.get();
    Dataset<Row> predictions = spark.read().parquet(dir.resolve("out/predictions").toString());
    Dataset<Row> target =
        spark
            .read()
            .option("header", "true")
            .option("inferSchema", "true")
            .csv("data-samples/rotated-moons/target.csv");
    assertEquals(target.schema().apply("label"), predictions.schema().apply("label"));
    assertEquals(
        target.select("x1", "x2", "label").orderBy("x1", "x2").collectAsList(),
        predictions.select("x1", "x2", "label").orderBy("x1", "x2").collectAsList());
  }

  /**
   * A run stopped mid-fit (an injected fault after round 3; checkpoints every 2 rounds) leaves no
   * output but its checkpoints; the rerun with output.resume continues from round 2 and ends with
   * the model an uninterrupted run writes. A rerun without resume starts over.
   */
  @Test
  void outputResumeContinuesAStoppedRunFromItsCheckpoints() throws Exception {
    String every2 = "model.checkpointInterval = 2";
    Object[] reference =
        run(config(every2, "output.dir = \"" + dir.resolve("ref") + "\"").toString());
    assertEquals(0, reference[0], (String) reference[1]);
    assertFalse(Files.exists(dir.resolve(".ref.checkpoints")), "removed after the commit");
    assertFalse(Files.exists(dir.resolve("ref/report.html")), "output.report = false");
    JsonNode metrics = new ObjectMapper().readTree(dir.resolve("ref/metrics.json").toFile());
    MetricsSchema.assertValid(metrics);
    assertEquals(0, metrics.get("domainDiscrepancy").size());

    Path checkpoints = dir.resolve(".out.checkpoints").resolve("method");
    String stopped = config(every2).toString();
    stopAfterRound(3, () -> assertEquals(1, run(stopped)[0]));
    assertFalse(Files.exists(dir.resolve("out")), "no output from the stopped run");
    assertTrue(Files.exists(checkpoints.resolve("round-00000002.ckpt")), "round 2's checkpoint");

    // Resuming with other settings is refused with what differs, and keeps the checkpoint.
    Object[] other =
        run(config(every2, "output.resume = true", "model.learningRate = 0.02").toString());
    assertEquals(2, other[0], (String) other[1]);
    assertTrue(
        ((String) other[1]).contains("model.checkpointDir")
            && ((String) other[1]).contains("learningRate: checkpoint 0.01, this fit 0.02"),
        (String) other[1]);
    assertTrue(Files.exists(checkpoints.resolve("round-00000002.ckpt")));

    Object[] resumed = run(config(every2, "output.resume = true").toString());
    assertEquals(0, resumed[0], (String) resumed[1]);
    assertArrayEquals(dannWeights(dir.resolve("ref")), dannWeights(dir.resolve("out")));
    assertFalse(Files.exists(dir.resolve(".out.checkpoints")), "removed after the commit");

    // Without output.resume, what a stopped run left is removed and the fit starts over.
    String again = config(every2, "output.overwrite = true").toString();
    stopAfterRound(3, () -> assertEquals(1, run(again)[0]));
    assertTrue(Files.exists(checkpoints.resolve("round-00000002.ckpt")));
    stopAfterRound(1, () -> assertEquals(1, run(again)[0]));
    assertFalse(
        Files.exists(checkpoints.resolve("round-00000002.ckpt")),
        "the earlier run's checkpoint was removed, and the new run stopped before round 2");
  }

  private static void stopAfterRound(int round, Runnable job) {
    SparkTestSession.get().conf().set("spark.sparkda.test.stopAfterRound", String.valueOf(round));
    try {
      job.run();
    } finally {
      SparkTestSession.get().conf().unset("spark.sparkda.test.stopAfterRound");
    }
  }

  private static float[] dannWeights(Path output) {
    Transformer[] stages = PipelineModel.load(output.resolve("model").toString()).stages();
    return ((DannClassificationModel) stages[stages.length - 1]).weights();
  }

  private static String[] concat(String first, String... rest) {
    String[] all = new String[rest.length + 1];
    all[0] = first;
    System.arraycopy(rest, 0, all, 1, rest.length);
    return all;
  }

  /** Runs the job with these config lines, expects success, and returns metrics.json's tuning. */
  private JsonNode tunedRun(String... lines) throws Exception {
    Object[] result = run(config(lines).toString());
    assertEquals(0, result[0], (String) result[1]);
    JsonNode metrics =
        new ObjectMapper().readTree(dir.resolve("out").resolve("metrics.json").toFile());
    MetricsSchema.assertValid(metrics);
    return metrics.get("tuning");
  }

  @Test
  @Tag(SLOW)
  void tunePicksALabelFreeCandidateAndReportsEveryOne() throws Exception {
    JsonNode tuning =
        tunedRun(
            REPORT,
            "tune.grid { model.lambdaMax = [0.1, 1.0] }",
            "tune.evaluator = reverse-validation");
    Path out = dir.resolve("out");
    assertEquals("reverse-validation", tuning.get("evaluator").asText());
    assertFalse(tuning.get("usesTargetLabels").asBoolean());
    assertNull(tuning.get("densityRatioEffectiveSampleSize"), "reverse validation weighs no row");
    JsonNode candidates = tuning.get("candidates");
    assertEquals(3, candidates.size(), "source-only plus two lambdas: " + candidates);
    assertEquals("method=source-only", candidates.get(0).get("config").asText());
    assertEquals(0, tuning.get("sourceOnlyCandidate").asInt());
    assertEquals("model.lambdaMax=0.1", candidates.get(1).get("config").asText());
    int best = 0;
    for (int i = 0; i < 3; i++) {
      JsonNode c = candidates.get(i);
      assertFalse(c.get("scoreUsesTargetLabels").asBoolean());
      assertTrue(c.get("targetAccuracyUsesTargetLabels").asBoolean(), "moons have target labels");
      best = c.get("score").asDouble() > candidates.get(best).get("score").asDouble() ? i : best;
    }
    int picked = tuning.get("picked").asInt();
    assertTrue(picked == best || picked == 0, "best score, or source-only kept: " + tuning);
    String report = Files.readString(out.resolve("report.html"));
    assertTrue(report.contains("Tuning: reverse-validation") && report.contains("(picked)"));
  }

  /**
   * A grid whose first candidate adapts nothing (logistic regression) guards with that candidate:
   * the guard was off in such runs ({@code "sourceOnlyCandidate": null}).
   */
  @Test
  void theSourceOnlyGuardHoldsAFirstCandidateThatIsItsOwnBaseline() throws Exception {
    JsonNode tuning =
        tunedRun(
            "method = logistic-regression",
            "tune.grid { method = [logistic-regression, coral] }",
            "tune.evaluator = entropy",
            "evaluate.baseline = false");
    JsonNode candidates = tuning.get("candidates");
    assertEquals(2, candidates.size(), "no second baseline: " + candidates);
    assertEquals("method=logistic-regression", candidates.get(0).get("config").asText());
    JsonNode guard = tuning.get("sourceOnlyCandidate");
    assertTrue(guard.isInt() && guard.asInt() == 0, "the guard: " + tuning);
  }

  /**
   * A split is the seed's: asking for iwv (density ratios, fitted by a cross-fitted domain
   * classifier that used to reorder the rows) leaves every candidate's score as it was.
   */
  @Test
  void moreEvaluatorsLeaveTheSplitAndEveryScoreAsTheyWere() throws Exception {
    String[] lines = {
      "method = logistic-regression",
      "tune.candidates = [{ method = coral }]",
      "evaluate.baseline = false",
      "output.overwrite = true"
    };
    JsonNode plain = tunedRun(lines).get("candidates");
    JsonNode withIwv = tunedRun(concat("tune.moreEvaluators = [iwv]", lines)).get("candidates");
    assertEquals(2, plain.size());
    for (int i = 0; i < plain.size(); i++) {
      assertEquals(
          plain.get(i).get("score").asDouble(),
          withIwv.get(i).get("score").asDouble(),
          "candidate " + i + ": " + plain + " against " + withIwv);
    }
    assertTrue(withIwv.get(1).get("moreScores").get("iwv").isNumber());
  }

  /** A list of override sets adds candidates one by one, beside (here: instead of) the product. */
  @Test
  void tuneCandidatesAreEachAnOverrideSetWithItsMethodFirst() throws Exception {
    JsonNode tuning =
        tunedRun(
            "method = logistic-regression",
            "tune.candidates = [{ method = jda, jda.maxIter = 1 }, { coral.alignMeans = true, "
                + "method = coral }]",
            "tune.evaluator = entropy",
            "tune.moreEvaluators = [snd, iwv]",
            "evaluate.baseline = false");
    JsonNode candidates = tuning.get("candidates");
    assertEquals(3, candidates.size(), "the guard, then the two sets: " + candidates);
    // The guard is the first candidate's baseline: JDA's is its papers' 1-NN.
    assertEquals("method=nearest-neighbor", candidates.get(0).get("config").asText());
    assertEquals("method=jda, jda.maxIter=1", candidates.get(1).get("config").asText());
    assertEquals("method=coral, coral.alignMeans=true", candidates.get(2).get("config").asText());
    for (JsonNode c : candidates) {
      assertTrue(c.get("targetAccuracy").isNumber(), "every candidate was fitted: " + c);
      assertTrue(c.get("moreScores").get("snd").isNumber(), c.toString());
      assertTrue(c.get("moreScores").get("iwv").isNumber(), c.toString());
    }
    assertEquals(2, tuning.get("validationSplits").asInt(), "auto: 1,000 source rows, 200 a split");
  }

  /**
   * method = auto: the guard is the source-only learner more accurate on held-out source rows, and
   * the method that adapts it replaces it unless reverse validation scores it worse by more than
   * auto.tolerance. Which of them wins on the moons is not asserted, only that the rule was kept.
   */
  @Test
  void autoChoosesItsGuardOnSourceRowsAndAdaptsUnlessClearlyWorse() throws Exception {
    JsonNode tuning = tunedRun("method = auto", "tune.splits = 1", "auto.tolerance = 0.02", REPORT);
    JsonNode guards = tuning.get("guardSearch");
    assertEquals("source-accuracy", guards.get("evaluator").asText());
    assertTrue(guards.get("sourceOnlyCandidate").isNull(), "the guards are compared plainly");
    JsonNode guardCandidates = guards.get("candidates");
    assertEquals("method=source-only", guardCandidates.get(0).get("config").asText());
    assertEquals("method=nearest-neighbor", guardCandidates.get(1).get("config").asText());
    int guard =
        guardCandidates.get(1).get("score").asDouble()
                > guardCandidates.get(0).get("score").asDouble()
            ? 1
            : 0;
    assertEquals(guard, guards.get("picked").asInt(), "ties go to the network: " + guards);

    String guardMethod = guard == 0 ? "source-only" : "nearest-neighbor";
    JsonNode candidates = tuning.get("candidates");
    assertEquals("reverse-validation", tuning.get("evaluator").asText());
    assertEquals(0, tuning.get("sourceOnlyCandidate").asInt());
    assertEquals("method=" + guardMethod, candidates.get(0).get("config").asText());
    String adapted = guard == 0 ? "mmd" : "meda";
    assertEquals("method=" + adapted, candidates.get(1).get("config").asText());
    double behind =
        candidates.get(0).get("score").asDouble() - candidates.get(1).get("score").asDouble();
    int picked = tuning.get("picked").asInt();
    assertEquals(
        behind < 0.02 ? 1 : 0, picked, "adapted unless worse by more than 0.02: " + tuning);
    JsonNode metrics =
        new ObjectMapper().readTree(dir.resolve("out").resolve("metrics.json").toFile());
    assertEquals(picked == 1 ? adapted : guardMethod, metrics.get("method").asText());
    assertTrue(metrics.get("targetAccuracy").isNumber());
    String report = Files.readString(dir.resolve("out").resolve("report.html"));
    assertTrue(
        report.contains("its source-only guard, chosen by source-accuracy"), "both searches shown");
  }

  /**
   * method = auto on the digits slice, whose raw pixels make 1-NN the guard: MEDA races it, scored
   * by reverse validation with MEDA itself as the reverse model (a refit per split).
   */
  @Test
  @Tag(SLOW)
  void autoRacesMedaAgainstTheOneNearestNeighbourGuard() throws Exception {
    Path digits = Path.of("data-samples/digits").toAbsolutePath();
    JsonNode tuning =
        tunedRun(
            "method = auto",
            "source { path = \""
                + digits.resolve("mnist-slice.libsvm")
                + "\", format = libsvm, "
                + "numFeatures = 256, features = [] }",
            "target { path = \""
                + digits.resolve("usps-slice.libsvm")
                + "\", format = libsvm, "
                + "numFeatures = 256, features = [], labelCol = label }",
            "meda.maxIter = 3",
            "output.keepColumns = [label]");
    JsonNode guards = tuning.get("guardSearch");
    assertEquals(1, guards.get("picked").asInt(), "1-NN is the guard on pixels: " + guards);
    JsonNode candidates = tuning.get("candidates");
    assertEquals("method=nearest-neighbor", candidates.get(0).get("config").asText());
    assertEquals("method=meda", candidates.get(1).get("config").asText());
    double behind =
        candidates.get(0).get("score").asDouble() - candidates.get(1).get("score").asDouble();
    assertTrue(Double.isFinite(behind), tuning.toString());
    assertEquals(behind < 0.05 ? 1 : 0, tuning.get("picked").asInt(), tuning.toString());
  }

  @Test
  @Tag(SLOW)
  void tuneWithIwvSaysHowMuchOfTheSourceItsWeightsRestOn() throws Exception {
    JsonNode tuning =
        tunedRun(
            REPORT,
            "tune.grid { model.lambdaMax = [1.0] }",
            "tune.evaluator = iwv",
            "evaluate.baseline = false");
    Path out = dir.resolve("out");
    double size = tuning.get("densityRatioEffectiveSampleSize").asDouble();
    assertTrue(size > 0 && size <= 1, tuning.toString());
    String report = Files.readString(out.resolve("report.html"));
    assertTrue(report.contains("effective sample size is "), "report states it");
  }

  @Test
  void malformedCsvRowsAreDroppedOrKeptAsTheirPolicySaysAndCounted() throws Exception {
    List<String> lines = Files.readAllLines(Path.of("data-samples/rotated-moons/source.csv"));
    List<String> withExtraField = new ArrayList<>(lines);
    withExtraField.add(lines.get(1) + ",9");
    String source = csv("extra-field.csv", withExtraField.toArray(new String[0]));
    long rows = lines.size() - 1;
    for (String policy : List.of("drop", "warn")) {
      Path out = dir.resolve("out-" + policy);
      Object[] result =
          run(
              config(
                      "method = logistic-regression",
                      "source.path = \"" + source + "\"",
                      "source.malformed = " + policy,
                      "output.dir = \"" + out + "\"")
                  .toString());
      assertEquals(0, result[0], (String) result[1]);
      JsonNode metrics = new ObjectMapper().readTree(out.resolve("metrics.json").toFile());
      MetricsSchema.assertValid(metrics);
      assertEquals(1, metrics.get("malformedRows").get("source").asLong(), policy);
      assertEquals(0, metrics.get("malformedRows").get("target").asLong(), policy);
      assertEquals(policy.equals("drop") ? rows : rows + 1, metrics.get("sourceRows").asLong());
    }
  }

  @Test
  void configAndInputErrorsExitWithOneClearMessageAndWriteNothing() throws Exception {
    String[][] cases = {
      {"model.maxEpoch=3", "unknown config key 'model.maxEpoch'"},
      {"source.path=\"/nonexistent/source.csv\"", "source.path does not exist"},
      {"source.format=avro", "source.format 'avro' is not supported"},
      {"source.format=parquet", "cannot read source.path"},
      {"source.labelCol=y", "source data has no label column 'y'"},
      {"source.features=[x1, x3], target.features=[x1, x3]", "no feature column 'x3'"},
      {"method=magic", "method 'magic' is not supported"},
      {
        "features.scaling=minmax",
        "features.scaling 'minmax' is not supported: use one of auto, none"
      },
      {"evaluate.failIf=[accuracyDrop]", "evaluate.failIf names 'accuracyDrop', which is not a"},
      {
        "evaluate.failIf=[targetAccuracyBelowBaseline], target.labelCol=\"\"",
        "targetAccuracyBelowBaseline needs target labels and the baseline"
      },
      {
        "evaluate.failIf=[evaluatorBelowBaseline], method=logistic-regression",
        "method logistic-regression is one (it has nothing to compare with)"
      },
      {"model.batchSize=0", "model.batchSize = 0 is not valid: rows per domain"},
      {"model.optimizer=adamw", "model.optimizer = \"adamw\" is not valid: update rule: sgd"},
      {"model.featureExtractor=bogus", "model.featureExtractor 'bogus': block 'bogus': not a"},
      {
        "method=reweighting, reweighting.domainRegParam=-1",
        "reweighting.domainRegParam = -1 is not valid: regularization parameter (>= 0)"
      },
      // Found at fit: named by the config key, not the Param.
      {
        "model.featureExtractor=lenet, model.inputShape=[1, 8, 8]",
        "model.inputShape [1, 8, 8] holds 64 values, but column"
      },
      {"method=self-training,selfTraining.threshold=2", "selfTraining.threshold = 2 is not valid"},
      {"model.maxEpochs=many", "config key 'model.maxEpochs'"},
      {"tune.grid.model.lamdaMax=[1]", "tune.grid: unknown config key 'model.lamdaMax'"},
      {"tune.grid.model.lambdaMax=0.5", "'tune.grid.model.lambdaMax' must be a list"},
      {"tune.grid.method=[dann, magic]", "method 'magic' is not supported"},
      {"tune.grid.method=[dann], tune.evaluator=accuracy", "tune.evaluator 'accuracy'"},
      {"tune.candidates=[{method=magic}]", "method 'magic' is not supported"},
      {"method=auto, tune.grid.model.lambdaMax=[0.1]", "method = auto runs its own search"},
      {"method=auto, auto.tolerance=1", "auto.tolerance = 1.0 is not valid"},
      {"method=auto, shallow.classifier=svm", "shallow.classifier 'svm' is not supported"},
      {
        "tune.candidates=[{method=coral}, {model.lamdaMax=1}]",
        "tune.candidates[1]: unknown config key 'model.lamdaMax'"
      },
      {"tune.candidates=[{method=coral}], tune.splits=-1", "tune.splits = -1 is not valid"},
      {
        "tune.grid.method=[dann], tune.moreEvaluators=[snd, oracle]", "tune.moreEvaluators 'oracle'"
      },
      {"tune.candidates=[1]", "'tune.candidates[0]' must be a non-empty object of config keys"},
      {"source.path=null", "set exactly one of source.path, source.table or source.query"},
      {
        "source.table=db.events",
        "set exactly one of source.path, source.table or source.query (set: source.path,"
            + " source.table)"
      },
      {
        "target.labelCol=truth",
        "target.labelCol names 'truth', which the target data does not have"
      },
      {"output.keepColumns=[id]", "output.keepColumns names 'id'"},
      // The message was empty after the colon: Spark's parse error starts with a blank line.
      {
        "source.where=\"x1 >\"",
        "source.where \"x1 >\" is not a predicate over the source rows: [PARSE_SYNTAX_ERROR]"
      },
      {"target.where=\"nope = 1\"", "target.where \"nope = 1\" is not a predicate"},
      {"source.path=null, source.table=\"db.nope\"", "source.table 'db.nope' does not exist"},
      {
        "source.path=null, source.table=\"bad.db.t\", spark.\"sql.catalog.bad\"=org.example.Nope",
        "source.table 'bad.db.t': catalog 'bad' is set to org.example.Nope, which is not on the"
            + " classpath"
      },
      // Failed with exit 1 (ConfigException$BadPath) before: a quoted key with dots at the root.
      {"\"spark.sql.catalog.bad\"=x", "unknown config key '\"spark.sql.catalog.bad\"'"},
      // Said "does not exist", as for a table, before.
      {
        "source.path=null, source.query=\"SELECT nope FROM x\"",
        "source.query 'SELECT nope FROM x': [TABLE_OR_VIEW_NOT_FOUND]"
      },
      {
        "output.partitionBy=[ds], output.predictionsTable=p",
        "output.partitionBy names 'ds', which output.partitionValues does not set"
      },
      {
        "output.partitionValues.prediction=x",
        "output.partitionValues names 'prediction', a column the job writes itself"
      },
      {
        "source.path=\"" + csv("one-class.csv", "x1,x2,label", "0.1,0.2,1", "0.3,0.4,1") + "\"",
        "every source row has class 1.0 in label column 'label'"
      },
      {
        "source.path=\"" + csv("empty-cell.csv", "x1,x2,label", "0.1,,0", "0.3,0.4,1") + "\"",
        "source feature column 'x2' has 1 empty, NaN or infinite values"
      },
      {
        "target.path=\"" + csv("nan.csv", "x1,x2,label", "NaN,0.2,0", "0.3,0.4,1") + "\"",
        "target feature column 'x1' has 1 empty, NaN or infinite values"
      },
      {
        "source.path=\"" + csv("words.csv", "x1,x2,label", "0.1,0.2,neg", "0.3,0.4,pos") + "\"",
        "source label column 'label' is string, not a number"
      },
      // Issue 32: each of these named an internal column, exited 1 or trained without a word.
      {
        "source.path=\"" + csv("inf.csv", "x1,x2,label", "Infinity,0.2,0", "0.3,0.4,1") + "\"",
        "source feature column 'x1' has 1 empty, NaN or infinite values"
      },
      {"source.path=\"" + csv("empty.csv") + "\"", "source data has no columns: is the file empty"},
      {
        "source.path=\"" + csv("huge.csv", "x1,x2,label", "0.1,0.2,1000000000", "0.3,0.4,0") + "\"",
        "source label column 'label' holds 1000000000, which would mean 1000000001 classes"
      },
      {
        "source.path=\"" + csv("half.csv", "x1,x2,label", "0.1,0.2,0.5", "0.3,0.4,1") + "\"",
        "source label column 'label' must hold class indices 0, 1, ..., k-1, but 1 rows do not"
      },
      {
        "source.path=\"" + csv("nolabel.csv", "x1,x2,label", "0.1,0.2,", "0.3,0.4,1") + "\"",
        "1 source rows have no label in column 'label' (source.labelCol)"
      },
      {
        "source.path=\"" + csv("long.csv", "x1,x2,label", "0.1,0.2,0,9", "0.3,0.4,1") + "\"",
        "source data has 1 malformed rows (more or fewer fields than the header, or a cell of the"
            + " wrong type; the first: \"0.1,0.2,0,9\")"
      },
      {"source.malformed=skip", "source.malformed 'skip' is not supported: use one of fail, drop"},
      {"target.path=\"" + csv("header-only.csv", "x1,x2,label") + "\"", "target data has no rows"},
      {
        "source.path=\"" + csv("text.csv", "x1,x2,label", "0.1,a,0", "0.3,b,1") + "\"",
        "source feature column 'x2' is string, not numeric"
      },
      // The output is checked before anything is read or trained: a missing source is not seen.
      {"output.dir=\"" + csv("a-file", "x") + "/out\"", "is not writable"},
      {
        "output.dir=\"" + csv("a-file-2", "x") + "/out\", source.path=\"/nonexistent\"",
        "is not writable"
      },
    };
    for (String[] c : cases) {
      Object[] result = run(config().toString(), c[0]);
      String stderr = (String) result[1];
      assertEquals(2, result[0], c[0] + ": " + stderr);
      assertTrue(stderr.contains(c[1]), c[0] + " should say '" + c[1] + "': " + stderr);
      assertEquals(1, stderr.strip().split("\n").length, "one line without --verbose: " + stderr);
      assertFalse(Files.exists(dir.resolve("out")), c[0] + " left an output directory");
      assertNoStagingLeft();
    }
    Object[] verbose = run(config().toString(), "model.maxEpoch=3", "--verbose");
    assertTrue(
        ((String) verbose[1]).contains("at io.sparkda.jobs.JobConfig"),
        "stack trace with --verbose");
  }

  @Test
  @Tag(SLOW)
  void domainScalingIsFittedPerDomainAndSavedInTheModel() throws Exception {
    Object[] result =
        run(
            config("features.scaling = domain-standard", "evaluate.baseline = false").toString(),
            "model.maxEpochs=1");
    assertEquals(0, result[0], (String) result[1]);
    PipelineModel model = PipelineModel.load(dir.resolve("out/model").toString());
    assertEquals(
        List.of("VectorAssembler", "DomainStandardScalerModel", "DannClassificationModel"),
        Arrays.stream(model.stages()).map(s -> s.getClass().getSimpleName()).toList());
    DomainStandardScalerModel scaler = (DomainStandardScalerModel) model.stages()[1];
    SparkSession spark = SparkTestSession.get();
    for (String domain : List.of("source", "target")) {
      Row mean =
          spark
              .read()
              .option("header", "true")
              .option("inferSchema", "true")
              .csv("data-samples/rotated-moons/" + domain + ".csv")
              .agg(avg("x1"), avg("x2"))
              .head();
      int d = domain.equals("source") ? 0 : 1;
      assertEquals(mean.getDouble(0), scaler.mean(d).apply(0), 1e-9, domain + " mean of x1");
      assertEquals(mean.getDouble(1), scaler.mean(d).apply(1), 1e-9, domain + " mean of x2");
    }
    // Scoring the target as read (no domain column) repeats the written predictions.
    Dataset<Row> target =
        spark
            .read()
            .option("header", "true")
            .option("inferSchema", "true")
            .csv("data-samples/rotated-moons/target.csv");
    Dataset<Row> written = spark.read().parquet(dir.resolve("out/predictions").toString());
    assertEquals(
        written.select("x1", "x2", "prediction").orderBy("x1", "x2").collectAsList(),
        model
            .transform(target)
            .select("x1", "x2", "prediction")
            .orderBy("x1", "x2")
            .collectAsList());
  }

  @Test
  @Tag(SLOW)
  void failedQualityGatesExitThreeAfterCommittingTheOutputs() throws Exception {
    // Logistic regression stopped before its first iteration keeps its zero weights and its prior
    // intercept, 0 on balanced classes: every target row gets probability 0.5 and the first class.
    Object[] result =
        run(
            config(
                    "method = logistic-regression",
                    "logisticRegression.maxIter = 0",
                    "evaluate.failIf = [singleClassPredictions]")
                .toString());
    String stderr = (String) result[1];
    assertEquals(3, result[0], stderr);
    assertEquals(
        "spark-da: quality gate failed: singleClassPredictions: every target row is predicted as"
            + " class 0",
        stderr.strip());
    assertTrue(Files.exists(dir.resolve("out/_SPARK_DA_OUTPUT")), "outputs committed first");
    JsonNode metrics = new ObjectMapper().readTree(dir.resolve("out/metrics.json").toFile());
    MetricsSchema.assertValid(metrics);
    assertEquals(
        "singleClassPredictions",
        metrics.get("qualityGates").get("failed").get(0).get("gate").asText());

    // The accuracy gate agrees with the accuracies it compares.
    Object[] compared =
        run(
            config("evaluate.failIf = [targetAccuracyBelowBaseline]", "output.overwrite = true")
                .toString(),
            "model.maxEpochs=1");
    metrics = new ObjectMapper().readTree(dir.resolve("out/metrics.json").toFile());
    boolean below =
        metrics.get("targetAccuracy").asDouble() < metrics.get("baselineTargetAccuracy").asDouble();
    assertEquals(below ? 3 : 0, compared[0], (String) compared[1]);
    assertEquals(below ? 1 : 0, metrics.get("qualityGates").get("failed").size());
  }

  @Test
  @Tag(SLOW)
  void theEvaluatorGateComparesWithTheBaselineWithoutTargetLabels() throws Exception {
    Object[] result =
        run(
            config(
                    "evaluate.failIf = [singleClassPredictions, evaluatorBelowBaseline]",
                    "target.labelCol = \"\"")
                .toString());
    JsonNode metrics = new ObjectMapper().readTree(dir.resolve("out/metrics.json").toFile());
    MetricsSchema.assertValid(metrics);
    assertEquals("source-only", metrics.get("baseline").asText());
    assertFalse(metrics.has("baselineTargetAccuracy"), "no labels, no accuracy");
    double adapted = metrics.get("targetPredictions").get("softNeighborhoodDensity").asDouble();
    double baseline =
        metrics.get("baselineTargetPredictions").get("softNeighborhoodDensity").asDouble();
    assertEquals(adapted < baseline ? 3 : 0, result[0], (String) result[1]);
    assertEquals(adapted < baseline ? 1 : 0, metrics.get("qualityGates").get("failed").size());
  }

  @Test
  @Tag(SLOW)
  void selfTrainingAroundANetworkReportsTheCurvesOfEveryFit() throws Exception {
    Object[] result =
        run(
            config(
                    REPORT,
                    "method = self-training",
                    "selfTraining.base = mmd",
                    "selfTraining.maxIter = 1",
                    "selfTraining.threshold = 0.5",
                    "evaluate.baseline = false")
                .toString(),
            "model.maxEpochs=1");
    assertEquals(0, result[0], (String) result[1]);
    String report = Files.readString(dir.resolve("out/report.html"));
    assertTrue(report.contains("Training (2 fits, one line each)"), "both fits are drawn");
    assertTrue(report.contains("\"name\":\"fit 2\""), "a line for the second fit");
    assertFalse(report.contains("\"domainAccuracy\""), "MMD has no domain classifier to chart");
  }

  @Test
  void validateChecksConfigInputsAndOutputAndWritesNothing() throws Exception {
    Object[] valid = run(config().toString(), "--validate");
    assertEquals(0, valid[0], (String) valid[1]);
    assertFalse(Files.exists(dir.resolve("out")), "--validate fitted or wrote an output");
    try (Stream<Path> files = Files.list(dir)) {
      assertEquals(
          List.of("job.conf"),
          files.map(p -> p.getFileName().toString()).toList(),
          "no lock or staging directory left");
    }
    // The line names the user's columns: not the parse column csv inputs carry (issue 32).
    String summary =
        JobValidation.run(SparkTestSession.get(), JobConfig.load(config().toFile(), List.of()));
    assertTrue(summary.contains("source 3 columns, target 3 columns"), summary);
    String[][] refused = {
      {"source.labelCol=y", "source data has no label column 'y'"},
      {"model.batchSize=0", "model.batchSize = 0 is not valid"},
      {"output.dir=\"" + csv("a-file-3", "x") + "/out\"", "is not writable"},
    };
    for (String[] c : refused) {
      Object[] result = run(config().toString(), c[0], "--validate");
      assertEquals(2, result[0], c[0] + ": " + result[1]);
      assertTrue(((String) result[1]).contains(c[1]), c[0] + ": " + result[1]);
    }
    Files.createDirectories(dir.resolve("out"));
    Object[] exists = run(config().toString(), "--validate");
    assertEquals(2, exists[0]);
    assertTrue(((String) exists[1]).contains("already exists"), (String) exists[1]);
  }

  /** A small csv file in the test's directory; returns its path. */
  private String csv(String name, String... lines) {
    try {
      Path file = dir.resolve("inputs").resolve(name);
      Files.createDirectories(file.getParent());
      Files.write(file, List.of(lines));
      return file.toString();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void assertNoStagingLeft() throws Exception {
    try (Stream<Path> files = Files.list(dir)) {
      assertTrue(
          files.noneMatch(p -> p.getFileName().toString().contains(".tmp-")),
          "a staging directory was left behind");
    }
  }
}
