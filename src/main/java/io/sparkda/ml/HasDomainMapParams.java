package io.sparkda.ml;

import io.sparkda.internal.params.ParamChecks;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.Params;

/**
 * The column Params of the shallow feature maps ({@link DomainMapEstimator}, {@link
 * DomainMapModel}): features in, domain, mapped features out.
 */
public interface HasDomainMapParams extends Params {
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

  /** Declares the column Params on {@code owner}, with their defaults. */
  static Param<?>[] declare(Params owner) {
    return new Param<?>[] {
      new Param<String>(owner, "featuresCol", "features column (Vector)", ParamChecks.notNull()),
      DannParams.domainCol(owner),
      new Param<String>(
          owner,
          "outputCol",
          "output column: the mapped features of each row, by its domain (rows of data without "
              + "the domain column are mapped as target rows)",
          ParamChecks.notNull())
    };
  }
}
