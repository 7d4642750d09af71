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

  /** featuresCol, domainCol, weightCol and maxWeight, declared on {@code owner}. */
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
          ParamChecks.doubleIn(1, Double.MAX_VALUE, false))
    };
  }

  static void setDefaults(HasReweightingParams owner) {
    owner.setDefault(owner.featuresCol(), "features");
    owner.setDefault(owner.domainCol(), "domain");
    owner.setDefault(owner.weightCol(), "weight");
    owner.setDefault(owner.maxWeight(), 10.0);
  }

  static StructType outputSchema(StructType schema, String weightCol) {
    if (Arrays.asList(schema.fieldNames()).contains(weightCol)) {
      throw new IllegalArgumentException(
          "weight column '" + weightCol + "' already exists: set weightCol to a new name");
    }
    return schema.add(weightCol, DataTypes.DoubleType, false);
  }
}
