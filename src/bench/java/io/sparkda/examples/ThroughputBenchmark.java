package io.sparkda.examples;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.sum;

import io.sparkda.data.DomainUnion;
import io.sparkda.ml.DannClassificationModel;
import io.sparkda.ml.DannTrainingSummary;
import io.sparkda.ml.RoundSummary;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Locale;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.ml.functions;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

/**
 * spark-da's side of {@code bin/bench-throughput}: one DANN fit on a shared dataset pair with the
 * network, batch and optimizer of {@code bench/dann_pytorch.py}, then scoring. Prints one line:
 * {@code spark-da train_rows_per_s=R infer_rows_per_s=R row_path_rows_per_s=R partitions=K}.
 * Training rows/s are the fit's own (source + target rows through the network per second of
 * training rounds, Spark's per-round work included, shard building and the first round not);
 * inference rows/s time a transform of the target rows repeated to about {@code bench.inferRows}
 * rows, cached as input, and {@code row_path_rows_per_s} the same Row path with the network left
 * out (transform's floor).
 *
 * <p>Usage: {@code ThroughputBenchmark amazon|digits DATASETS_DIR SOURCE TARGET PARTITIONS}, in
 * {@code local[PARTITIONS]} or under spark-submit's master, with the {@code -Dbench.*} network
 * options of {@link DannBenchmark}.
 */
public final class ThroughputBenchmark {
  private ThroughputBenchmark() {}

  public static void main(String[] args) {
    boolean amazon = args[0].equals("amazon");
    Path dir = Path.of(args[1]);
    int partitions = Integer.parseInt(args[4]);
    int numFeatures = amazon ? 5000 : 256;
    SparkSession spark = BenchmarkPair.session("spark-da throughput", partitions);
    try {
      Dataset<Row> source = BenchmarkPair.libsvm(spark, dir, args[2], numFeatures);
      Dataset<Row> target = BenchmarkPair.libsvm(spark, dir, args[3], numFeatures);
      Dataset<Row> data = DomainUnion.of(source, target, "label", "domain", "trueLabel").cache();
      data.count();
      DannClassificationModel model = DannBenchmark.configured(amazon, 1, partitions).fit(data);

      long repeats = Math.max(1, Long.getLong("bench.inferRows", 50_000) / target.count());
      Dataset<Row> rows = target.select("features");
      for (long i = 1; i < repeats; i++) {
        rows = rows.union(target.select("features"));
      }
      rows = rows.repartition(partitions).cache();
      long n = rows.count();
      Dataset<Row> scored = model.transform(rows);
      double inferRate = rowsPerSecond(scored, n);
      // The same Row path with the network left out: what transform costs at least.
      double floorRate = rowsPerSecond(withoutNetwork(rows, scored.schema()), n);
      System.out.printf(
          Locale.ROOT,
          "spark-da train_rows_per_s=%.0f infer_rows_per_s=%.0f row_path_rows_per_s=%.0f "
              + "partitions=%d%n",
          steadyRowsPerSecond(model.summary()),
          inferRate,
          floorRate,
          partitions);
    } finally {
      spark.stop();
    }
  }

  /** Rows/s of scoring and summing a probability column; the second of two runs (JIT warm-up). */
  private static double rowsPerSecond(Dataset<Row> scored, long rows) {
    double rate = 0;
    for (int run = 0; run < 2; run++) {
      long start = System.nanoTime();
      scored.agg(sum(functions.vector_to_array(col("probability"), "float32").getItem(0))).head();
      rate = rows / ((System.nanoTime() - start) / 1e9);
    }
    return rate;
  }

  /**
   * transform's Row path with a constant in place of the network: the input rows out of Spark's
   * format and back with the model's output columns (two vectors and a double) appended.
   */
  private static Dataset<Row> withoutNetwork(Dataset<Row> rows, StructType schema) {
    int inputs = rows.schema().size();
    Object[] outputs = new Object[schema.size() - inputs];
    for (int i = 0; i < outputs.length; i++) {
      outputs[i] =
          schema.fields()[inputs + i].dataType() instanceof VectorUDT
              ? Vectors.dense(0.7, 0.3)
              : (Object) 0.0;
    }
    // Row by row, as transform's scorer streams its batches: no partition held at once.
    return rows.mapPartitions(
        (MapPartitionsFunction<Row, Row>)
            it ->
                new Iterator<Row>() {
                  @Override
                  public boolean hasNext() {
                    return it.hasNext();
                  }

                  @Override
                  public Row next() {
                    Row row = it.next();
                    Object[] values = new Object[inputs + outputs.length];
                    for (int c = 0; c < inputs; c++) {
                      values[c] = row.get(c);
                    }
                    System.arraycopy(outputs, 0, values, inputs, outputs.length);
                    return RowFactory.create(values);
                  }
                },
        Encoders.row(schema));
  }

  /**
   * Training rows/s without the first round, which also pays for the JIT and libtorch's first calls
   * (the PyTorch loop is timed after a warm-up too). Rounds are equal but for the last.
   */
  static double steadyRowsPerSecond(DannTrainingSummary summary) {
    RoundSummary[] rounds = summary.rounds();
    if (rounds.length < 3) {
      return summary.rowsPerSecond();
    }
    double rows = summary.rowsPerSecond() * summary.trainSeconds();
    return rows
        * (rounds.length - 1)
        / rounds.length
        / (summary.trainSeconds() - rounds[0].seconds());
  }
}
