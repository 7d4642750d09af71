package io.sparkda.jobs;

import static org.apache.spark.sql.functions.col;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.sparkda.data.DomainColumns;
import io.sparkda.eval.Accuracy;
import io.sparkda.ml.TrainingHistory;
import io.sparkda.ml.TrainingProgress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.fs.Path;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The spark-submit entry point: {@code AdaptJob CONFIG [key=value ...] [--verbose]} (and {@code
 * --validate}, {@code --list-keys}, {@code --help}: {@link JobArguments}). Reads source and target,
 * fits the configured method, and writes {@code model/} (a PipelineModel with the feature
 * assembly), {@code predictions/} (target rows, Parquet), {@code metrics.json} and {@code
 * report.html} into {@code output.dir}, atomically.
 *
 * <p>Exit codes: 0 done, 3 outputs written but a quality gate failed ({@link QualityGates}), 2
 * configuration or input error (one line on stderr, stack trace with {@code --verbose}), 1 any
 * other failure.
 */
public final class AdaptJob {
  private static final Logger LOG = LoggerFactory.getLogger(AdaptJob.class);
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private AdaptJob() {}

  public static void main(String[] args) {
    Interruption.install();
    System.exit(run(args));
  }

  /** Runs the job; returns the exit code. Reuses an active SparkSession and then leaves it open. */
  public static int run(String[] args) {
    return JobRunner.run(args, TRAINING);
  }

  private static final JobRunner.Job TRAINING =
      new JobRunner.Job() {
        @Override
        public String help() {
          return AdaptJob.help();
        }

        @Override
        public void checkConfig(JobConfig config) {
          JobValidation.checkConfig(config);
        }

        @Override
        public String validate(SparkSession spark, JobConfig config) {
          return JobValidation.run(spark, config);
        }

        @Override
        public String execute(SparkSession spark, JobConfig config) throws Exception {
          return AdaptJob.execute(spark, config);
        }
      };

  /** Usage, exit codes, the methods (from the reference config's doc of {@code method}). */
  static String help() {
    ReferenceKeys.Key method = ReferenceKeys.get("method");
    return String.join(
        "\n",
        JobArguments.USAGE,
        "",
        "Exit codes: 0 done, 1 failure, 2 bad config or input (one line naming the key or column),",
        "3 outputs written but a quality gate of evaluate.failIf failed.",
        "",
        "method (default " + method.defaultValue() + "):",
        method.doc().stream().map(line -> "  " + line).reduce((a, b) -> a + "\n" + b).orElse(""),
        "",
        "Every key with its default: spark-da --list-keys (the reference config "
            + JobConfig.REFERENCE
            + ", inside the jar). Guide: docs/jobs.md.");
  }

