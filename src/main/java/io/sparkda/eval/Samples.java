package io.sparkda.eval;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.rand;

import java.util.List;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** Seeded samples of rows brought to the driver, for measures whose cost is quadratic. */
final class Samples {
  private Samples() {}

  /**
   * The Vector column {@code vectorCol} of at most {@code maxRows} rows, as arrays; the same rows
   * for the same seed and data.
   */
  static double[][] vectors(Dataset<Row> rows, String vectorCol, int maxRows, long seed) {
    List<Row> sample =
        rows.select(col(vectorCol)).orderBy(rand(seed)).limit(maxRows).collectAsList();
    double[][] vectors = new double[sample.size()][];
    for (int i = 0; i < vectors.length; i++) {
      vectors[i] = ((Vector) sample.get(i).get(0)).toArray();
    }
    return vectors;
  }
}
