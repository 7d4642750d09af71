package io.sparkda.jobs;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.sparkda.data.DomainColumns;
import io.sparkda.data.DomainReader;
import io.sparkda.data.DomainUnion;
import io.sparkda.eval.Accuracy;
import io.sparkda.ml.DannClassificationModel;
import io.sparkda.ml.HasTrainingHistory;
import io.sparkda.ml.RoundSummary;
import io.sparkda.ml.SelfTrainingClassificationModel;
import io.sparkda.ml.SelfTrainingRound;
import io.sparkda.ml.TrainingHistory;
import java.io.File;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The spark-submit entry point: {@code AdaptJob CONFIG [key=value ...] [--verbose]}. Reads source
 * and target, fits the configured method, and writes {@code model/} (a PipelineModel with the
 * feature assembly), {@code predictions/} (target rows, Parquet), {@code metrics.json} and
 * {@code report.html} into {@code output.dir}, atomically.
 *
 * <p>Exit codes: 0 done, 2 configuration or input error (one line on stderr, stack trace with
 * {@code --verbose}), 1 any other failure.
 */
public final class AdaptJob {
  private static final Logger LOG = LoggerFactory.getLogger(AdaptJob.class);
  static final String EVAL_LABEL = "_spark_da_eval_label";
  static final String DOMAIN = "_spark_da_domain";
  static final String FEATURES = "_spark_da_features";
  static final String PREDICTION = "prediction";
  static final String PROBABILITY = "probability";

  private AdaptJob() {}

  public static void main(String[] args) {
    Interruption.install();
    System.exit(run(args));
  }

  /** Runs the job; returns the exit code. Reuses an active SparkSession and then leaves it open. */
  public static int run(String[] args) {
    boolean verbose = Arrays.asList(args).contains("--verbose");
    List<String> rest = new ArrayList<>();
    for (String a : args) {
      if (!a.equals("--verbose")) {
        rest.add(a);
      }
    }
    if (rest.isEmpty()) {
      System.err.println("usage: AdaptJob CONFIG [key=value ...] [--verbose]");
      return 2;
    }
    try {
      JobConfig config = JobConfig.load(new File(rest.get(0)), rest.subList(1, rest.size()));
      boolean ownSession = SparkSession.getActiveSession().isEmpty();
      SparkSession spark = session(config);
      try {
        String output = execute(spark, config);
        System.out.println("spark-da: outputs written to " + output);
        return 0;
      } finally {
        if (ownSession) {
          spark.stop();
        }
      }
    } catch (Exception e) {
      if (Interruption.signal() != null) {
        return 128; // the signal handler has reported and is exiting with 128 + the signal
      }
      return exitCodeFor(e, verbose);
    }
  }

  /** One line on stderr (the stack trace with --verbose); 2 for bad config or input, else 1. */
  private static int exitCodeFor(Exception e, boolean verbose) {
    if (e instanceof JobConfigException || e instanceof IllegalArgumentException) {
      System.err.println("spark-da: " + e.getMessage());
      if (verbose) {
        e.printStackTrace();
      }
      return 2;
    }
    System.err.println("spark-da: job failed: " + e);
    if (verbose) {
      e.printStackTrace();
    }
    return 1;
  }

  private static SparkSession session(JobConfig config) {
    SparkSession.Builder builder = SparkSession.builder().appName(config.string("spark.appName"));
    // spark-submit passes the master as the spark.master system property; only without it do we
    // fall back to the config's (local) master.
    if (System.getProperty("spark.master") == null && SparkSession.getActiveSession().isEmpty()) {
      builder = builder.master(config.string("spark.master"));
    }
    return builder.getOrCreate();
  }

  static String execute(SparkSession spark, JobConfig config) throws Exception {
    String method = config.string("method");
    MethodPipelines.check(config);
    // Before any data is read: a bad, locked or unwritable output.dir fails in seconds.
    try (OutputDirectory output = OutputDirectory.prepare(config.string("output.dir"),
        config.flag("output.overwrite"), spark.sparkContext().hadoopConfiguration())) {
      Interruption.onSignal(output::abort);
      Map<String, Object> metrics = adapt(spark, config, method, output);
      output.writeText("metrics.json", new ObjectMapper()
          .enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(metrics));
      return output.commit();
    } finally {
      Interruption.clear();
    }
  }

