package io.sparkda.testutil;

import static org.apache.spark.sql.functions.col;

import io.sparkda.data.DomainUnion;
import io.sparkda.data.TwoMoons;
import io.sparkda.eval.Accuracy;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Source two moons plus the same moons rotated 35 degrees as the target, in one DataFrame:
 * features, label (null on target rows: hidden from fit), domain (0/1) and trueLabel (for
 * evaluation only).
 */
public final class MoonsFixture {
  public static final double ROTATION_DEGREES = 35;

  private MoonsFixture() {}

  public static Dataset<Row> domains(SparkSession spark, int rowsPerDomain, long seed) {
    Dataset<Row> source =
        TwoMoons.toDataFrame(spark, TwoMoons.generate(rowsPerDomain, 0.1, 0, seed));
    Dataset<Row> target =
        TwoMoons.toDataFrame(
            spark, TwoMoons.generate(rowsPerDomain, 0.1, ROTATION_DEGREES, seed + 1));
    return new VectorAssembler()
        .setInputCols(new String[] {"x1", "x2"})
        .setOutputCol("features")
        .transform(DomainUnion.of(source, target, "label", "domain", "trueLabel"))
        .repartition(2);
  }

  /** Accuracy of {@code prediction} against {@code trueLabel} on target rows. */
  public static double targetAccuracy(Dataset<Row> predictions) {
    return Accuracy.of(predictions.filter(col("domain").equalTo(1.0)), "prediction", "trueLabel");
  }
}
