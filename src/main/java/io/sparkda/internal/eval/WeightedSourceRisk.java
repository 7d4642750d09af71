package io.sparkda.internal.eval;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.covar_pop;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.var_pop;

import io.sparkda.data.DomainColumns;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Importance-weighted loss on the labelled source rows, with what the control variate needs,
 * computed in one Spark aggregation (nothing collected). The weights are density ratios ({@link
 * DensityRatios}).
 */
public final class WeightedSourceRisk {
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

  /** {@code loss} weighted by {@code weightCol} on the source rows that have a label. */
  public static WeightedSourceRisk of(
      Dataset<Row> rows, Column loss, String weightCol, String domainCol, String labelCol) {
    Row stats =
        rows.filter(col(domainCol).equalTo(DomainColumns.SOURCE).and(col(labelCol).isNotNull()))
            .select(col(weightCol).as("w"), col(weightCol).multiply(loss).as("wl"))
            .agg(avg("wl"), avg("w"), var_pop("w"), covar_pop(col("wl"), col("w")), count(lit(1)))
            .head();
    if (stats.getLong(4) == 0) {
      throw new IllegalArgumentException(
          "no labelled source rows to validate on (column '" + labelCol + "')");
    }
    if (stats.isNullAt(0)) {
      throw new IllegalArgumentException(
          "no source row has a weight in column '" + weightCol + "'");
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