  private static Map<String, Object> adapt(SparkSession spark, JobConfig config, String method,
      OutputDirectory output) throws Exception {
    Dataset<Row> source = readDomain(spark, config, "source");
    // The target as read: predictions/ gives these rows back with their own columns.
    Dataset<Row> target = readDomain(spark, config, "target");
    String labelCol = config.string("source.labelCol");
    if (!Arrays.asList(source.columns()).contains(labelCol)) {
      throw new JobConfigException("source data has no label column '" + labelCol + "' (columns: "
          + String.join(", ", source.columns()) + "): set source.labelCol");
    }
    List<String> features = config.strings("source.features");
    InputChecks.requireFeatureColumns(source, "source", features);
    InputChecks.requireFeatureColumns(target, "target", features);
    InputChecks.requireNoOutputColumns(target);
    String targetLabel = config.string("target.labelCol");
    boolean targetHasLabels = !targetLabel.isEmpty();
    if (targetHasLabels && !Arrays.asList(target.columns()).contains(targetLabel)) {
      throw new JobConfigException("target.labelCol names '" + targetLabel + "', which the target "
          + "data does not have (columns: " + String.join(", ", target.columns()) + "): name the "
          + "column of known target labels, or set target.labelCol = \"\" when there is none");
    }
    List<String> keepColumns = config.strings("output.keepColumns");
    for (String c : keepColumns) {
      if (!Arrays.asList(target.columns()).contains(c)) {
        throw new JobConfigException("output.keepColumns names '" + c + "', which the target data "
            + "does not have (columns: " + String.join(", ", target.columns()) + ")");
      }
    }
    Dataset<Row> trainingTarget = target;
    if (targetHasLabels && !targetLabel.equals(labelCol)) {
      trainingTarget = target.withColumnRenamed(targetLabel, labelCol);
    }
    // Semi-supervised: a separate target column with the few known labels trains too.
    String trainLabel = config.string("target.trainLabelCol");
    if (!trainLabel.isEmpty()) {
      if (!Arrays.asList(trainingTarget.columns()).contains(trainLabel)) {
        throw new JobConfigException("target.trainLabelCol names '" + trainLabel + "', which the "
            + "target data does not have (columns: " + String.join(", ", target.columns()) + ")");
      }
      if (trainLabel.equals(targetLabel) || trainLabel.equals(labelCol)) {
        throw new JobConfigException("target.trainLabelCol '" + trainLabel + "' must not be the "
            + "label column: evaluation would score the labels it trained on; put the known "
            + "target labels in a column of their own");
      }
      source = source.withColumn(trainLabel, lit(null).cast(DataTypes.DoubleType));
    }
    Dataset<Row> data = DomainUnion.of(source, trainingTarget, labelCol, DOMAIN, EVAL_LABEL);
    if (!trainLabel.isEmpty()) {
      data = data.withColumn(labelCol, when(col(DOMAIN).equalTo(DomainColumns.TARGET),
          col(trainLabel).cast(DataTypes.DoubleType)).otherwise(col(labelCol)));
    }
    data = data.cache();
    // One pass for the row counts the job checks and reports and for the feature cells that
    // VectorAssembler would fail on (it also fills the cache).
    Column isTarget = col(DOMAIN).equalTo(DomainColumns.TARGET);
    List<Column> aggregates = new ArrayList<>(List.of(count(when(isTarget, 1)),
        count(when(col(DOMAIN).equalTo(DomainColumns.SOURCE), 1)),
        count(when(isTarget.and(col(labelCol).isNotNull()), 1))));
    aggregates.addAll(InputChecks.missingFeatureCounts(features, DOMAIN));
    Row counts = data.agg(aggregates.get(0),
        aggregates.subList(1, aggregates.size()).toArray(new Column[0])).head();
    long targetRows = counts.getLong(0);
    if (targetRows == 0) {
      throw new JobConfigException("target data at " + config.string("target.path") + " has no rows");
    }
    InputChecks.requireNoMissingFeatures(features, counts, 3);

    long start = System.nanoTime();
    PipelineModel model = pipeline(config, labelCol, method).fit(data);
    double trainSeconds = (System.nanoTime() - start) / 1e9;
    model.write().save(output.staged("model"));

    // The saved model on the target rows as read, so kept columns come back unchanged; scored
    // once (cached) for predictions/, the accuracy and the report.
    List<Column> kept = new ArrayList<>();
    keepColumns.forEach(c -> kept.add(col(c)));
    kept.add(col(PREDICTION));
    kept.add(col(PROBABILITY));
    if (targetHasLabels) {
      kept.add(col(targetLabel).cast(DataTypes.DoubleType).as(EVAL_LABEL));
    }
    Dataset<Row> scoredTarget = model.transform(target).select(kept.toArray(new Column[0])).cache();
    scoredTarget.drop(EVAL_LABEL).write().parquet(output.staged("predictions"));

    Map<String, Object> metrics = new LinkedHashMap<>();
    metrics.put("method", method);
    metrics.put("config", config.asMap());
    metrics.put("sourceRows", counts.getLong(1));
    metrics.put("targetRows", targetRows);
    metrics.put("labelledTargetRows", counts.getLong(2));
    metrics.put("trainSeconds", trainSeconds);
    Transformer last = model.stages()[model.stages().length - 1];
    TrainingHistory history = last instanceof HasTrainingHistory
        ? ((HasTrainingHistory) last).trainingHistory() : TrainingHistory.NONE;
    if (history.partitions() > 0) {
      metrics.put("rowsPerSecond", history.rowsPerSecond());
      metrics.put("partitions", history.partitions());
    }
    metrics.put("rounds", rounds(history.networkRounds()));
    if (history.selfTrainingRounds().length > 1) {
      metrics.put("selfTraining", selfTrainingRounds(history.selfTrainingRounds()));
    }
    PipelineModel baseline = null;
    String baselineMethod = MethodPipelines.baseline(method, config);
    if (targetHasLabels) {
      metrics.put("targetAccuracy", Accuracy.of(scoredTarget, PREDICTION, EVAL_LABEL));
      if (baselineMethod != null && config.flag("evaluate.baseline")) {
        baseline = pipeline(config, labelCol, baselineMethod).fit(data);
        Dataset<Row> scored = baseline.transform(data.filter(col(DOMAIN).equalTo(DomainColumns.TARGET)));
        metrics.put("baseline", baselineMethod);
        metrics.put("baselineTargetAccuracy", Accuracy.of(scored, PREDICTION, EVAL_LABEL));
      }
    }
    spark.sparkContext().setJobDescription("spark-da: report");
    output.writeText("report.html", report(metrics, data, model, baseline, scoredTarget,
        targetHasLabels));
    spark.sparkContext().setJobDescription(null);
    scoredTarget.unpersist();
    data.unpersist();
    LOG.info("spark-da job done: {}", metrics.get("targetAccuracy") == null ? "no target labels"
        : "target accuracy " + metrics.get("targetAccuracy"));
    return metrics;
  }

