package io.sparkda.internal.train;

import java.io.Serializable;

/**
 * A value as a function of training progress {@code p} in [0, 1], resolved once from its Params.
 */
@FunctionalInterface
public interface Schedule extends Serializable {
  float at(double progress);
}
