package io.sparkda.testutil;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.BiFunction;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Two domains of Gaussian rows for the shallow methods' tests: {@code features}, {@code label}
 * (null on target rows), {@code domain}, {@code trueLabel} (on every row).
 */
public final class GaussianDomains {
  public static final StructType SCHEMA =
      new StructType()
          .add("features", SQLDataTypes.VectorType(), true)
          .add("label", DataTypes.DoubleType, true)
          .add("domain", DataTypes.DoubleType, false)
          .add("trueLabel", DataTypes.DoubleType, false);

  private GaussianDomains() {}

  /**
   * {@code perDomain} rows of each domain, classes 0 and 1 alternating; {@code point} turns
   * (domain, class) and a standard Gaussian draw into the features, e.g. by a per-domain mixing.
   *
   * @param point (domain * 2 + class, three N(0, 1) draws) to a feature vector
   */
  public static Dataset<Row> of(
      int perDomain, long seed, BiFunction<Integer, double[], double[]> point) {
    Random random = new Random(seed);
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < perDomain; i++) {
      for (int domain = 0; domain < 2; domain++) {
        int c = i % 2;
        double[] z = {random.nextGaussian(), random.nextGaussian(), random.nextGaussian()};
        rows.add(
            RowFactory.create(
                Vectors.dense(point.apply(domain * 2 + c, z)),
                domain == 0 ? (double) c : null,
                (double) domain,
                (double) c));
      }
    }
    return SparkTestSession.get().createDataFrame(rows, SCHEMA).repartition(3).cache();
  }
}
