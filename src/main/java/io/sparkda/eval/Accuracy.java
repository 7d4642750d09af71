package io.sparkda.eval;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.when;

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
    // One pass: the mean of 1 (right) and 0 (wrong) over the labelled rows, null without any.
    Row mean =
        scored
            .filter(col(labelCol).isNotNull())
            .agg(avg(when(col(predictionCol).equalTo(col(labelCol)), 1.0).otherwise(0.0)))
            .head();
    return mean.isNullAt(0) ? Double.NaN : mean.getDouble(0);
  }
}
