/**
 * Network building blocks on DJL's PyTorch engine: the DANN network, gradient reversal, losses
 * (cross-entropy, MMD, CORAL), one training step's maths, per-thread autograd. Knows nothing about
 * Spark. Internal: the public API is {@code io.sparkda.ml}.
 *
 * <p>Rule: no {@code Number} overload of an {@code NDArray} op ({@code mul(2f)}, {@code div(n)},
 * {@code maximum(0f)}, ...) anywhere in this package; make scalars with {@link
 * io.sparkda.internal.nn.Scalars}. DJL frees those operands at the next GC while autograd still
 * needs them (docs/djl-bug/README.md); {@code NumberOverloadTest} enforces it.
 */
package io.sparkda.internal.nn;
