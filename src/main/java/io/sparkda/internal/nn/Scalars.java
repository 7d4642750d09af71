package io.sparkda.internal.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * Scalar operands for arithmetic in recorded code, as 0-d tensors that libtorch allocates and owns.
 *
 * <p>Never use DJL's {@code Number} overloads ({@code mul(2f)}, {@code div(n)}, {@code
 * maximum(0f)}, ...) where gradients are recorded: DJL wraps the number with {@code from_blob} over
 * a direct buffer that Java owns, closes the wrapper right after the op and drops the buffer, while
 * autograd keeps the operand for backward. A garbage collection before backward then frees the
 * buffer and backward reads whatever reuses the memory (docs/djl-bug/README.md). {@code
 * NumberOverloadTest} keeps {@code nn} free of them.
 */
final class Scalars {
  private Scalars() {}

  /** {@code value} as a 0-d tensor of {@code like}'s type, in {@code like}'s manager. */
  static NDArray like(NDArray like, double value) {
    return like.getManager().full(new Shape(), (float) value, like.getDataType());
  }
}
