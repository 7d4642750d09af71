package io.sparkda.internal.nn;

import java.io.Serializable;
import java.util.Arrays;

/**
 * The shape of one row between layers: {@code [width]} for dense layers, {@code [channels, height,
 * width]} for conv and pooling layers. A batch adds the row count in front.
 */
public final class RowShape implements Serializable {
  private static final long serialVersionUID = 1L;

  private final int[] dims;

  private RowShape(int[] dims) {
    for (int dim : dims) {
      if (dim < 1) {
        throw new IllegalArgumentException(
            "row shape sizes must be >= 1, got " + Arrays.toString(dims));
      }
    }
    this.dims = dims;
  }

  public static RowShape of(int... dims) {
    if (dims.length == 0) {
      throw new IllegalArgumentException("a row shape needs at least one dimension");
    }
    return new RowShape(dims.clone());
  }

  public int rank() {
    return dims.length;
  }

  /** A copy of the sizes. */
  public int[] dims() {
    return dims.clone();
  }

  public int dim(int i) {
    return dims[i];
  }

  /** Number of values in one row. */
  public int size() {
    int size = 1;
    for (int dim : dims) {
      size = Math.multiplyExact(size, dim);
    }
    return size;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RowShape && Arrays.equals(dims, ((RowShape) o).dims);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(dims);
  }

  @Override
  public String toString() {
    return Arrays.toString(dims);
  }
}
