package io.sparkda.ml.scaling;

import io.sparkda.ml.HasDomainMapParams;
import org.apache.spark.ml.param.BooleanParam;
import org.apache.spark.ml.param.Param;

/** The Params of {@link DomainStandardScaler} and its model: the columns, withMean, withStd. */
public interface HasDomainScalingParams extends HasDomainMapParams {
  BooleanParam withMean();

  BooleanParam withStd();

  default boolean getWithMean() {
    return (Boolean) getOrDefault(withMean());
  }

  default boolean getWithStd() {
    return (Boolean) getOrDefault(withStd());
  }

  /** Declares withMean and withStd on {@code owner}. */
  static Param<?>[] declare(HasDomainScalingParams owner) {
    return new Param<?>[] {
      new BooleanParam(
          owner,
          "withMean",
          "subtract each domain's mean (sparse rows become dense); false keeps sparse rows sparse"),
      new BooleanParam(owner, "withStd", "divide by each domain's standard deviation")
    };
  }
}
