package io.sparkda.ml;

import io.sparkda.internal.params.ParamChecks;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.Params;

/**
 * The two columns every shallow stage reads: the features and the domain (0 = source, 1 = target).
 * Declared, got and set here once for the feature maps, the domain scaler and the reweighting.
 *
 * @param <S> the stage, which the setters return
 */
public interface HasDomainColumns<S extends HasDomainColumns<S>> extends HasDeclaredParams {
  default Param<String> featuresCol() {
    return declaredParams().get("featuresCol");
  }

  default Param<String> domainCol() {
    return declaredParams().get("domainCol");
  }

  default String getFeaturesCol() {
    return getOrDefault(featuresCol());
  }

  default String getDomainCol() {
    return getOrDefault(domainCol());
  }

  @SuppressWarnings("unchecked")
  default S setFeaturesCol(String value) {
    return (S) set(featuresCol(), value);
  }

  @SuppressWarnings("unchecked")
  default S setDomainCol(String value) {
    return (S) set(domainCol(), value);
  }

  /**
   * Declares featuresCol ("features") and domainCol ("domain") on {@code owner} into {@code into}.
   */
  static DeclaredParams declare(Params owner, DeclaredParams into, String domainDoc) {
    return into.add(
            owner,
            new Param<String>(
                owner, "featuresCol", "features column (Vector)", ParamChecks.notNull()),
            "features")
        .add(
            owner,
            new Param<String>(owner, "domainCol", domainDoc, ParamChecks.notNull()),
            "domain");
  }
}
