package io.sparkda.internal.eval;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.rand;
import static org.apache.spark.sql.functions.when;

import io.sparkda.data.DomainColumns;
import java.util.function.BiFunction;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.classification.LogisticRegressionModel;
import org.apache.spark.ml.functions;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;

/**
 * A probabilistic domain classifier (L2 logistic regression on a Vector column) whose prediction
 * for every row comes from a model that did not train on it: the rows are split in two halves at
 * random, each half is scored by the model fitted on the other (cross-fitting). Held-out
 * probabilities are what density ratios (IWV, DEV) and the proxy A-distance need; in-sample ones
 * would be over-confident.
 */
public final class HeldOutDomainClassifier {
  /** Column of P(target | x) that {@link #score} adds. */
  public static final String TARGET_PROBABILITY = "_spark_da_p_target";

  private static final String FOLD = "_spark_da_fold";
  private static final String DOMAIN_LABEL = "_spark_da_domain_label";
  private static final String HALF_PROBABILITY = "_spark_da_p_target_half_";

  private final String vectorCol;
  private final String domainCol;
  private final double regParam;
  private final long seed;

  public HeldOutDomainClassifier(String vectorCol, String domainCol, double regParam, long seed) {
    this.vectorCol = vectorCol;
    this.domainCol = domainCol;
    this.regParam = regParam;
    this.seed = seed;
  }

  /** Rows per domain in the data the classifier split. */
  public record DomainCounts(long source, long target) {}

  /**
   * Applies {@code use} to {@code rows} with {@link #TARGET_PROBABILITY}, each from the half-model
   * that did not see the row, and to the rows per domain, and returns its result; the split stays
   * cached while {@code use} runs, so the halves are the ones the models trained on. Needs rows of
   * both domains in each half; fails with the counts otherwise.
   */
  public <T> T withHeldOutScores(Dataset<Row> rows, BiFunction<Dataset<Row>, DomainCounts, T> use) {
    Dataset<Row> folded =
        rows.withColumn(FOLD, when(rand(seed).lt(0.5), lit(0)).otherwise(lit(1)))
            .withColumn(DOMAIN_LABEL, col(domainCol).cast(DataTypes.DoubleType))
            .cache();
    try {
      // One pass (which also fills the cache): source and target rows of each half.
      Column isSource = col(domainCol).equalTo(DomainColumns.SOURCE);
      Column isTarget = col(domainCol).equalTo(DomainColumns.TARGET);
      Row counts =
          folded
              .agg(
                  count(when(isSource.and(col(FOLD).equalTo(0)), 1)),
                  count(when(isTarget.and(col(FOLD).equalTo(0)), 1)),
                  count(when(isSource.and(col(FOLD).equalTo(1)), 1)),
                  count(when(isTarget.and(col(FOLD).equalTo(1)), 1)))
              .head();
      DomainCounts total =
          new DomainCounts(
              counts.getLong(0) + counts.getLong(2), counts.getLong(1) + counts.getLong(3));
      if (total.source() == 0 || total.target() == 0) {
        throw new IllegalArgumentException(
            String.format(
                "a domain classifier needs source and target rows: got %d and %d (column '%s')",
                total.source(), total.target(), domainCol));
      }
      // Both half-models score every row, and each row keeps the one that did not see it: the
      // rows stay in their order and partitions (a union of the halves reordered them, and moved
      // the validator's split of the same seed when iwv or dev asked for density ratios).
      Dataset<Row> scored = folded;
      for (int fold = 0; fold < 2; fold++) {
        // The model for this half trains on the other one.
        int other = 1 - fold;
        requireBothDomains(counts.getLong(2 * other), counts.getLong(2 * other + 1));
        Dataset<Row> train = folded.filter(col(FOLD).equalTo(other));
        LogisticRegressionModel model =
            new LogisticRegression()
                .setFeaturesCol(vectorCol)
                .setLabelCol(DOMAIN_LABEL)
                .setRegParam(regParam)
                .setMaxIter(100)
                .setFamily("binomial")
                .setProbabilityCol("_spark_da_domain_probability")
                .setPredictionCol("_spark_da_domain_prediction")
                .setRawPredictionCol("_spark_da_domain_raw")
                .fit(train);
        scored =
            model
                .transform(scored)
                .withColumn(
                    HALF_PROBABILITY + fold,
                    functions
                        .vector_to_array(col("_spark_da_domain_probability"), "float64")
                        .getItem(1))
                .drop(
                    "_spark_da_domain_probability",
                    "_spark_da_domain_prediction",
                    "_spark_da_domain_raw");
      }
      scored =
          scored
              .withColumn(
                  TARGET_PROBABILITY,
                  when(col(FOLD).equalTo(0), col(HALF_PROBABILITY + 0))
                      .otherwise(col(HALF_PROBABILITY + 1)))
              .drop(HALF_PROBABILITY + 0, HALF_PROBABILITY + 1);
      return use.apply(scored.drop(FOLD, DOMAIN_LABEL), total);
    } finally {
      folded.unpersist();
    }
  }

  private void requireBothDomains(long source, long target) {
    if (target < 2 || source < 2) {
      throw new IllegalArgumentException(
          String.format(
              "a domain classifier needs rows of both domains: got %d target and %d source rows "
                  + "in half the data (column '%s')",
              target, source, domainCol));
    }
  }
}
