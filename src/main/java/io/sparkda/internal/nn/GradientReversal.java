package io.sparkda.internal.nn;

import ai.djl.ndarray.NDArray;

/**
 * The gradient reversal layer of DANN: identity in the forward pass, gradient multiplied by {@code
 * -lambda} in the backward pass.
 *
 * <p>Written as {@code sg(x) + (-lambda) * (x - sg(x))} with {@code sg} = stop-gradient: the
 * forward value is {@code x + (-lambda) * 0}, bitwise equal to {@code x} (DJL's {@code
 * scaleGradient} differs from {@code x} by about 1e-6), and the only path that carries a gradient
 * is scaled by {@code -lambda}.
 */
public final class GradientReversal {
  private GradientReversal() {}

  public static NDArray apply(NDArray x, float lambda) {
    NDArray stopped = x.stopGradient();
    return stopped.add(x.sub(stopped).mul(Scalars.like(x, -lambda)));
  }
}
