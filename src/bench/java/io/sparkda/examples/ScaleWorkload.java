package io.sparkda.examples;

import java.io.Serializable;
import java.util.Iterator;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.SparseVector;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * {@code bin/bench-scale}'s training sets, generated on the executors. The default: the Amazon
 * reviews (books source, kitchen target, the DANN paper's pair) resampled to any number of rows and
 * hashed into 2^18 columns, as a text pipeline's {@code HashingTF} would give them. Row {@code i}
 * is a deterministic function of the seed and {@code i} alone, so any partitioning generates the
 * same set and nothing is written to disk:
 *
 * <ul>
 *   <li>even rows are source (books), odd rows target (kitchen); each copies a review of its domain
 *       drawn uniformly from the 2,000 of its {@code _train} file, with its label (null on target
 *       rows, the true one in {@code trueLabel});
 *   <li>each of the review's terms is kept with probability 0.8 (its count unchanged);
 *   <li>1-8 rare terms are added, each with count 1, drawn uniformly from 50,000 ids beyond the
 *       5,000 of the vocabulary, so that resampled rows differ and the hashed space fills up as
 *       real text does;
 *   <li>the columns are hashed as {@link HashedColumns} does (MurmurHash3, seed 42).
 * </ul>
 *
 * The held-out target rows ({@code kitchen_test}) are hashed the same way without resampling.
 *
 * <p>The other, {@link #dense}: {@link ShiftedGaussians}' dense rows, where a step's compute grows
 * with the weights it ships (the hashed set's sparse first layer computes on a row's few non-zeros
 * but ships all 2^18 rows of weights).
 */
final class ScaleWorkload {
  static final int WIDTH = 1 << 18;
  private static final int VOCABULARY = 5000;
  private static final int RARE_TERMS = 50_000;
  private static final double KEEP = 0.8;
  private static final StructType SCHEMA =
      new StructType()
          .add("features", SQLDataTypes.VectorType(), false)
          .add("label", DataTypes.DoubleType, true)
          .add("domain", DataTypes.DoubleType, false)
          .add("trueLabel", DataTypes.DoubleType, false);

  private ScaleWorkload() {}

  /**
   * {@code rows} of the resampled, hashed reviews (features, label, domain, trueLabel) in {@code
   * partitions} partitions.
   */
  static Dataset<Row> amazon(
      SparkSession spark, Reviews reviews, long rows, int partitions, long seed) {
    Broadcast<Reviews> shared =
        JavaSparkContext.fromSparkContext(spark.sparkContext()).broadcast(reviews);
    return generated(spark, rows, partitions, id -> row(shared.value(), id, seed));
  }

  /**
   * {@code rows} of {@link ShiftedGaussians}' dense two-domain set in {@code partitions}
   * partitions, same columns.
   */
  static Dataset<Row> dense(SparkSession spark, long rows, int partitions, long seed) {
    ShiftedGaussians gaussians = new ShiftedGaussians();
    return generated(spark, rows, partitions, id -> gaussians.row(id, seed));
  }

  /** Turns a row's id into the row, on the executors. */
  interface RowOfId extends Serializable {
    Row row(long id);
  }

  /** Rows 0 .. rows - 1, each made from its id alone where the partition holding it runs. */
  private static Dataset<Row> generated(
      SparkSession spark, long rows, int partitions, RowOfId rowOfId) {
    MapPartitionsFunction<Long, Row> generate =
        ids ->
            new Iterator<Row>() {
              @Override
              public boolean hasNext() {
                return ids.hasNext();
              }

              @Override
              public Row next() {
                return rowOfId.row(ids.next());
              }
            };
    return spark.range(0, rows, 1, partitions).mapPartitions(generate, Encoders.row(SCHEMA));
  }

  /** Row {@code id}: a function of the seed and the id only. */
  static Row row(Reviews reviews, long id, long seed) {
    SplittableRandom random = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + id);
    boolean target = (id & 1) == 1;
    Vector[] pool = target ? reviews.target : reviews.source;
    double[] labels = target ? reviews.targetLabels : reviews.sourceLabels;
    int pick = random.nextInt(pool.length);
    SparseVector review = pool[pick].toSparse();
    int rare = 1 + random.nextInt(8);
    int[] indices = new int[review.indices().length + rare];
    double[] values = new double[indices.length];
    int n = 0;
    for (int i = 0; i < review.indices().length; i++) {
      if (random.nextDouble() < KEEP) {
        indices[n] = review.indices()[i];
        values[n++] = review.values()[i];
      }
    }
    for (int i = 0; i < rare; i++) {
      indices[n] = VOCABULARY + random.nextInt(RARE_TERMS);
      values[n++] = 1.0;
    }
    double label = labels[pick];
    return RowFactory.create(
        HashedColumns.hashed(indices, values, n, WIDTH),
        target ? null : label,
        target ? 1.0 : 0.0,
        label);
  }

  /** The base reviews of both domains, shipped once to every executor. */
  static final class Reviews implements Serializable {
    private static final long serialVersionUID = 1L;
    final Vector[] source;
    final double[] sourceLabels;
    final Vector[] target;
    final double[] targetLabels;

    Reviews(Vector[] source, double[] sourceLabels, Vector[] target, double[] targetLabels) {
      this.source = source;
      this.sourceLabels = sourceLabels;
      this.target = target;
      this.targetLabels = targetLabels;
    }

    /** Features and labels of LIBSVM rows (features, label). */
    static Reviews of(Dataset<Row> source, Dataset<Row> target) {
      List<Row> s = source.select("features", "label").collectAsList();
      List<Row> t = target.select("features", "label").collectAsList();
      return new Reviews(
          s.stream().map(r -> (Vector) r.get(0)).toArray(Vector[]::new),
          s.stream().mapToDouble(r -> r.getDouble(1)).toArray(),
          t.stream().map(r -> (Vector) r.get(0)).toArray(Vector[]::new),
          t.stream().mapToDouble(r -> r.getDouble(1)).toArray());
    }
  }
}
