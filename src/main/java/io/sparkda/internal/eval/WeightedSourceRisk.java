package io.sparkda.internal.eval;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.covar_pop;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.var_pop;
import static org.apache.spark.sql.functions.when;

import io.sparkda.data.DomainColumns;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Importance-weighted loss on labelled source rows, with what the control variate needs: the
 * weights are density ratios {@code w = P(t|x) / P(s|x) * n_s / n_t} from a {@link
 * HeldOutDomainClassifier}, computed in one Spark aggregation (nothing collected).
 */
public final class WeightedSourceRisk {
  /** Classifier probabilities are clipped to [1e-4, 1 - 1e-4]: weights stay within 1e4 of 1. */
  private static final double CLIP = 1e-4;

  private final double meanWeightedLoss;
  private final double meanWeight;
  private final double weightVariance;
  private final double covariance;

  private WeightedSourceRisk(
      double meanWeightedLoss, double meanWeight, double weightVariance, double covariance) {
    this.meanWeightedLoss = meanWeightedLoss;
    this.meanWeight = meanWeight;
    this.weightVariance = weightVariance;
    this.covariance = covariance;
  }

  /**
   * Fits the domain classifier on every row of {@code rows} (both domains) and weighs {@code loss}
   * on the source rows that have a label.
   */
  public static WeightedSourceRisk of(
      Dataset<Row> rows,
      Column loss,
      String featuresCol,
      String domainCol,
      String labelCol,
      double regParam,
      long seed) {
    Column isSource = col(domainCol).equalTo(DomainColumns.SOURCE);
    Row counts = rows.agg(count(when(isSource, 1)), count(when(isSource.equalTo(false), 1))).head();
    long sourceRows = counts.getLong(0);
    long targetRows = counts.getLong(1);
    if (sourceRows == 0 || targetRows == 0) {
      throw new IllegalArgumentException(
          String.format(
              "importance weighting needs source and target rows: got %d and %d (column '%s')",
              sourceRows, targetRows, domainCol));
    }
    Dataset<Row> input = rows.withColumn("_spark_da_loss", loss);
    HeldOutDomainClassifier classifier =
        new HeldOutDomainClassifier(featuresCol, domainCol, regParam, seed);
    Row stats =
        classifier.withHeldOutScores(
            input,
            scored -> {
              Column p =
                  least(
                      greatest(col(HeldOutDomainClassifier.TARGET_PROBABILITY), lit(CLIP)),
                      lit(1 - CLIP));
              Column weight = p.divide(lit(1).minus(p)).multiply(sourceRows / (double) targetRows);
              Dataset<Row> weighted =
                  scored
                      .filter(isSource.and(col(labelCol).isNotNull()))
                      .select(weight.as("w"), weight.multiply(col("_spark_da_loss")).as("wl"));
              return weighted
                  .agg(
                      avg("wl"),
                      avg("w"),
                      var_pop("w"),
                      covar_pop(col("wl"), col("w")),
                      count(lit(1)))
                  .head();
            });
    if (stats.getLong(4) == 0) {
      throw new IllegalArgumentException(
          "no labelled source rows to validate on (column '" + labelCol + "')");
    }
    return new WeightedSourceRisk(
        stats.getDouble(0), stats.getDouble(1), stats.getDouble(2), stats.getDouble(3));
  }

  /** IWV: the mean weighted loss. */
  public double importanceWeighted() {
    return meanWeightedLoss;
  }

  /** DEV: the mean weighted loss with the control variate {@code eta (mean(w) - 1)}. */
  public double withControlVariate() {
    double eta = weightVariance > 0 ? -covariance / weightVariance : 0;
    return meanWeightedLoss + eta * meanWeight - eta;
  }
}
