package io.sparkda.internal.nn;

import java.util.Arrays;
import org.bytedeco.pytorch.Tensor;

/**
 * Internal. Sparse feature rows in compressed sparse row form: 8 bytes per non-zero (column and
 * value) and 4 per row, whatever the width, so 2^18 hashed text features cost what their non-zeros
 * cost. A batch is gathered on the Java side (a few thousand entries) into a sparse COO tensor
 * whose indices and values libtorch owns, marked coalesced (rows in batch order, columns strictly
 * increasing within a row, which {@link Builder} checks), so that the product does not sort it.
 */
public final class CsrRows implements FeatureRows {
  private static final long serialVersionUID = 1L;

  private final int numFeatures;

  /** Row {@code r}'s entries are {@code [rowStart[r], rowStart[r + 1])}. */
  private final int[] rowStart;

  private final int[] columns;
  private final float[] values;

  private CsrRows(int numFeatures, int[] rowStart, int[] columns, float[] values) {
    this.numFeatures = numFeatures;
    this.rowStart = rowStart;
    this.columns = columns;
    this.values = values;
  }

  @Override
  public int rows() {
    return rowStart.length - 1;
  }

  @Override
  public int numFeatures() {
    return numFeatures;
  }

  public long nonZeros() {
    return values.length;
  }

  @Override
  public long bytes() {
    return 4L * rowStart.length + 4L * columns.length + 4L * values.length;
  }

  @Override
  public Batches open() {
    return new Batches() {
      /** Reused between gathers: this object serves one thread. */
      private long[] coordinates = new long[0];

      private float[] batchValues = new float[0];

      @Override
      public Tensor gather(long[] indices, int from, int count) {
        return coo(indices, from, count);
      }

      @Override
      public Tensor all() {
        long[] identity = new long[rows()];
        Arrays.setAll(identity, i -> i);
        return coo(identity, 0, identity.length);
      }

      private Tensor coo(long[] indices, int from, int count) {
        int nonZeros = 0;
        for (int i = from; i < from + count; i++) {
          int r = (int) indices[i];
          nonZeros += rowStart[r + 1] - rowStart[r];
        }
        if (batchValues.length < nonZeros) {
          coordinates = new long[2 * nonZeros];
          batchValues = new float[nonZeros];
        }
        // COO indices [2, nnz]: the rows' positions in the batch, then their columns.
        int k = 0;
        for (int i = 0; i < count; i++) {
          int r = (int) indices[from + i];
          int length = rowStart[r + 1] - rowStart[r];
          System.arraycopy(values, rowStart[r], batchValues, k, length);
          for (int j = rowStart[r]; j < rowStart[r + 1]; j++, k++) {
            coordinates[k] = i;
            coordinates[nonZeros + k] = columns[j];
          }
        }
        return Tensors.sparseRows(
            Tensors.longs(coordinates, 0, 2, nonZeros),
            Tensors.floats(batchValues, 0, nonZeros),
            count,
            numFeatures);
      }
    };
  }

  /** Builds rows one at a time, from each row's sorted column indices and values. */
  public static final class Builder {
    private final int numFeatures;
    private int[] rowStart;
    private int[] columns;
    private float[] values;
    private int rows;
    private int size;

    public Builder(int numFeatures) {
      this(numFeatures, 16, 64);
    }

    /** With room for {@code rows} rows and {@code entries} values: no regrowing when known. */
    public Builder(int numFeatures, int rows, long entries) {
      this.numFeatures = numFeatures;
      this.rowStart = new int[rows + 1];
      this.columns = new int[Math.toIntExact(Math.max(1, entries))];
      this.values = new float[columns.length];
    }

    /** Adds a row, its columns strictly increasing (as in a Spark SparseVector); zeros dropped. */
    public Builder add(int[] rowColumns, double[] rowValues, int length) {
      for (int j = 1; j < length; j++) {
        if (rowColumns[j] <= rowColumns[j - 1]) {
          throw new IllegalArgumentException(
              "row "
                  + rows
                  + ": column indices must be strictly increasing, got "
                  + rowColumns[j - 1]
                  + " then "
                  + rowColumns[j]);
        }
      }
      if (rows + 2 > rowStart.length) {
        rowStart = Arrays.copyOf(rowStart, 2 * rowStart.length);
      }
      if (size + length > columns.length) {
        int capacity = Math.max(2 * columns.length, size + length);
        columns = Arrays.copyOf(columns, capacity);
        values = Arrays.copyOf(values, capacity);
      }
      for (int j = 0; j < length; j++) {
        if (rowValues[j] != 0) {
          columns[size] = rowColumns[j];
          values[size] = (float) rowValues[j];
          size++;
        }
      }
      rows++;
      rowStart[rows] = size;
      return this;
    }

    public CsrRows build() {
      return new CsrRows(
          numFeatures,
          Arrays.copyOf(rowStart, rows + 1),
          Arrays.copyOf(columns, size),
          Arrays.copyOf(values, size));
    }
  }
}
