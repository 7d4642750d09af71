package io.sparkda.ml.scaling;

import io.sparkda.ml.DeclaredParams;
import io.sparkda.ml.HasDomainMapParams;
import org.apache.spark.ml.param.BooleanParam;
import org.apache.spark.ml.param.Params;

/**
 * The Params of {@link DomainStandardScaler} and its model: the columns ({@link
 * HasDomainMapParams}), withMean, withStd; declared, got and set here once.
 *
 * @param <S> the stage, which the setters return
 */
public interface HasDomainScalingParams<S extends HasDomainScalingParams<S>>
    extends HasDomainMapParams<S> {
  default BooleanParam withMean() {
    return declaredParams().get("withMean");
  }

  default BooleanParam withStd() {
    return declaredParams().get("withStd");
  }

  default boolean getWithMean() {
    return (Boolean) getOrDefault(withMean());
  }

  default boolean getWithStd() {
    return (Boolean) getOrDefault(withStd());
  }

  @SuppressWarnings("unchecked")
  default S setWithMean(boolean value) {
    return (S) set(withMean(), value);
  }

  @SuppressWarnings("unchecked")
  default S setWithStd(boolean value) {
    return (S) set(withStd(), value);
  }

  /** Declares the columns, withMean and withStd on {@code owner} into {@code into}. */
  static void declare(Params owner, DeclaredParams into) {
    HasDomainMapParams.declare(owner, into, "scaledFeatures");
    into.add(
            owner,
            new BooleanParam(
                owner,
                "withMean",
                "subtract each domain's mean (sparse rows become dense); false keeps sparse rows"
                    + " sparse"),
            true)
        .add(
            owner,
            new BooleanParam(owner, "withStd", "divide by each domain's standard deviation"),
            true);
  }
}
