package io.sparkda.jobs;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The scoring job, {@code bin/spark-da score CONFIG [key=value ...]} (or this class through
 * spark-submit): today's target scored by a model an earlier training run saved ({@code
 * score.modelPath}), nothing trained. Writes {@code predictions/} and {@code metrics.json} into
 * {@code output.dir} atomically, and the predictions and the run's row into the tables of {@code
 * output.*} as the training job does. It measures today's target against the target the model was
 * adapted to ({@link DriftReference}); {@code evaluate.failIf = [targetDrift]} turns a drift into
 * exit 3, the signal to adapt again. Exit codes as {@link JobRunner}.
 */
public final class ScoreJob {
  private static final Logger LOG = LoggerFactory.getLogger(ScoreJob.class);
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  static final String USAGE =
      String.join(
          "\n",
          "usage: spark-da score CONFIG [key=value ...] [--verbose]  score target.* with the model",
          "                                                          of score.modelPath",
          "       spark-da score CONFIG [key=value ...] --validate   check the config, the model,",
          "                                                          the target's columns and",
          "                                                          output.dir; score nothing");

  /**
   * metrics.json of a scoring run.
   *
   * @param model the model's own info, as its training run saved it
   * @param targetAccuracy with target.labelCol only
   */
  record ScoreMetrics(
      String job,
      String runId,
      String modelPath,
      ModelInfo model,
      String target,
      long targetRows,
      long malformedTargetRows,
      Map<String, String> partitionValues,
      String startedAt,
      String finishedAt,
      double wallSeconds,
      double scoreSeconds,
      String sparkVersion,
      String sparkDaVersion,
      TargetReport.Signals targetPredictions,
      Double targetAccuracy,
      DriftReference.Drift drift,
      QualityGates.Result qualityGates) {}

  private ScoreJob() {}

  public static void main(String[] args) {
    Interruption.install();
    System.exit(run(args));
  }

  public static int run(String[] args) {
    return JobRunner.run(args, SCORING);
  }

  private static final JobRunner.Job SCORING =
      new JobRunner.Job() {
        @Override
        public String help() {
          return String.join(
              "\n",
              USAGE,
              "",
              "Exit codes: 0 done, 1 failure, 2 bad config, model or input (one line naming the key",
              "or column), 3 outputs written but a gate of evaluate.failIf (targetDrift,",
              "singleClassPredictions) failed. Guide: docs/jobs.md, \"Scoring and drift\".");
        }

        @Override
        public void checkConfig(JobConfig config) {
          ScoreJob.checkConfig(config);
        }

        @Override
        public String validate(SparkSession spark, JobConfig config) {
          Prepared prepared = prepare(spark, config);
          try (OutputDirectory output = OutputDirectory.prepare(config, spark)) {
            // Prepared (locked, staging written) and aborted again by close().
          }
          return String.format(
              "config %s is valid: scores %s with model %s (%s, version %s); output.dir %s is"
                  + " writable",
              config.file(),
              prepared.input().describe(),
              prepared.modelDir(),
              prepared.info().method(),
              prepared.info().modelVersion(),
              config.string("output.dir"));
        }

        @Override
        public String execute(SparkSession spark, JobConfig config) throws Exception {
          return ScoreJob.execute(spark, config);
        }
      };

  /** What is checked before any row is scored: the config, the model, the target's columns. */
  private record Prepared(
      List<String> gates,
      OutputTables tables,
      DomainInput input,
      String modelDir,
      ModelInfo info,
      PipelineModel model,
      Dataset<Row> target,
      List<String> keepColumns,
      String labelCol) {}

  /** The checks of the config alone, run before Spark starts; returns the gates. */
  static List<String> checkConfig(JobConfig config) {
    List<String> gates = QualityGates.checkScoring(config);
    OutputTables.check(config);
    if (!config.isSet("score.modelPath") || config.string("score.modelPath").isBlank()) {
      throw new JobConfigException(
          "score.modelPath is not set: give the model directory of a training run (its"
              + " output.dir/model) or the file output.promoteTo wrote");
    }
    DomainInput.of(config, "target");
    MalformedRows.policy(config, "target");
    return gates;
  }

