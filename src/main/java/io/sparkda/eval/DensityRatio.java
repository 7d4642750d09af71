package io.sparkda.eval;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.sum;

import io.sparkda.data.DomainColumns;
import io.sparkda.internal.eval.DensityRatios;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Density ratios {@code p_target(x) / p_source(x)} as a column, for {@link
 * ImportanceWeightedEvaluator} and {@link DeepEmbeddedEvaluator} ({@code weightCol}): computed once
 * for a grid instead of once per candidate. Label-free.
 */
public final class DensityRatio {
  private DensityRatio() {}

  /**
   * {@code data} with {@code outputCol}: each row's ratio from a logistic-regression domain
   * classifier on {@code featuresCol} (L2 strength {@code regParam}) fitted on the random half of
   * the rows (by {@code seed}) that does not hold the row, times {@code n_source / n_target}. The
   * result is computed now and kept (checkpointed locally), so the halves do not change when it is
   * read again.
   */
  public static Dataset<Row> withWeights(
      Dataset<?> data,
      String featuresCol,
      String domainCol,
      String outputCol,
      double regParam,
      long seed) {
    DomainColumns.requireVector(data.schema(), featuresCol, "featuresCol");
    DomainColumns.requireDomain(data.schema(), domainCol);
    return DensityRatios.withWeights(
        data.toDF(), featuresCol, domainCol, regParam, seed, outputCol, Dataset::localCheckpoint);
  }

  /**
   * Kish's effective sample size of the source rows' weights in {@code weightCol}, as a fraction of
   * the source rows: {@code (sum w)^2 / (n sum w^2)}, 1 when every weight is equal, near 0 when a
   * few rows carry nearly all the weight: the domains are almost separable on these features, and
   * the importance-weighted values ({@link ImportanceWeightedEvaluator}, {@link
   * DeepEmbeddedEvaluator}) rest on those few rows. NaN without source rows. Label-free.
   */
  public static double effectiveSampleSize(Dataset<?> data, String weightCol, String domainCol) {
    DomainColumns.requireDomain(data.schema(), domainCol);
    Column w = col(weightCol).cast("double");
    Row sums =
        data.filter(col(domainCol).equalTo(DomainColumns.SOURCE))
            .agg(sum(w), sum(w.multiply(w)), count(w))
            .head();
    long n = sums.getLong(2);
    if (n == 0) {
      return Double.NaN;
    }
    double total = sums.getDouble(0);
    return total * total / (n * sums.getDouble(1));
  }
}
