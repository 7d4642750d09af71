package io.sparkda.testutil;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** Unbiased sample covariances written out directly, to check the library's against. */
public final class Covariance {
  private Covariance() {}

  /** {@code (X - mean)^T (X - mean) / (n - 1)} of the rows. */
  public static double[][] of(double[][] rows) {
    int d = rows[0].length;
    double[] mean = new double[d];
    for (double[] x : rows) {
      for (int j = 0; j < d; j++) {
        mean[j] += x[j] / rows.length;
      }
    }
    double[][] c = new double[d][d];
    for (double[] x : rows) {
      for (int i = 0; i < d; i++) {
        for (int j = 0; j < d; j++) {
          c[i][j] += (x[i] - mean[i]) * (x[j] - mean[j]) / (rows.length - 1);
        }
      }
    }
    return c;
  }

  /** The covariance of a Vector column, collected to the test's driver. */
  public static double[][] of(Dataset<Row> rows, String vectorCol) {
    List<double[]> xs = new ArrayList<>();
    for (Row row : rows.select(vectorCol).collectAsList()) {
      xs.add(((Vector) row.get(0)).toArray());
    }
    return of(xs.toArray(new double[0][]));
  }

  /** {@code |a - b|_F^2 / (4 d^2)}: the CORAL distance. */
  public static double coralDistance(double[][] a, double[][] b) {
    double sum = 0;
    for (int i = 0; i < a.length; i++) {
      for (int j = 0; j < a.length; j++) {
        sum += (a[i][j] - b[i][j]) * (a[i][j] - b[i][j]);
      }
    }
    return sum / (4.0 * a.length * a.length);
  }
}
