package io.sparkda.jobs;

import static org.apache.spark.sql.functions.approx_count_distinct;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.first;
import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.isnan;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.when;

import io.sparkda.data.DomainColumns;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The training job's one pass over its input rows (it also fills the cache): the counts it reports,
 * and every check that needs the rows rather than the schema, each refused with the key or column
 * to fix before any array is sized by a value.
 */
final class CountingPass {
  /**
   * A label implying more classes than this many times the distinct source labels (and more than
   * {@link #CLASS_SLACK} beyond them) is not a class index: the networks and classifiers size
   * arrays by the largest label. Lenient on purpose: a source may lack many of its classes.
   */
  private static final double CLASS_FACTOR = 10;

  private static final int CLASS_SLACK = 1000;

  /** A label column to check: whose rows, named how in messages. */
  private record Labels(String alias, String name, Column value, Column rows) {}

  private CountingPass() {}

  /**
   * @param targetLabelCol the target's evaluation labels (in {@link JobColumns#EVAL_LABEL}), or
   *     null
   * @param trainLabelCol the target's training labels (in {@code labelCol} on target rows), or ""
   * @param malformedSource the malformed rows of the source ({@link MalformedRows}), for the counts
   * @param malformedTarget the same of the target
   */
  static JobMetrics.InputCounts run(
      Dataset<Row> data,
      String labelCol,
      String targetLabelCol,
      String trainLabelCol,
      List<String> features,
      String target,
      long malformedSource,
      long malformedTarget) {
    Column isSource = col(JobColumns.DOMAIN).equalTo(DomainColumns.SOURCE);
    Column isTarget = col(JobColumns.DOMAIN).equalTo(DomainColumns.TARGET);
    Column label = col(labelCol);
    List<Labels> labels = new ArrayList<>();
    labels.add(new Labels("source", "source label column '" + labelCol + "'", label, isSource));
    if (!trainLabelCol.isEmpty()) {
      labels.add(
          new Labels("train", "target.trainLabelCol '" + trainLabelCol + "'", label, isTarget));
    }
    if (targetLabelCol != null) {
      labels.add(
          new Labels(
              "eval",
              "target label column '" + targetLabelCol + "'",
              col(JobColumns.EVAL_LABEL),
              isTarget));
    }
    List<Column> aggregates =
        new ArrayList<>(
            List.of(
                count(when(isTarget, 1)).as("targetRows"),
                count(when(isSource, 1)).as("sourceRows"),
                count(when(isTarget.and(label.isNotNull()), 1)).as("labelledTarget"),
                count(when(isSource.and(label.isNull()), 1)).as("nullLabels"),
                approx_count_distinct(when(isSource, label)).as("distinctLabels")));
    for (Labels l : labels) {
      Column v = l.value();
      Column notIndex = v.isNotNull().and(v.lt(0).or(isnan(v)).or(v.notEqual(floor(v))));
      aggregates.add(count(when(l.rows().and(notIndex), 1)).as(l.alias() + "Bad"));
      aggregates.add(first(when(l.rows().and(notIndex), v), true).as(l.alias() + "BadValue"));
      aggregates.add(max(when(l.rows(), v)).as(l.alias() + "Max"));
    }
    int firstFeatureCount = aggregates.size();
    aggregates.addAll(InputChecks.missingFeatureCounts(features, JobColumns.DOMAIN));
    Row counts =
        data.agg(aggregates.get(0), aggregates.subList(1, aggregates.size()).toArray(new Column[0]))
            .head();
    long targetRows = counts.getAs("targetRows");
    if (targetRows == 0) {
      throw new JobConfigException("target data (" + target + ") has no rows");
    }
    long nullLabels = counts.getAs("nullLabels");
    if (nullLabels > 0) {
      throw new JobConfigException(
          String.format(
              "%d source rows have no label in column '%s' (source.labelCol): drop them, or"
                  + " move them to the target data if they are unlabelled target rows",
              nullLabels, labelCol));
    }
    long distinct = counts.getAs("distinctLabels");
    if (distinct == 1 && trainLabelCol.isEmpty()) {
      throw new JobConfigException(
          String.format(
              "every source row has class %s in label column '%s': a classifier needs at least"
                  + " two classes in the source",
              counts.getAs("sourceMax"), labelCol));
    }
    for (Labels l : labels) {
      requireClassIndices(counts, l, distinct);
    }
    InputChecks.requireNoMissingFeatures(features, counts, firstFeatureCount);
    return new JobMetrics.InputCounts(
        counts.getAs("sourceRows"),
        targetRows,
        counts.getAs("labelledTarget"),
        malformedSource,
        malformedTarget);
  }

  private static void requireClassIndices(Row counts, Labels labels, long sourceClasses) {
    long bad = counts.getAs(labels.alias() + "Bad");
    if (bad > 0) {
      throw new JobConfigException(
          String.format(
              "%s must hold class indices 0, 1, ..., k-1, but %d rows do not (e.g. %s): index"
                  + " the labels (Spark's StringIndexer)",
              labels.name(), bad, counts.getAs(labels.alias() + "BadValue")));
    }
    Object max = counts.getAs(labels.alias() + "Max");
    if (max == null) {
      return;
    }
    double maxLabel = ((Number) max).doubleValue();
    if (maxLabel + 1 > Math.max(CLASS_FACTOR * sourceClasses, sourceClasses + CLASS_SLACK)) {
      throw new JobConfigException(
          String.format(
              "%s holds %.0f, which would mean %.0f classes, but the source has about %d distinct"
                  + " labels: labels are class indices 0, 1, ..., k-1 (index them with Spark's"
                  + " StringIndexer)",
              labels.name(), maxLabel, maxLabel + 1, sourceClasses));
    }
  }
}