  private static Prepared prepare(SparkSession spark, JobConfig config) {
    List<String> gates = QualityGates.checkScoring(config);
    OutputTables tables = OutputTables.check(config);
    DomainInput input = DomainInput.of(config, "target");
    Configuration hadoop = spark.sparkContext().hadoopConfiguration();
    String modelDir =
        ModelPointer.resolve(
            InputPaths.resolve("score.modelPath", config.string("score.modelPath"), config.file()),
            hadoop);
    ModelInfo info = ModelInfo.load(modelDir, hadoop, spark.version());
    if (config.integer("target.numFeatures") == 0) {
      // libsvm files infer their width per file: the model's is the one that fits.
      config = config.with("target.numFeatures", info.numFeatures());
    }
    Dataset<Row> target = input.read(spark, config);
    List<String> columns = List.of(target.columns());
    List<String> missing = new ArrayList<>();
    for (String c : info.inputColumns()) {
      if (!columns.contains(c)) {
        missing.add(c);
      }
    }
    if (!missing.isEmpty()) {
      throw new JobConfigException(
          "target data ("
              + input.describe()
              + ") lacks the columns "
              + missing
              + " that the model of score.modelPath reads (it reads "
              + info.inputColumns()
              + "; the target has "
              + InputChecks.columnList(target)
              + ")");
    }
    InputChecks.requireNoOutputColumns(target);
    List<String> keepColumns = config.strings("output.keepColumns");
    InputChecks.requireKeptColumns(target, keepColumns);
    String labelCol = config.string("target.labelCol");
    InputChecks.requireTargetLabel(target, labelCol);
    tables.checkPredictionsTable(spark, tables.predictionColumns(keepColumns));
    PipelineModel model;
    try {
      model = PipelineModel.load(modelDir);
    } catch (Exception e) {
      throw new JobConfigException(
          "cannot load the model of score.modelPath " + modelDir + ": " + e.getMessage(), e);
    }
    return new Prepared(
        gates,
        tables,
        input,
        modelDir,
        info,
        model,
        target,
        keepColumns,
        labelCol.isEmpty() ? null : labelCol);
  }

  static String execute(SparkSession spark, JobConfig config) throws Exception {
    Instant started = Instant.now();
    Prepared prepared = prepare(spark, config);
    ModelInfo info = prepared.info();
    try (OutputDirectory output = OutputDirectory.prepare(config, spark)) {
      Interruption.onSignal(output::abort);
      LOG.info(
          "spark-da: scoring {} with model {} (version {})",
          prepared.input().describe(),
          prepared.modelDir(),
          info.modelVersion());
      long start = System.nanoTime();
      // csv/json only: the malformed rows, judged by target.malformed in a pass of their own.
      MalformedRows.Judged judged = MalformedRows.judge(config, "target", prepared.target());
      Dataset<Row> target = judged.rows();
      // One pass over the target: scored, cached, written; counted from the cache.
      Dataset<Row> scored =
          AdaptJob.score(prepared.model(), target, prepared.keepColumns(), prepared.labelCol())
              .cache();
      Dataset<Row> predictions =
          prepared.tables().predictions(scored.drop(JobColumns.EVAL_LABEL), info.modelVersion());
      predictions.write().parquet(output.staged("predictions"));
      double scoreSeconds = (System.nanoTime() - start) / 1e9;
      long targetRows = scored.count();
      if (targetRows == 0) {
        throw new JobConfigException(
            "target data (" + prepared.input().describe() + ") has no rows");
      }
      LOG.info(
          "spark-da: {} target rows scored in {} s ({} rows/s)",
          targetRows,
          String.format("%.1f", scoreSeconds),
          String.format("%.0f", targetRows / scoreSeconds));
      TargetReport.Signals signals = TargetReport.signals(scored, info.numClasses());
      Double accuracy =
          prepared.labelCol() == null
              ? null
              : TargetReport.evaluation(scored, info.numClasses()).accuracy();
      scored.unpersist();
      DriftReference.Drift drift =
          DriftReference.measure(
              spark,
              prepared.modelDir(),
              prepared.model(),
              info.inputColumns(),
              target,
              targetRows,
              config.integer("score.referenceRows"),
              config.longValue("model.seed"),
              config.number("score.driftThreshold"));
      LOG.info(
          "spark-da: drift of today's target from the model's: proxy A-distance {} (threshold {}),"
              + " MMD {}",
          String.format("%.3f", drift.proxyADistance()),
          drift.threshold(),
          String.format("%.4f", drift.mmd()));
      judged.release();
      QualityGates.Result gates = QualityGates.evaluateScoring(prepared.gates(), signals, drift);
      Instant finished = Instant.now();
      String runId = ModelInfo.newVersion(started);
      ScoreMetrics metrics =
          new ScoreMetrics(
              "score",
              runId,
              prepared.modelDir(),
              info,
              prepared.input().describe(),
              targetRows,
              judged.malformed(),
              prepared.tables().partitionValues(),
              started.toString(),
              finished.toString(),
              Duration.between(started, finished).toMillis() / 1000.0,
              scoreSeconds,
              spark.version(),
              BuildInfo.get("version", "unknown"),
              signals,
              accuracy,
              drift,
              gates);
      output.writeText("metrics.json", JSON.writeValueAsString(metrics));
      if (prepared.tables().writesPredictions()) {
        prepared.tables().writePredictions(spark, OutputTables.tableRows(predictions));
      }
      if (prepared.tables().writesMetrics()) {
        prepared
            .tables()
            .appendMetrics(
                spark,
                new RunRecord(
                        runId,
                        "score",
                        info.modelVersion(),
                        metrics.startedAt(),
                        metrics.finishedAt(),
                        metrics.partitionValues(),
                        info.method(),
                        null,
                        metrics.target(),
                        null,
                        targetRows,
                        signals,
                        drift.proxyADistance(),
                        drift.mmd(),
                        drift.drifted(),
                        accuracy,
                        gates,
                        output.target().toString())
                    .toDataFrame(spark));
      }
      String committed = output.commit();
      if (!gates.failed().isEmpty()) {
        throw new QualityGates.Failed(committed, gates.failed());
      }
      return committed;
    } finally {
      Interruption.clear();
    }
  }
}
