package io.sparkda.eval;

import io.sparkda.data.DomainColumns;
import io.sparkda.internal.eval.DensityRatios;
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
}
