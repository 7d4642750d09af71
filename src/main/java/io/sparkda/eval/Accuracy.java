package io.sparkda.eval;

import static org.apache.spark.sql.functions.col;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** Classification accuracy of scored rows, counted with Spark (nothing collected). */
public final class Accuracy {
  private Accuracy() {}

  /**
   * Fraction of the rows with a non-null {@code labelCol} whose {@code predictionCol} equals it;
   * NaN when no row has a label.
   */
  public static double of(Dataset<Row> scored, String predictionCol, String labelCol) {
    Dataset<Row> labelled = scored.filter(col(labelCol).isNotNull());
    long total = labelled.count();
    return total == 0
        ? Double.NaN
        : labelled.filter(col(predictionCol).equalTo(col(labelCol))).count() / (double) total;
  }
}
