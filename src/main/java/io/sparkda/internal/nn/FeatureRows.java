package io.sparkda.internal.nn;

import java.io.Serializable;
import org.bytedeco.pytorch.Tensor;

/**
 * Internal. Rows of features as the network consumes them: {@link DenseRows} (row-major floats) or
 * {@link CsrRows} (compressed sparse rows, for sparse input such as hashed text). The first layer
 * multiplies either kind by its weight ({@code x W}); sparse batches as an embedding bag, whose
 * gradient with respect to the dense weight libtorch supports ({@link DenseLayer}).
 */
public interface FeatureRows extends Serializable {
  int rows();

  int numFeatures();

  /** Bytes of feature data held (values, and indices for sparse rows). */
  long bytes();

  /**
   * The rows ready for many gathers, for one thread, while this object and the caller's scope are
   * alive (dense rows are wrapped once, without a copy).
   */
  Batches open();

  /** Batches of rows as tensors, made in the caller's scope. */
  interface Batches {
    /**
     * Rows {@code indices[from, from + count)} as a {@code [count, numFeatures]} tensor that
     * libtorch owns: dense, or sparse (CSR) for {@link CsrRows}. Safe to record a step on.
     */
    Tensor gather(long[] indices, int from, int count);

    /**
     * Every row, in order, for inference. Dense rows are a view of this object's own memory, so it
     * must not enter a recorded graph: gather what a training step uses.
     */
    Tensor all();
  }
}
