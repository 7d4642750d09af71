package io.sparkda.data;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The rotated two-moons problem of the DANN paper (section 5.1.1): the source is scikit-learn's two
 * interleaving half circles with Gaussian noise; the target is the same distribution rotated about
 * the moons' centre. Deterministic for a seed.
 */
public final class TwoMoons {
  /** Columns x1, x2 (double), label (double, 0 or 1). */
  public static final StructType SCHEMA =
      new StructType()
          .add("x1", DataTypes.DoubleType, false)
          .add("x2", DataTypes.DoubleType, false)
          .add("label", DataTypes.DoubleType, false);

  private static final double CENTRE_X = 0.5;
  private static final double CENTRE_Y = 0.25;

  private TwoMoons() {}

  /** {@code rows} points, half per class, rotated by {@code degrees} about the centre. */
  public static List<double[]> generate(int rows, double noise, double degrees, long seed) {
    Random random = new Random(seed);
    double angle = Math.toRadians(degrees);
    double cos = Math.cos(angle);
    double sin = Math.sin(angle);
    List<double[]> points = new ArrayList<>(rows);
    for (int i = 0; i < rows; i++) {
      int label = i % 2;
      double t = Math.PI * random.nextDouble();
      double x = label == 0 ? Math.cos(t) : 1 - Math.cos(t);
      double y = label == 0 ? Math.sin(t) : 0.5 - Math.sin(t);
      x += noise * random.nextGaussian() - CENTRE_X;
      y += noise * random.nextGaussian() - CENTRE_Y;
      points.add(new double[] {cos * x - sin * y + CENTRE_X, sin * x + cos * y + CENTRE_Y, label});
    }
    return points;
  }

  public static Dataset<Row> toDataFrame(SparkSession spark, List<double[]> points) {
    List<Row> rows = new ArrayList<>(points.size());
    for (double[] p : points) {
      rows.add(RowFactory.create(p[0], p[1], p[2]));
    }
    return spark.createDataFrame(rows, SCHEMA);
  }
}
