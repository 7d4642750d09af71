package io.sparkda.ml;

import io.sparkda.internal.params.ParamChecks;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.Params;

/**
 * The column Params of the shallow feature maps ({@link DomainMapEstimator}, {@link
 * DomainMapModel}, the domain scaler): features in, domain, mapped features out. Declared, got and
 * set here once; a stage only holds them ({@link #declaredParams}).
 *
 * @param <S> the stage, which the setters return
 */
public interface HasDomainMapParams<S extends HasDomainMapParams<S>> extends HasDeclaredParams {
  default Param<String> featuresCol() {
    return declaredParams().get("featuresCol");
  }

  default Param<String> domainCol() {
    return declaredParams().get("domainCol");
  }

  default Param<String> outputCol() {
    return declaredParams().get("outputCol");
  }

  default String getFeaturesCol() {
    return getOrDefault(featuresCol());
  }

  default String getDomainCol() {
    return getOrDefault(domainCol());
  }

  default String getOutputCol() {
    return getOrDefault(outputCol());
  }

  @SuppressWarnings("unchecked")
  default S setFeaturesCol(String value) {
    return (S) set(featuresCol(), value);
  }

  @SuppressWarnings("unchecked")
  default S setDomainCol(String value) {
    return (S) set(domainCol(), value);
  }

  @SuppressWarnings("unchecked")
  default S setOutputCol(String value) {
    return (S) set(outputCol(), value);
  }

  /** Declares the column Params on {@code owner} into {@code into}, with their defaults. */
  static void declare(Params owner, DeclaredParams into, String outputDefault) {
    into.add(
            owner,
            new Param<String>(
                owner, "featuresCol", "features column (Vector)", ParamChecks.notNull()),
            "features")
        .add(owner, DannParams.domainCol(owner), "domain")
        .add(
            owner,
            new Param<String>(
                owner,
                "outputCol",
                "output column: the mapped features of each row, by its domain (rows of data"
                    + " without the domain column are mapped as target rows)",
                ParamChecks.notNull()),
            outputDefault);
  }
}
