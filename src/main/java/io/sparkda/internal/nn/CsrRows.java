package io.sparkda.internal.nn;

import java.util.Arrays;
import org.bytedeco.pytorch.Tensor;

/**
 * Internal. Sparse feature rows in compressed sparse row form: 8 bytes per non-zero (column and
 * value) and 4 per row, whatever the width, so 2^18 hashed text features cost what their non-zeros
 * cost. A batch is gathered on the Java side (a few thousand entries) into a sparse CSR tensor
 * whose offsets, columns and values libtorch owns; the first layer multiplies it by its weight as
 * an embedding bag ({@link DenseLayer}).
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
      private long[] offsets = new long[0];

      private long[] batchColumns = new long[0];
      private float[] batchValues = new float[0];

      @Override
      public Tensor gather(long[] indices, int from, int count) {
        return csr(indices, from, count);
      }

      @Override
      public Tensor all() {
        // The rows as they are: the offsets and columns widened to int64, no gather.
        long[] allOffsets = new long[rowStart.length];
        Arrays.setAll(allOffsets, i -> rowStart[i]);
        long[] allColumns = new long[columns.length];
        Arrays.setAll(allColumns, i -> columns[i]);
        return Tensors.sparseRows(
            Tensors.longs(allOffsets, 0, allOffsets.length),
            Tensors.longs(allColumns, 0, allColumns.length),
            Tensors.floats(values, 0, values.length),
            rows(),
            numFeatures);
      }

      private Tensor csr(long[] indices, int from, int count) {
        if (offsets.length < count + 1) {
          offsets = new long[count + 1];
        }
        int nonZeros = 0;
        for (int i = 0; i < count; i++) {
          int r = (int) indices[from + i];
          offsets[i] = nonZeros;
          nonZeros += rowStart[r + 1] - rowStart[r];
        }
        offsets[count] = nonZeros;
        if (batchValues.length < nonZeros) {
          batchColumns = new long[nonZeros];
          batchValues = new float[nonZeros];
        }
        for (int i = 0; i < count; i++) {
          int r = (int) indices[from + i];
          int at = (int) offsets[i];
          int length = rowStart[r + 1] - rowStart[r];
          System.arraycopy(values, rowStart[r], batchValues, at, length);
          for (int j = 0; j < length; j++) {
            batchColumns[at + j] = columns[rowStart[r] + j];
          }
        }
        return Tensors.sparseRows(
            Tensors.longs(offsets, 0, count + 1),
            Tensors.longs(batchColumns, 0, nonZeros),
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

    /** Adds a row; zero values are dropped. */
    public Builder add(int[] rowColumns, double[] rowValues, int length) {
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

    /** The rows; arrays sized exactly by the constructor are taken as they are, not copied. */
    public CsrRows build() {
      return new CsrRows(
          numFeatures,
          rowStart.length == rows + 1 ? rowStart : Arrays.copyOf(rowStart, rows + 1),
          columns.length == size ? columns : Arrays.copyOf(columns, size),
          values.length == size ? values : Arrays.copyOf(values, size));
    }
  }
}
