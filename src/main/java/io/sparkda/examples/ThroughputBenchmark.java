package io.sparkda.examples;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.sum;

import io.sparkda.data.DomainUnion;
import io.sparkda.ml.DannClassificationModel;
import io.sparkda.ml.DannTrainingSummary;
import io.sparkda.ml.RoundSummary;
import java.nio.file.Path;
import java.util.Locale;
import org.apache.spark.ml.functions;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * spark-da's side of {@code bin/bench-throughput}: one DANN fit on a shared dataset pair with the
 * network, batch and optimizer of {@code bench/dann_pytorch.py}, then scoring. Prints one line:
 * {@code spark-da train_rows_per_s=R infer_rows_per_s=R partitions=K}. Training rows/s are the
 * fit's own (source + target rows through the network per second of training rounds, Spark's
 * per-round work included, shard building and the first round not); inference rows/s time a
 * transform of the target rows repeated to about {@code bench.inferRows} rows, cached as input.
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
    SparkSession.Builder builder =
        SparkSession.builder().appName("spark-da throughput").config("spark.ui.enabled", "false");
    if (System.getProperty("spark.master") == null) { // not under spark-submit
      builder = builder.master("local[" + partitions + "]");
    }
    SparkSession spark = builder.getOrCreate();
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
      double inferRate = 0;
      for (int run = 0; run < 2; run++) { // the first run warms up the JIT and libtorch
        long start = System.nanoTime();
        model
            .transform(rows)
            .agg(sum(functions.vector_to_array(col("probability"), "float32").getItem(0)))
            .head();
        inferRate = n / ((System.nanoTime() - start) / 1e9);
      }
      System.out.printf(
          Locale.ROOT,
          "spark-da train_rows_per_s=%.0f infer_rows_per_s=%.0f " + "partitions=%d%n",
          steadyRowsPerSecond(model.summary()),
          inferRate,
          partitions);
    } finally {
      spark.stop();
    }
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
