package io.sparkda.internal.nn;

import java.util.Arrays;

/** Feature rows for tests. */
final class TestRows {
  private TestRows() {}

  /** The CSR form of dense row-major values (zeros dropped). */
  static CsrRows csr(float[] values, int rows, int numFeatures) {
    CsrRows.Builder builder = new CsrRows.Builder(numFeatures);
    int[] columns = new int[numFeatures];
    Arrays.setAll(columns, j -> j);
    double[] row = new double[numFeatures];
    for (int r = 0; r < rows; r++) {
      for (int j = 0; j < numFeatures; j++) {
        row[j] = values[r * numFeatures + j];
      }
      builder.add(columns, row, numFeatures);
    }
    return builder.build();
  }
}
