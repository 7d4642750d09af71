package io.sparkda.jobs;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import io.sparkda.data.DomainColumns;
import io.sparkda.data.DomainUnion;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The job's read step: source and target as configured, checked against the config (columns named,
 * labels, kept columns, missing feature cells), and their union as the training DataFrame (cached).
 * Every problem is a {@link JobConfigException} that names the key.
 *
 * @param target the target rows as read, for predictions/ (kept columns come back unchanged)
 * @param training source and target in one DataFrame, domain in {@link JobColumns#DOMAIN}, target
 *     labels (if any) in {@link JobColumns#EVAL_LABEL}; cached: {@link #release()} when done
 * @param targetLabelCol the target's label column, or null when the target has no labels
 * @param judgedTarget the target's malformed-row verdict (its cache, for csv/json, feeds {@code
 *     target})
 */
record JobInputs(
    Dataset<Row> target,
    Dataset<Row> training,
    String labelCol,
    String targetLabelCol,
    List<String> keepColumns,
    JobMetrics.InputCounts counts,
    String sourcePath,
    String targetPath,
    MalformedRows.Judged judgedTarget) {

  /**
   * Source and target as read, after every check that needs only their schemas (what {@code
   * --validate} runs): labels, feature, kept and semi-supervised label columns.
   */
  private static final Logger LOG = LoggerFactory.getLogger(JobInputs.class);

  record Checked(
      Dataset<Row> source,
      Dataset<Row> target,
      String sourcePath,
      String targetPath,
      String labelCol,
      String targetLabelCol,
      String trainLabelCol,
      List<String> keepColumns) {}

  static Checked check(SparkSession spark, JobConfig config) {
    DomainInput sourceInput = DomainInput.of(config, "source");
    DomainInput targetInput = DomainInput.of(config, "target");
    String sourcePath = sourceInput.describe();
    String targetPath = targetInput.describe();
    LOG.info("spark-da: reading source {} and target {}", sourcePath, targetPath);
    Dataset<Row> source = sourceInput.read(spark, config);
    Dataset<Row> target = targetInput.read(spark, config);
    String labelCol = config.string("source.labelCol");
    InputChecks.requireLabel(source, "source", "source.labelCol", labelCol);
    InputChecks.requireColumns(target, "target");
    List<String> features = config.strings("source.features");
    InputChecks.requireFeatureColumns(source, "source", features);
    InputChecks.requireFeatureColumns(target, "target", features);
    InputChecks.requireNoOutputColumns(target);
    String targetLabel = config.string("target.labelCol");
    InputChecks.requireTargetLabel(target, targetLabel);
    List<String> keepColumns = config.strings("output.keepColumns");
    InputChecks.requireKeptColumns(target, keepColumns);
    // Semi-supervised: a separate target column with the few known labels trains too.
    String trainLabel = config.string("target.trainLabelCol");
    if (!trainLabel.isEmpty()) {
      if (!Arrays.asList(target.columns()).contains(trainLabel)) {
        throw new JobConfigException(
            "target.trainLabelCol names '"
                + trainLabel
                + "', which the "
                + "target data does not have (columns: "
                + InputChecks.columnList(target)
                + ")");
      }
      if (trainLabel.equals(targetLabel) || trainLabel.equals(labelCol)) {
        throw new JobConfigException(
            "target.trainLabelCol '"
                + trainLabel
                + "' must not be the "
                + "label column: evaluation would score the labels it trained on; put the known "
                + "target labels in a column of their own");
      }
    }
    return new Checked(
        source, target, sourcePath, targetPath, labelCol, targetLabel, trainLabel, keepColumns);
  }

  static JobInputs read(SparkSession spark, JobConfig config) {
    Checked checked = check(spark, config);
    // csv/json: malformed rows judged by DOMAIN.malformed (each domain cached for it).
    MalformedRows.Judged judgedSource = MalformedRows.judge(config, "source", checked.source());
    MalformedRows.Judged judgedTarget;
    try {
      judgedTarget = MalformedRows.judge(config, "target", checked.target());
    } catch (RuntimeException e) {
      judgedSource.release();
      throw e;
    }
    Dataset<Row> source = judgedSource.rows();
    Dataset<Row> target = judgedTarget.rows();
    String labelCol = checked.labelCol();
    String targetLabel = checked.targetLabelCol();
    boolean targetHasLabels = !targetLabel.isEmpty();
    String trainLabel = checked.trainLabelCol();
    List<String> features = config.strings("source.features");
    Dataset<Row> trainingTarget = target;
    if (targetHasLabels && !targetLabel.equals(labelCol)) {
      trainingTarget = target.withColumnRenamed(targetLabel, labelCol);
    }
    if (!trainLabel.isEmpty()) {
      source = source.withColumn(trainLabel, lit(null).cast(DataTypes.DoubleType));
    }
    Dataset<Row> data =
        DomainUnion.of(source, trainingTarget, labelCol, JobColumns.DOMAIN, JobColumns.EVAL_LABEL);
    if (!trainLabel.isEmpty()) {
      data =
          data.withColumn(
              labelCol,
              when(
                      col(JobColumns.DOMAIN).equalTo(DomainColumns.TARGET),
                      col(trainLabel).cast(DataTypes.DoubleType))
                  .otherwise(col(labelCol)));
    }
    data = data.cache();
    JobMetrics.InputCounts counts;
    try {
      counts =
          CountingPass.run(
              data,
              labelCol,
              targetHasLabels ? targetLabel : null,
              trainLabel,
              features,
              checked.targetPath(),
              judgedSource.malformed(),
              judgedTarget.malformed());
    } catch (RuntimeException e) {
      data.unpersist();
      judgedTarget.release();
      throw e;
    } finally {
      judgedSource.release(); // the training rows are cached now
    }
    return new JobInputs(
        target,
        data,
        labelCol,
        targetHasLabels ? targetLabel : null,
        checked.keepColumns(),
        counts,
        checked.sourcePath(),
        checked.targetPath(),
        judgedTarget);
  }

  /** Drops the cached rows. */
  void release() {
    training.unpersist();
    judgedTarget.release();
  }

  boolean targetHasLabels() {
    return targetLabelCol != null;
  }
}
