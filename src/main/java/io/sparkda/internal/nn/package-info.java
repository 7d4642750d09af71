/**
 * Network building blocks on libtorch's C++ API (JavaCPP's {@code org.bytedeco:pytorch} presets):
 * the DANN network over one flat weight tensor, gradient reversal, losses (cross-entropy, MMD,
 * CORAL), one training step's maths, the optimizers, per-thread autograd and threads, inference.
 * Knows nothing about Spark. Internal: the public API is {@code io.sparkda.ml}.
 *
 * <p>Rules for native code here:
 *
 * <ul>
 *   <li>Every native object belongs to a scope ({@link io.sparkda.internal.nn.Scopes}): a step's or
 *       a batch's {@code PointerScope} in try-with-resources, or the owned scope of an object that
 *       holds state for a round or a partition and frees it in {@code close()}.
 *   <li>No tensor over Java-owned memory where a graph is recorded: inputs and constants are
 *       tensors libtorch allocates ({@link io.sparkda.internal.nn.Tensors}); scalars are C++ {@code
 *       Scalar} values, which autograd copies into its nodes. The only view of Java memory is a
 *       dense shard's, read by an index gather or inference with no graph. A forced-GC test ({@code
 *       GarbageCollectionDuringStepTest}) covers every recorded op.
 * </ul>
 */
package io.sparkda.internal.nn;
