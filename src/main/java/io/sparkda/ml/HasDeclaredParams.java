package io.sparkda.ml;

import org.apache.spark.ml.param.Params;

/**
 * A stage whose identity and shared Params live in one {@link DeclaredParams}: its uid, and the
 * Params its {@code Has...Params} interfaces declare, get and set.
 */
public interface HasDeclaredParams extends Params {
  /** The uid and the Params this stage declared. */
  DeclaredParams declaredParams();

  @Override
  default String uid() {
    return declaredParams().uid();
  }
}
