package io.sparkda.internal.eval;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;

import java.util.function.Function;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Density ratios {@code w(x) = p_target(x) / p_source(x)} from a {@link HeldOutDomainClassifier}:
 * its held-out odds {@code P(t|x) / P(s|x)} times {@code n_s / n_t}, the domains' row counts, so
 * that the source rows' weights average about 1.
 */
public final class DensityRatios {
  /** Classifier probabilities are clipped to [1e-4, 1 - 1e-4]: weights stay within 1e4 of 1. */
  private static final double CLIP = 1e-4;

  private DensityRatios() {}

  /** Applies {@code use} to {@code rows} with the ratio in {@code weightCol}, on every row. */
  public static <T> T withWeights(
      Dataset<Row> rows,
      String featuresCol,
      String domainCol,
      double regParam,
      long seed,
      String weightCol,
      Function<Dataset<Row>, T> use) {
    return new HeldOutDomainClassifier(featuresCol, domainCol, regParam, seed)
        .withHeldOutScores(
            rows,
            (scored, counts) -> {
              Column p =
                  least(
                      greatest(col(HeldOutDomainClassifier.TARGET_PROBABILITY), lit(CLIP)),
                      lit(1 - CLIP));
              Column ratio =
                  p.divide(lit(1).minus(p)).multiply(counts.source() / (double) counts.target());
              return use.apply(
                  scored
                      .withColumn(weightCol, ratio)
                      .drop(HeldOutDomainClassifier.TARGET_PROBABILITY));
            });
  }
}
