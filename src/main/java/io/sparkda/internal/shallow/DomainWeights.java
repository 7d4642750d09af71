package io.sparkda.internal.shallow;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.pow;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import io.sparkda.data.DomainColumns;
import java.io.Serializable;
import java.util.Locale;
import org.apache.spark.ml.classification.ProbabilisticClassificationModel;
import org.apache.spark.ml.classification.ProbabilisticClassifier;
import org.apache.spark.ml.functions;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Importance weights from a probabilistic domain classifier: {@code w = min(odds^a * ratioScale,
 * maxWeight) * clippedScale} on source rows, with {@code odds = P(t|x) / P(s|x)} and {@code a} the
 * flattening exponent (1: the density ratio; 0: equal weights; in between, Shimodaira's and
 * Sugiyama's flattened weights, which trade the ratio's bias for variance); {@code ratioScale}
 * makes the unclipped weights average 1 over the source rows ({@code n_s / n_t}, the prior odds,
 * cancels in it), {@code clippedScale} makes the clipped ones average 1 again. Also what the
 * weights look like: Kish's effective sample size and quantiles.
 */
public final class DomainWeights implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(DomainWeights.class);

  /** Probabilities are clipped to [1e-6, 1 - 1e-6]: odds stay finite. */
  private static final double CLIP = 1e-6;

  private static final String DOMAIN_LABEL = "_spark_da_domain_label";
  private static final String PROBABILITY = "_spark_da_domain_probability";
  private static final String RAW = "_spark_da_domain_raw";
  private static final String PREDICTION = "_spark_da_domain_prediction";
  private static final String ODDS = "_spark_da_domain_odds";

  /** The quantiles {@link #quantiles} holds. */
  private static final double[] PROBABILITIES = {0.0, 0.05, 0.5, 0.95, 1.0};

  private final double ratioScale;
  private final double flattening;
  private final double maxWeight;
  private final double clippedScale;
  private final double effectiveSampleSize;
  private final double[] quantiles;

  public DomainWeights(
      double ratioScale,
      double flattening,
      double maxWeight,
      double clippedScale,
      double effectiveSampleSize,
      double[] quantiles) {
    this.ratioScale = ratioScale;
    this.flattening = flattening;
    this.maxWeight = maxWeight;
    this.clippedScale = clippedScale;
    this.effectiveSampleSize = effectiveSampleSize;
    this.quantiles = quantiles.clone();
  }

  /** {@code classifier} fitted to tell target rows (1) from source rows (0) of {@code rows}. */
  @SuppressWarnings("unchecked")
  public static ProbabilisticClassificationModel<Vector, ?> fitDomainClassifier(
      Dataset<Row> rows,
      ProbabilisticClassifier<?, ?, ?> classifier,
      String featuresCol,
      String domainCol) {
    ProbabilisticClassifier<?, ?, ?> domain =
        (ProbabilisticClassifier<?, ?, ?>) classifier.copy(ParamMap.empty());
    domain.set(domain.featuresCol(), featuresCol);
    domain.set(domain.labelCol(), DOMAIN_LABEL);
    Dataset<Row> labelled = rows.withColumn(DOMAIN_LABEL, col(domainCol));
    return (ProbabilisticClassificationModel<Vector, ?>) domain.fit(labelled);
  }

  /**
   * The scales and statistics of the weights of {@code rows}' source rows; logs them, with a
   * warning when the effective sample size is below {@code minEffectiveSampleSize}.
   */
  public static DomainWeights fit(
      Dataset<Row> rows,
      ProbabilisticClassificationModel<Vector, ?> classifier,
      String domainCol,
      double flattening,
      double maxWeight,
      double minEffectiveSampleSize) {
    Dataset<Row> odds =
        withOdds(rows.filter(col(domainCol).equalTo(DomainColumns.SOURCE)), classifier, flattening)
            .cache();
    try {
      Row sums = odds.agg(sum(col(ODDS)), count(col(ODDS))).head();
      long n = sums.getLong(1);
      double ratioScale = n / sums.getDouble(0);
      Column clipped = clipped(ratioScale, maxWeight);
      Row clippedSums = odds.agg(sum(clipped), sum(clipped.multiply(clipped))).head();
      double clippedScale = n / clippedSums.getDouble(0);
      // Kish: (sum w)^2 / (n sum w^2), unchanged by the final scale.
      double ess =
          clippedSums.getDouble(0) * clippedSums.getDouble(0) / (n * clippedSums.getDouble(1));
      double[] quantiles =
          odds.select(clipped.multiply(clippedScale).as("w"))
              .stat()
              .approxQuantile("w", PROBABILITIES, 1e-4);
      DomainWeights weights =
          new DomainWeights(ratioScale, flattening, maxWeight, clippedScale, ess, quantiles);
      LOG.info("spark-da reweighting: {} source rows, {}", n, weights.describe());
      if (ess < minEffectiveSampleSize) {
        LOG.warn(
            "spark-da reweighting: the weights' effective sample size is {} of the source rows, "
                + "below minEffectiveSampleSize {}: the domains are nearly separable on these "
                + "features and a few source rows carry the fit; consider a stronger domain "
                + "classifier regularization, a lower maxWeight, or another method",
            String.format(Locale.ROOT, "%.3f", ess),
            minEffectiveSampleSize);
      }
      return weights;
    } finally {
      odds.unpersist();
    }
  }

  /** {@code data} with {@code weightCol}: the weight of source rows, 1 on target rows. */
  public Dataset<Row> withWeights(
      Dataset<?> data,
      ProbabilisticClassificationModel<Vector, ?> classifier,
      String domainCol,
      String weightCol) {
    Dataset<Row> scored = withOdds(data.toDF(), classifier, flattening);
    Column weight = clipped(ratioScale, maxWeight).multiply(clippedScale);
    return scored
        .withColumn(
            weightCol,
            when(col(domainCol).equalTo(DomainColumns.SOURCE), weight).otherwise(lit(1.0)))
        .drop(ODDS);
  }

  /** The weight before its final scale: the scaled odds, clipped at {@code maxWeight}. */
  private static Column clipped(double ratioScale, double maxWeight) {
    return least(col(ODDS).multiply(ratioScale), lit(maxWeight));
  }

  /**
   * {@code rows} with the domain classifier's odds P(t|x) / P(s|x), flattened, in {@link #ODDS}.
   */
  private static Dataset<Row> withOdds(
      Dataset<Row> rows,
      ProbabilisticClassificationModel<Vector, ?> classifier,
      double flattening) {
    ProbabilisticClassificationModel<Vector, ?> model =
        (ProbabilisticClassificationModel<Vector, ?>) classifier.copy(ParamMap.empty());
    model.set(model.probabilityCol(), PROBABILITY);
    model.set(model.rawPredictionCol(), RAW);
    model.set(model.predictionCol(), PREDICTION);
    Column p =
        least(
            greatest(functions.vector_to_array(col(PROBABILITY), "float64").getItem(1), lit(CLIP)),
            lit(1 - CLIP));
    return model
        .transform(rows)
        .withColumn(ODDS, pow(p.divide(lit(1).minus(p)), flattening))
        .drop(PROBABILITY, RAW, PREDICTION);
  }

  public double ratioScale() {
    return ratioScale;
  }

  public double flattening() {
    return flattening;
  }

  public double maxWeight() {
    return maxWeight;
  }

  public double clippedScale() {
    return clippedScale;
  }

  public double effectiveSampleSize() {
    return effectiveSampleSize;
  }

  public double[] quantiles() {
    return quantiles.clone();
  }

  public String describe() {
    return String.format(
        Locale.ROOT,
        "effective sample size %.3f of the source rows, weights min %.3g / 5%% %.3g / median "
            + "%.3g / 95%% %.3g / max %.3g (density ratio^%.2f, clipped at %.3g times the mean)",
        effectiveSampleSize,
        quantiles[0],
        quantiles[1],
        quantiles[2],
        quantiles[3],
        quantiles[4],
        flattening,
        maxWeight);
  }
}
