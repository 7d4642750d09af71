package io.sparkda.internal.selftraining;

import static org.apache.spark.sql.functions.array_max;
import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import java.io.Serializable;
import java.util.List;
import org.apache.spark.ml.functions;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * One self-training round's pseudo-labelling, as DataFrame expressions (ordinary Spark jobs; no row
 * reaches the driver). Given rows scored by the round's model, it picks the unlabelled target rows
 * to pseudo-label and writes their predicted class into the pseudo-label column; rows picked in
 * earlier rounds keep their pseudo-label.
 *
 * <p>Two rules: {@code threshold} takes every candidate whose largest class probability is at least
 * the threshold; {@code top-fraction} takes, for each predicted class, that fraction of the
 * candidates predicted as the class, most confident first (class-balanced, so one easy class cannot
 * take over the pseudo-labels).
 */
public final class PseudoLabelSelection implements Serializable {
  private static final long serialVersionUID = 1L;
  public static final String THRESHOLD = "threshold";
  public static final String TOP_FRACTION = "top-fraction";

  private final String rule;
  private final double threshold;
  private final double fraction;

  public PseudoLabelSelection(String rule, double threshold, double fraction) {
    this.rule = rule;
    this.threshold = threshold;
    this.fraction = fraction;
  }

  /** Selects nothing: the last round only measures its model. */
  static PseudoLabelSelection scoreOnly() {
    return new PseudoLabelSelection(THRESHOLD, Double.POSITIVE_INFINITY, 0);
  }

  /** What a round added. */
  public static final class Outcome {
    public final Dataset<Row> rows;
    public final long added;
    public final double meanConfidence;

    /** Accuracy of the round's model on target rows with an evaluation label; NaN without. */
    public final double targetAccuracy;

    /**
     * Share of the added pseudo-labels that are right, where an evaluation label exists; NaN
     * without. The diagnostic for self-training that reinforces its own mistakes.
     */
    public final double addedAccuracy;

    Outcome(
        Dataset<Row> rows,
        long added,
        double meanConfidence,
        double targetAccuracy,
        double addedAccuracy) {
      this.rows = rows;
      this.added = added;
      this.meanConfidence = meanConfidence;
      this.targetAccuracy = targetAccuracy;
      this.addedAccuracy = addedAccuracy;
    }
  }

  /**
   * @param scored the working rows plus the model's {@code probabilityCol} and {@code
   *     predictionCol}
   * @param isCandidate true on unlabelled target rows without a pseudo-label yet
   * @param isEvaluable true on target rows whose {@code evaluationLabelCol} is set (null: none)
   * @return the rows with the pseudo-label column updated and the model's columns dropped
   */
  public Outcome apply(
      Dataset<Row> scored,
      Column isCandidate,
      String pseudoLabelCol,
      String probabilityCol,
      String predictionCol,
      Column isEvaluable,
      String evaluationLabelCol) {
    Column confidence = array_max(functions.vector_to_array(col(probabilityCol), "float64"));
    Column selected =
        isCandidate.and(selectionRule(scored, isCandidate, confidence, predictionCol));
    String flag = "__spark_da_selected";
    String conf = "__spark_da_confidence";
    Dataset<Row> marked =
        scored
            .withColumn(conf, confidence)
            .withColumn(flag, selected)
            .withColumn(
                pseudoLabelCol, when(col(flag), col(predictionCol)).otherwise(col(pseudoLabelCol)));
    Column correct =
        isEvaluable == null
            ? lit(null)
            : when(
                isEvaluable,
                when(col(predictionCol).equalTo(col(evaluationLabelCol)), 1.0).otherwise(0.0));
    Row stats =
        marked
            .agg(
                count(when(col(flag), 1)),
                avg(when(col(flag), col(conf))),
                avg(correct.cast("double")),
                avg(when(col(flag), correct.cast("double"))))
            .head();
    Dataset<Row> rows = marked.drop(flag, conf);
    return new Outcome(
        rows,
        stats.getLong(0),
        stats.isNullAt(1) ? Double.NaN : stats.getDouble(1),
        stats.isNullAt(2) ? Double.NaN : stats.getDouble(2),
        stats.isNullAt(3) ? Double.NaN : stats.getDouble(3));
  }

  private Column selectionRule(
      Dataset<Row> scored, Column isCandidate, Column confidence, String predictionCol) {
    if (rule.equals(THRESHOLD)) {
      return confidence.geq(threshold);
    }
    // Per predicted class, the (approximate) (1 - fraction) quantile of the candidates'
    // confidence; rows at or above it are taken (ties at the cut included). Only k (class, cut)
    // pairs are collected.
    List<Row> cuts =
        scored
            .filter(isCandidate)
            .groupBy(col(predictionCol))
            .agg(
                org.apache.spark.sql.functions.percentile_approx(
                    confidence, lit(1 - fraction), lit(10000)))
            .collectAsList();
    Column rule = lit(false);
    for (Row cut : cuts) {
      rule =
          when(col(predictionCol).equalTo(cut.getDouble(0)), confidence.geq(cut.getDouble(1)))
              .otherwise(rule);
    }
    return rule;
  }
}
