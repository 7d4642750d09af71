package io.sparkda.examples;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.sum;

import io.sparkda.data.DomainUnion;
import io.sparkda.ml.DannClassificationModel;
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
 * per-round work included, shard building not); inference rows/s time a transform of the target
 * rows repeated to about {@code bench.inferRows} rows, cached as input.
 *
 * <p>Usage: {@code ThroughputBenchmark amazon|digits DATASETS_DIR SOURCE TARGET PARTITIONS}, with
 * {@code -Dbench.master} (default local[PARTITIONS]) and the {@code -Dbench.*} network options of
 * {@link DannBenchmark}.
 */
public final class ThroughputBenchmark {
  private ThroughputBenchmark() {}

  public static void main(String[] args) {
    boolean amazon = args[0].equals("amazon");
    Path dir = Path.of(args[1]);
    int partitions = Integer.parseInt(args[4]);
    int numFeatures = amazon ? 5000 : 256;
    SparkSession spark = SparkSession.builder()
        .master(System.getProperty("bench.master", "local[" + partitions + "]"))
        .appName("spark-da throughput").config("spark.ui.enabled", "false").getOrCreate();
    try {
      Dataset<Row> source = libsvm(spark, dir, args[2], numFeatures);
      Dataset<Row> target = libsvm(spark, dir, args[3], numFeatures);
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
        model.transform(rows)
            .agg(sum(functions.vector_to_array(col("probability"), "float32").getItem(0)))
            .head();
        inferRate = n / ((System.nanoTime() - start) / 1e9);
      }
      System.out.printf(Locale.ROOT, "spark-da train_rows_per_s=%.0f infer_rows_per_s=%.0f "
          + "partitions=%d%n", model.summary().rowsPerSecond(), inferRate, partitions);
    } finally {
      spark.stop();
    }
  }

  private static Dataset<Row> libsvm(SparkSession spark, Path dir, String name, int numFeatures) {
    return spark.read().format("libsvm").option("numFeatures", numFeatures)
        .load(dir.resolve(name + ".libsvm").toString());
  }
}
