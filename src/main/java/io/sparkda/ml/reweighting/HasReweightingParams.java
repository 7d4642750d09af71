package io.sparkda.ml.reweighting;

import io.sparkda.internal.params.ParamChecks;
import java.util.Arrays;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.Params;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/** The Params {@link DomainReweighting} and {@link DomainReweightingModel} share. */
public interface HasReweightingParams extends Params {
  Param<String> featuresCol();

  Param<String> domainCol();

  Param<String> weightCol();

  DoubleParam maxWeight();

  DoubleParam flattening();

  default String getFeaturesCol() {
    return getOrDefault(featuresCol());
  }

  default String getDomainCol() {
    return getOrDefault(domainCol());
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

  /** featuresCol, domainCol, weightCol, maxWeight and flattening, declared on {@code owner}. */
  static Param<?>[] declare(Params owner) {
    return new Param<?>[] {
      new Param<String>(owner, "featuresCol", "features column (Vector)", ParamChecks.notNull()),
      new Param<String>(
          owner,
          "domainCol",
          "domain column: 0 = source row, 1 = target row",
          ParamChecks.notNull()),
      new Param<String>(
          owner,
          "weightCol",
          "output column: each source row's density ratio, mean 1 over the source rows; 1 on "
              + "target rows and on data without the domain column",
          ParamChecks.notNull()),
      new DoubleParam(
          owner,
          "maxWeight",
          "weights are clipped at this multiple of their mean (> 1), then scaled to mean 1 again",
          ParamChecks.doubleIn(1, Double.MAX_VALUE, false)),
      new DoubleParam(
          owner,
          "flattening",
          "exponent of the density ratio, in [0, 1]: 1 weighs by the ratio itself, smaller values "
              + "flatten the weights toward 1 (less variance, more bias), 0 makes them all 1",
          ParamChecks.doubleIn(0, 1, true))
    };
  }

  static void setDefaults(HasReweightingParams owner) {
    owner.setDefault(owner.featuresCol(), "features");
    owner.setDefault(owner.domainCol(), "domain");
    owner.setDefault(owner.weightCol(), "weight");
    owner.setDefault(owner.maxWeight(), 10.0);
    // 0.5 with the domain classifier's regParam 10: the only setting of the shallow benchmark
    // that was not below logistic regression alone on either Amazon pair (docs/benchmarks.md;
    // chosen with the benchmark's target labels).
    owner.setDefault(owner.flattening(), 0.5);
  }

  static StructType outputSchema(StructType schema, String weightCol) {
    if (Arrays.asList(schema.fieldNames()).contains(weightCol)) {
      throw new IllegalArgumentException(
          "weight column '" + weightCol + "' already exists: set weightCol to a new name");
    }
    return schema.add(weightCol, DataTypes.DoubleType, false);
  }
}
