package io.sparkda.ml;

import io.sparkda.internal.params.ParamChecks;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.Params;

/** The column Params that {@link CoralAlignment} and {@link CoralAlignmentModel} share. */
public interface HasCoralParams extends Params {
  Param<String> featuresCol();

  Param<String> domainCol();

  Param<String> outputCol();

  default String getFeaturesCol() {
    return getOrDefault(featuresCol());
  }

  default String getDomainCol() {
    return getOrDefault(domainCol());
  }

  default String getOutputCol() {
    return getOrDefault(outputCol());
  }

  /** Declares the shared Params on {@code owner} with their defaults. */
  static Param<?>[] declare(Params owner) {
    return new Param<?>[] {
      new Param<String>(owner, "featuresCol", "features column (Vector)", ParamChecks.notNull()),
      DannParams.domainCol(owner),
      new Param<String>(
          owner,
          "outputCol",
          "output column: recoloured features on source rows, the features unchanged on target "
              + "rows and on data without the domain column",
          ParamChecks.notNull())
    };
  }
}