  /** report.html: curves, PCA views (input, source-only and adapted embeddings), confusion. */
  private static String report(Map<String, Object> metrics, Dataset<Row> data,
      PipelineModel model, PipelineModel baseline, Dataset<Row> scoredTarget,
      boolean targetHasLabels) {
    String embedding = "_spark_da_embedding";
    Dataset<Row> sample = ReportData.sample(data, DOMAIN).cache();
    List<HtmlReport.Scatter> scatters = new ArrayList<>();
    // Scored copies of the fitted models, with the embedding output on (the saved model is unchanged).
    boolean neural = network(model) != null;
    Dataset<Row> adapted = withEmbedding(model, embedding).transform(sample);
    scatters.add(ReportData.scatter("input features", adapted, featuresCol(model), DOMAIN));
    if (neural && baseline != null && network(baseline) != null) {
      scatters.add(ReportData.scatter("source-only embedding (before)",
          withEmbedding(baseline, embedding).transform(sample), embedding, DOMAIN));
    }
    if (neural) {
      scatters.add(ReportData.scatter(metrics.get("method") + " embedding (after)", adapted,
          embedding, DOMAIN));
    }
    if (Arrays.asList(adapted.columns()).contains(MethodPipelines.CORAL_FEATURES)) {
      scatters.add(ReportData.scatter("CORAL-aligned features (source recoloured)", adapted,
          MethodPipelines.CORAL_FEATURES, DOMAIN));
    }
    scatters.removeIf(java.util.Objects::isNull);
    long[][] confusion = targetHasLabels ? ReportData.confusion(scoredTarget, EVAL_LABEL,
        PREDICTION, numClasses(data)) : null;
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> rounds = (List<Map<String, Object>>) metrics.get("rounds");
    String html = HtmlReport.render(metrics, rounds, scatters, confusion);
    sample.unpersist();
    return html;
  }