  /** read -> fit -> score -> metrics -> report, all into one atomically committed directory. */
  static String execute(SparkSession spark, JobConfig config) throws Exception {
    Instant started = Instant.now();
    // The config's own checks ran before Spark started (JobRunner); here only their values.
    List<String> gates = QualityGates.check(config);
    OutputTables tables = OutputTables.check(config);
    // Before any data is read: a bad, locked or unwritable output.dir fails in seconds.
    try (OutputDirectory output = OutputDirectory.prepare(config, spark)) {
      Interruption.onSignal(output::abort);
      JobCheckpoints checkpoints =
          JobCheckpoints.prepare(
              config, output.target(), spark.sparkContext().hadoopConfiguration());
      QualityGates.Result gateResult = null;
      JobInputs inputs = JobInputs.read(spark, config);
      LOG.info(
          "spark-da: {} source rows, {} target rows ({} with a training label)",
          inputs.counts().sourceRows(),
          inputs.counts().targetRows(),
          inputs.counts().labelledTargetRows());
      try {
        tables.checkPredictionsTable(spark, tables.predictionColumns(inputs.keepColumns()));
        long start = System.nanoTime();
        TrainingProgress.plan(JobTuning.requested(config) ? 0 : plannedFits(config, inputs));
        String configured = config.string("method");
        TrainingProgress.stage(
            configured.equals(MethodPipelines.SELF_TRAINING)
                ? "self-training around " + config.string("selfTraining.base")
                : configured);
        JobTuning.Tuned tuned =
            AutoMethod.requested(config)
                ? AutoMethod.fit(config, inputs)
                : JobTuning.requested(config) ? JobTuning.fit(config, inputs) : null;
        // With tuning, the picked candidate's config (its method and Params) is the job's.
        JobConfig fitted = tuned == null ? config : tuned.picked();
        String method = fitted.string("method");
        PipelineModel model =
            tuned != null
                ? tuned.model()
                : fit(method, config, inputs, checkpoints, JobCheckpoints.METHOD);
        double trainSeconds = (System.nanoTime() - start) / 1e9;
        model.write().save(output.staged("model"));
        List<String> modelInputs = MethodPipelines.inputColumns(config);
        int numFeatures =
            DriftReference.save(
                model,
                modelInputs,
                inputs.target(),
                inputs.counts().targetRows(),
                config.integer("score.referenceRows"),
                config.longValue("model.seed"),
                output.staged("model"));

        Dataset<Row> scoredTarget = score(model, inputs).cache();
        int numClasses = TargetReport.numClasses(scoredTarget);
        ModelInfo info =
            ModelInfo.of(
                started,
                spark.version(),
                method,
                modelInputs,
                numFeatures,
                numClasses,
                inputs.targetPath());
        output.writeText("model/" + ModelInfo.FILE, info.toJson());
        Dataset<Row> predictions =
            tables.predictions(scoredTarget.drop(JobColumns.EVAL_LABEL), info.modelVersion());
        predictions.write().parquet(output.staged("predictions"));
        JobMetrics metrics;
        // The report's sample stays cached from the discrepancy measures to report.html, and is
        // released even when a step in between fails. Without output.report: neither.
        boolean reporting = config.flag("output.report");
        try (JobReport report =
            reporting
                ? new JobReport(inputs, model, MethodPipelines.featuresCol(config), method)
                : null) {
          TargetReport.Evaluation evaluation =
              inputs.targetHasLabels() ? TargetReport.evaluation(scoredTarget, numClasses) : null;
          PipelineModel baseline = baseline(method, fitted, inputs, checkpoints);
          String baselineName = null;
          Double baselineAccuracy = null;
          TargetReport.Signals baselineSignals = null;
          if (baseline != null) {
            Dataset<Row> target =
                baseline
                    .transform(
                        inputs
                            .training()
                            .filter(col(JobColumns.DOMAIN).equalTo(DomainColumns.TARGET)))
                    .cache();
            baselineName = MethodPipelines.baseline(method, fitted);
            baselineAccuracy = inputs.targetHasLabels() ? accuracy(target) : null;
            baselineSignals = TargetReport.signals(target, numClasses);
            target.unpersist();
          }
          metrics =
              new JobMetrics(
                  method,
                  config.asMap(),
                  inputs.counts(),
                  trainSeconds,
                  TrainingHistory.of(model),
                  evaluation == null ? null : evaluation.accuracy(),
                  baselineName,
                  baselineAccuracy,
                  tuned == null ? null : tuned.tuning(),
                  reporting ? report.discrepancy() : List.of(),
                  ShallowSummary.of(model),
                  RunInfo.of(started, spark.version(), inputs, numClasses),
                  TargetReport.signals(scoredTarget, numClasses),
                  evaluation,
                  baselineSignals,
                  null);
          if (!gates.isEmpty()) {
            metrics = metrics.withQualityGates(QualityGates.evaluate(gates, metrics));
          }
          output.writeText("metrics.json", JSON.writeValueAsString(metrics.toJson()));
          writeTables(spark, tables, predictions, metrics, info, config, output);
          spark.sparkContext().setJobDescription("spark-da: report");
          if (reporting) {
            output.writeText("report.html", report.render(metrics, baseline));
          }
          spark.sparkContext().setJobDescription(null);
        }
        scoredTarget.unpersist();
        gateResult = metrics.qualityGates();
        LOG.info(
            "spark-da job done: {}",
            metrics.targetAccuracy() == null
                ? "no target labels"
                : "target accuracy " + metrics.targetAccuracy());
      } finally {
        inputs.release();
      }
      String committed = output.commit();
      checkpoints.remove();
      if (gateResult != null && !gateResult.failed().isEmpty()) {
        throw new QualityGates.Failed(committed, gateResult.failed());
      }
      String promoteTo = config.string("output.promoteTo");
      if (!promoteTo.isBlank()) {
        String modelDir = new Path(committed, "model").toString();
        ModelPointer.promote(promoteTo, modelDir, spark.sparkContext().hadoopConfiguration());
        LOG.info("spark-da: {} now points at {}", promoteTo, modelDir);
      }
      return committed;
    } finally {
      Interruption.clear();
    }
  }

