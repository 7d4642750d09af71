package io.sparkda.eval;

import io.sparkda.internal.eval.DensityRatios;
import io.sparkda.internal.eval.WeightedSourceRisk;
import io.sparkda.internal.params.ParamChecks;
import java.util.Arrays;
import org.apache.spark.ml.param.Param;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;

/**
 * The model's cross-entropy on labelled source rows, weighted by density ratios {@code p_target(x)
 * / p_source(x)}; smaller is better. The ratios come from a logistic-regression domain classifier
 * on {@code featuresCol}, fitted on one random half of the rows and applied to the other (and the
 * other way round), or, with {@code weightCol} set, from that column: {@link DensityRatio} adds it
 * once, so that a grid of candidates does not fit the same classifier for each.
 *
 * @param <E> the evaluator's own type, which its setters return
 */
public abstract class WeightedRiskEvaluator<E extends WeightedRiskEvaluator<E>>
    extends SourceLabelledEvaluator<E> {
  private static final long serialVersionUID = 1L;

  private final Param<String> weightCol;

  protected WeightedRiskEvaluator(String uid) {
    super(uid);
    weightCol =
        new Param<>(
            this,
            "weightCol",
            "column of precomputed density ratios (DensityRatio adds one); empty = fit a domain "
                + "classifier in each evaluation",
            ParamChecks.notNull());
    setDefault(weightCol, "");
  }

  public Param<String> weightCol() {
    return weightCol;
  }

  public String getWeightCol() {
    return $(weightCol);
  }

  public E setWeightCol(String value) {
    return self(set(weightCol, value));
  }

  @Override
  protected void checkSchema(StructType schema) {
    super.checkSchema(schema);
    if (!getWeightCol().isEmpty() && !Arrays.asList(schema.fieldNames()).contains(getWeightCol())) {
      throw new IllegalArgumentException(
          String.format(
              "weight column '%s' not found: add density ratios with DensityRatio.withWeights, "
                  + "or set weightCol to \"\" to fit a domain classifier here",
              getWeightCol()));
    }
  }

  @Override
  public final double evaluate(Dataset<?> dataset) {
    checkSchema(dataset.schema());
    Dataset<Row> rows = dataset.toDF();
    if (!getWeightCol().isEmpty()) {
      return value(
          WeightedSourceRisk.of(
              rows, crossEntropy(), getWeightCol(), getDomainCol(), getLabelCol()));
    }
    String weights = "_spark_da_density_ratio";
    return DensityRatios.withWeights(
        rows,
        getFeaturesCol(),
        getDomainCol(),
        getRegParam(),
        getSeed(),
        weights,
        weighted ->
            value(
                WeightedSourceRisk.of(
                    weighted, crossEntropy(), weights, getDomainCol(), getLabelCol())));
  }

  /** This evaluator's value from the weighted risk (package-private: the risk is internal). */
  abstract double value(WeightedSourceRisk risk);

  @Override
  public final boolean isLargerBetter() {
    return false;
  }
}