  /** The fitted network, directly or inside self-training; null for the linear methods. */
  private static DannClassificationModel network(PipelineModel model) {
    Object last = model.stages()[model.stages().length - 1];
    if (last instanceof SelfTrainingClassificationModel) {
      last = ((SelfTrainingClassificationModel) last).model();
    }
    return last instanceof DannClassificationModel ? (DannClassificationModel) last : null;
  }

  /** The column the method starts from (assembled, or the configured vector column). */
  private static String featuresCol(PipelineModel model) {
    for (org.apache.spark.ml.Transformer stage : model.stages()) {
      if (stage instanceof VectorAssembler) {
        return ((VectorAssembler) stage).getOutputCol();
      }
      if (stage instanceof io.sparkda.ml.CoralAlignmentModel) {
        return ((io.sparkda.ml.CoralAlignmentModel) stage).getFeaturesCol();
      }
    }
    DannClassificationModel network = network(model);
    return network != null ? network.getFeaturesCol() : FEATURES;
  }

  private static int numClasses(Dataset<Row> data) {
    Row max = data.agg(org.apache.spark.sql.functions.max(col(EVAL_LABEL))).head();
    return max.isNullAt(0) ? 2 : Math.max(2, (int) max.getDouble(0) + 1);
  }

  private static PipelineModel withEmbedding(PipelineModel model, String embeddingCol) {
    PipelineModel copy = model.copy(new org.apache.spark.ml.param.ParamMap());
    DannClassificationModel network = network(copy);
    if (network != null) {
      network.setEmbeddingCol(embeddingCol);
    }
    return copy;
  }

  private static Dataset<Row> readDomain(SparkSession spark, JobConfig config, String domain) {
    return DomainReader.read(spark, domain, config.isSet(domain + ".path")
            ? InputPaths.resolve(domain + ".path", config.string(domain + ".path"), config.file())
            : null,
        config.string(domain + ".format"), config.integer(domain + ".numFeatures"),
        config.object(domain + ".options"));
  }

  /** Feature assembly (when columns are listed) followed by the method's stages. */
  private static Pipeline pipeline(JobConfig config, String labelCol, String method) {
    List<String> features = config.strings("source.features");
    List<String> targetFeatures = config.strings("target.features");
    if (!targetFeatures.isEmpty() && !targetFeatures.equals(features)) {
      throw new JobConfigException("target.features " + targetFeatures + " differ from "
          + "source.features " + features + ": both domains need the same feature columns");
    }
    List<PipelineStage> stages = new ArrayList<>();
    String featuresCol = config.string("source.featuresCol");
    if (!features.isEmpty()) {
      stages.add(new VectorAssembler().setInputCols(features.toArray(new String[0]))
          .setOutputCol(FEATURES));
      featuresCol = FEATURES;
    }
    stages.addAll(MethodPipelines.stages(method, config, featuresCol, labelCol, DOMAIN, EVAL_LABEL));
    return new Pipeline().setStages(stages.toArray(new PipelineStage[0]));
  }

  private static List<Map<String, Object>> selfTrainingRounds(SelfTrainingRound[] history) {
    List<Map<String, Object>> rounds = new ArrayList<>();
    for (SelfTrainingRound r : history) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("round", r.round());
      m.put("trainingRows", r.trainingRows());
      m.put("pseudoLabelledRows", r.pseudoLabelledRows());
      m.put("added", r.added());
      m.put("meanConfidence", finite(r.meanConfidence()));
      m.put("targetAccuracy", finite(r.targetAccuracy()));
      m.put("addedAccuracy", finite(r.addedAccuracy()));
      rounds.add(m);
    }
    return rounds;
  }

  /** JSON has no NaN: missing values are written as null. */
  private static Double finite(double value) {
    return Double.isFinite(value) ? value : null;
  }

  private static List<Map<String, Object>> rounds(RoundSummary[] history) {
    List<Map<String, Object>> rounds = new ArrayList<>();
    for (RoundSummary r : history) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("round", r.round());
      m.put("labelLoss", r.labelLoss());
      m.put("domainLoss", r.domainLoss());
      m.put("domainAccuracy", finite(r.domainAccuracy()));
      m.put("lambda", r.lambda());
      m.put("learningRate", r.learningRate());
      m.put("seconds", r.seconds());
      rounds.add(m);
    }
    return rounds;
  }

}
