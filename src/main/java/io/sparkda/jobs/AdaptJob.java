package io.sparkda.jobs;

import static org.apache.spark.sql.functions.col;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.sparkda.data.DomainColumns;
import io.sparkda.data.DomainReader;
import io.sparkda.data.DomainUnion;
import io.sparkda.eval.Accuracy;
import io.sparkda.ml.DannClassificationModel;
import io.sparkda.ml.DannClassifier;
import io.sparkda.train.RoundSummary;
import java.io.File;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
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

  private AdaptJob() {}

  public static void main(String[] args) {
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
    } catch (JobConfigException | IllegalArgumentException e) {
      System.err.println("spark-da: " + e.getMessage());
      if (verbose) {
        e.printStackTrace();
      }
      return 2;
    } catch (Exception e) {
      System.err.println("spark-da: job failed: " + e);
      if (verbose) {
        e.printStackTrace();
      }
      return 1;
    }
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
    if (!List.of("dann", "source-only").contains(method)) {
      throw new JobConfigException("method '" + method + "' is not supported: use dann or source-only");
    }
    OutputDirectory output = OutputDirectory.prepare(config.string("output.dir"),
        config.flag("output.overwrite"), spark.sparkContext().hadoopConfiguration());
    try {
      Map<String, Object> metrics = adapt(spark, config, method, output);
      output.writeText("metrics.json", new ObjectMapper()
          .enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(metrics));
      return output.commit();
    } catch (Exception | Error e) {
      output.abort();
      throw e;
    }
  }

  private static Map<String, Object> adapt(SparkSession spark, JobConfig config, String method,
      OutputDirectory output) throws Exception {
    Dataset<Row> source = readDomain(spark, config, "source");
    Dataset<Row> target = readDomain(spark, config, "target");
    String labelCol = config.string("source.labelCol");
    if (!Arrays.asList(source.columns()).contains(labelCol)) {
      throw new JobConfigException("source data has no label column '" + labelCol + "' (columns: "
          + String.join(", ", source.columns()) + "): set source.labelCol");
    }
    requireColumns(source, "source", config.strings("source.features"));
    requireColumns(target, "target", config.strings("source.features"));
    String targetLabel = config.string("target.labelCol");
    boolean targetHasLabels = Arrays.asList(target.columns()).contains(targetLabel);
    if (targetHasLabels && !targetLabel.equals(labelCol)) {
      target = target.withColumnRenamed(targetLabel, labelCol);
    }
    Dataset<Row> data = DomainUnion.of(source, target, labelCol, DOMAIN, EVAL_LABEL).cache();
    long targetRows = data.filter(col(DOMAIN).equalTo(DomainColumns.TARGET)).count();
    if (targetRows == 0) {
      throw new JobConfigException("target data at " + config.string("target.path") + " has no rows");
    }

    long start = System.nanoTime();
    PipelineModel model = pipeline(config, labelCol, method.equals("dann")).fit(data);
    double trainSeconds = (System.nanoTime() - start) / 1e9;
    DannClassificationModel dann = lastStage(model);
    model.write().save(output.staged("model"));

    Dataset<Row> scoredTarget = model.transform(data.filter(col(DOMAIN).equalTo(DomainColumns.TARGET)));
    List<Column> kept = new ArrayList<>();
    for (String c : config.strings("output.keepColumns")) {
      if (!Arrays.asList(target.columns()).contains(c)) {
        throw new JobConfigException("output.keepColumns names '" + c + "', which the target data "
            + "does not have (columns: " + String.join(", ", target.columns()) + ")");
      }
      kept.add(col(c));
    }
    kept.add(col(dann.getPredictionCol()));
    kept.add(col(dann.getProbabilityCol()));
    scoredTarget.select(kept.toArray(new Column[0])).write().parquet(output.staged("predictions"));

    Map<String, Object> metrics = new LinkedHashMap<>();
    metrics.put("method", method);
    metrics.put("config", config.asMap());
    metrics.put("sourceRows", dann.summary().sourceRows());
    metrics.put("targetRows", dann.summary().targetRows());
    metrics.put("trainSeconds", trainSeconds);
    metrics.put("rowsPerSecond", dann.summary().rowsPerSecond());
    metrics.put("partitions", dann.summary().partitions());
    metrics.put("rounds", rounds(dann));
    PipelineModel baseline = null;
    if (targetHasLabels) {
      metrics.put("targetAccuracy", Accuracy.of(scoredTarget, dann.getPredictionCol(), EVAL_LABEL));
      if (method.equals("dann") && config.flag("evaluate.baseline")) {
        baseline = pipeline(config, labelCol, false).fit(data);
        Dataset<Row> scored = baseline.transform(data.filter(col(DOMAIN).equalTo(DomainColumns.TARGET)));
        metrics.put("sourceOnlyTargetAccuracy", Accuracy.of(scored, dann.getPredictionCol(), EVAL_LABEL));
      }
    }
    spark.sparkContext().setJobDescription("spark-da: report");
    output.writeText("report.html", report(metrics, data, model, baseline, scoredTarget,
        targetHasLabels));
    spark.sparkContext().setJobDescription(null);
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
    DannClassificationModel dann = lastStage(model);
    // Scored copies of the fitted models, with the embedding output on (the saved model is unchanged).
    Dataset<Row> adapted = withEmbedding(model, embedding).transform(sample);
    scatters.add(ReportData.scatter("input features", adapted, dann.getFeaturesCol(), DOMAIN));
    if (baseline != null) {
      scatters.add(ReportData.scatter("source-only embedding (before)",
          withEmbedding(baseline, embedding).transform(sample), embedding, DOMAIN));
    }
    scatters.add(ReportData.scatter(metrics.get("method") + " embedding (after)", adapted, embedding, DOMAIN));
    scatters.removeIf(java.util.Objects::isNull);
    long[][] confusion = targetHasLabels ? ReportData.confusion(scoredTarget, EVAL_LABEL,
        dann.getPredictionCol(), dann.numClasses()) : null;
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> rounds = (List<Map<String, Object>>) metrics.get("rounds");
    String html = HtmlReport.render(metrics, rounds, scatters, confusion);
    sample.unpersist();
    return html;
  }

  private static DannClassificationModel lastStage(PipelineModel model) {
    return (DannClassificationModel) model.stages()[model.stages().length - 1];
  }

  private static PipelineModel withEmbedding(PipelineModel model, String embeddingCol) {
    PipelineModel copy = model.copy(new org.apache.spark.ml.param.ParamMap());
    lastStage(copy).setEmbeddingCol(embeddingCol);
    return copy;
  }

  private static void requireColumns(Dataset<Row> data, String domain, List<String> columns) {
    for (String c : columns) {
      if (!Arrays.asList(data.columns()).contains(c)) {
        throw new JobConfigException(domain + " data has no feature column '" + c + "' (columns: "
            + String.join(", ", data.columns()) + "): fix source.features / target.features");
      }
    }
  }

  private static Dataset<Row> readDomain(SparkSession spark, JobConfig config, String domain) {
    return DomainReader.read(spark, domain, config.isSet(domain + ".path")
            ? config.string(domain + ".path") : null,
        config.string(domain + ".format"), config.integer(domain + ".numFeatures"),
        config.object(domain + ".options"));
  }

  /** Feature assembly (when columns are listed) followed by the DANN estimator. */
  private static Pipeline pipeline(JobConfig config, String labelCol, boolean adapt) {
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
    DannClassifier dann = new DannClassifier()
        .setFeaturesCol(featuresCol)
        .setLabelCol(labelCol)
        .setDomainCol(DOMAIN)
        .setHiddenLayers(config.integers("model.hiddenLayers"))
        .setDomainHiddenLayers(config.integers("model.domainHiddenLayers"))
        .setMaxEpochs(config.integer("model.maxEpochs"))
        .setBatchSize(config.integer("model.batchSize"))
        .setOptimizer(config.string("model.optimizer"))
        .setLearningRate(config.number("model.learningRate"))
        .setLearningRateSchedule(config.string("model.learningRateSchedule"))
        .setLambdaSchedule(config.string("model.lambdaSchedule"))
        .setLambdaMax(adapt ? config.number("model.lambdaMax") : 0.0)
        .setLocalSteps(config.integer("model.localSteps"))
        .setNumPartitions(config.integer("model.numPartitions"))
        .setThreadsPerTask(config.integer("model.threadsPerTask"))
        .setSeed(config.longValue("model.seed"));
    stages.add(dann);
    return new Pipeline().setStages(stages.toArray(new PipelineStage[0]));
  }

  private static List<Map<String, Object>> rounds(DannClassificationModel model) {
    List<Map<String, Object>> rounds = new ArrayList<>();
    for (RoundSummary r : model.summary().rounds()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("round", r.round());
      m.put("labelLoss", r.labelLoss());
      m.put("domainLoss", r.domainLoss());
      m.put("domainAccuracy", r.domainAccuracy());
      m.put("lambda", r.lambda());
      m.put("learningRate", r.learningRate());
      m.put("seconds", r.seconds());
      rounds.add(m);
    }
    return rounds;
  }

}
