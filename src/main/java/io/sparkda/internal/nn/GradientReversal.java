package io.sparkda.internal.nn;

import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;

/**
 * The gradient reversal layer of DANN: identity in the forward pass, gradient multiplied by {@code
 * -lambda} in the backward pass.
 *
 * <p>Written as {@code sg(x) + (-lambda) * (x - sg(x))} with {@code sg} = stop-gradient: the
 * forward value is {@code x + (-lambda) * 0}, bitwise equal to {@code x}, and the only path that
 * carries a gradient is scaled by {@code -lambda}. The scalar is a C++ value that autograd copies
 * into its node, not a tensor over Java memory.
 */
public final class GradientReversal {
  private GradientReversal() {}

  public static Tensor apply(Tensor x, float lambda) {
    Tensor stopped = x.detach();
    return stopped.add(x.sub(stopped).mul(new Scalar(-lambda)));
  }
}