  /**
   * The method's pipeline fitted, checkpointing as {@code fit}; a Param refused at fit is reported
   * by its config key.
   */
  private static PipelineModel fit(
      String method, JobConfig config, JobInputs inputs, JobCheckpoints checkpoints, String fit) {
    try {
      return checkpoints
          .apply(MethodPipelines.pipeline(method, config, inputs.labelCol()), fit)
          .fit(inputs.training());
    } catch (IllegalArgumentException e) {
      throw ConfigParams.byConfigKey(e, config, MethodPipelines.sections(method, config));
    }
  }

  /**
   * Network fits the job will run at most, for the overall ETA: the method's (one per self-training
   * round) and the baseline's, when those are networks.
   */
  private static int plannedFits(JobConfig config, JobInputs inputs) {
    String method = config.string("method");
    int fits =
        MethodPipelines.isNetwork(method, config) ? MethodPipelines.fitsOf(method, config) : 0;
    String baseline = MethodPipelines.baseline(method, config);
    if (baseline != null
        && inputs.targetHasLabels()
        && config.flag("evaluate.baseline")
        && MethodPipelines.isNetwork(baseline, config)) {
      fits++;
    }
    return fits;
  }

  /**
   * The method without adaptation (source-only, or logistic regression), fitted to compare with
   * when the target has labels and {@code evaluate.baseline} is on; null otherwise.
   */
  private static PipelineModel baseline(
      String method, JobConfig config, JobInputs inputs, JobCheckpoints checkpoints) {
    String baseline = MethodPipelines.baseline(method, config);
    boolean forAccuracy = inputs.targetHasLabels() && config.flag("evaluate.baseline");
    if (baseline == null || !(forAccuracy || QualityGates.needBaseline(config))) {
      return null;
    }
    TrainingProgress.stage(baseline + " baseline");
    return fit(baseline, config, inputs, checkpoints, JobCheckpoints.BASELINE);
  }

  private static double accuracy(Dataset<Row> scored) {
    return Accuracy.of(scored, JobColumns.PREDICTION, JobColumns.EVAL_LABEL);
  }

  /**
   * The predictions into their table and the run's row into the metrics table, last of the run's
   * work: a run that fails before leaves both tables as they were.
   */
  private static void writeTables(
      SparkSession spark,
      OutputTables tables,
      Dataset<Row> predictions,
      JobMetrics metrics,
      ModelInfo info,
      JobConfig config,
      OutputDirectory output) {
    if (tables.writesPredictions()) {
      spark.sparkContext().setJobDescription("spark-da: predictions table");
      tables.writePredictions(spark, OutputTables.tableRows(predictions));
    }
    if (tables.writesMetrics()) {
      JobMetrics.Discrepancy input =
          metrics.discrepancy().isEmpty() ? null : metrics.discrepancy().get(0);
      tables.appendMetrics(
          spark,
          new RunRecord(
                  info.modelVersion(),
                  "train",
                  info.modelVersion(),
                  metrics.run().startedAt(),
                  metrics.run().finishedAt(),
                  tables.partitionValues(),
                  metrics.method(),
                  metrics.run().sourcePath(),
                  metrics.run().targetPath(),
                  metrics.counts().sourceRows(),
                  metrics.counts().targetRows(),
                  metrics.targetPredictions(),
                  input == null ? null : input.proxyADistance(),
                  input == null ? null : input.mmd(),
                  null,
                  metrics.targetAccuracy(),
                  metrics.qualityGates(),
                  output.target().toString())
              .toDataFrame(spark));
    }
    spark.sparkContext().setJobDescription(null);
  }

  /**
   * The fitted model on the target rows as read, so kept columns come back unchanged, with the
   * known labels (if any) in {@link JobColumns#EVAL_LABEL} for evaluation.
   */
  private static Dataset<Row> score(PipelineModel model, JobInputs inputs) {
    return score(model, inputs.target(), inputs.keepColumns(), inputs.targetLabelCol());
  }

  /**
   * {@code model} on {@code target}: the kept columns, prediction, probability, and the labels of
   * {@code labelCol} (when not null) as {@link JobColumns#EVAL_LABEL}.
   */
  static Dataset<Row> score(
      PipelineModel model, Dataset<Row> target, List<String> keepColumns, String labelCol) {
    List<Column> kept = new ArrayList<>();
    keepColumns.forEach(c -> kept.add(col(c)));
    kept.add(col(JobColumns.PREDICTION));
    kept.add(col(JobColumns.PROBABILITY));
    if (labelCol != null) {
      kept.add(col(labelCol).cast(DataTypes.DoubleType).as(JobColumns.EVAL_LABEL));
    }
    return model.transform(target).select(kept.toArray(new Column[0]));
  }
}
