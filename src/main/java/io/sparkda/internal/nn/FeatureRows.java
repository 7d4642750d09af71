package io.sparkda.internal.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.io.Serializable;

/**
 * Internal. Rows of features as the network consumes them: {@link DenseRows} (row-major floats) or
 * {@link CsrRows} (compressed sparse rows, for sparse input such as hashed text). The first layer
 * multiplies either kind by its weight ({@code x W}): libtorch's sparse x dense product, whose
 * gradient with respect to the dense weight it supports, is used for sparse batches.
 */
public interface FeatureRows extends Serializable {
  int rows();

  int numFeatures();

  /** Bytes of feature data held (values, and indices for sparse rows). */
  long bytes();

  /** The rows bound to {@code manager} for many gathers (dense rows are wrapped once, no copy). */
  Batches open(NDManager manager);

  /** Batches of rows as tensors; valid while the manager given to {@link #open} is. */
  interface Batches {
    /**
     * Rows {@code indices[from, from + count)} as a {@code [count, numFeatures]} tensor owned by
     * {@code owner}: dense, or sparse (COO) for {@link CsrRows}.
     */
    NDArray gather(long[] indices, int from, int count, NDManager owner);

    /** Every row, in order, owned by the manager given to {@link #open}. */
    NDArray all();
  }
}
