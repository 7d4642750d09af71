package io.sparkda.examples;

import static org.apache.spark.sql.functions.col;

import io.sparkda.eval.Accuracy;
import io.sparkda.ml.DannClassificationModel;
import io.sparkda.ml.RoundSummary;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.function.ToDoubleFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * spark-da's side of {@code bin/bench-scale}: one DANN fit on {@link ScaleWorkload}'s resampled,
 * hashed Amazon reviews, then accuracy on the held-out kitchen reviews; or, with {@code
 * -Dbench.workload=dense}, on its dense shifted Gaussians, then accuracy on 10,000 target rows of
 * another sample. Prints one line:
 *
 * <pre>
 * spark-da-scale workload=W rows=N partitions=K train_rows_per_s=R accuracy=A rounds=M round_s=W
 *     compute_s=C mb_shipped_per_partition=B executor_heap_peak_mb=H executor_rss_peak_mb=S
 * </pre>
 *
 * where {@code round_s} and {@code compute_s} are medians over the rounds but the first (which also
 * pays for the JIT and libtorch's first calls), {@code compute_s} the slowest partition's steps,
 * {@code mb_shipped_per_partition} what one partition receives and returns per round (the mean over
 * the rounds), and the peaks the largest of any executor's ({@link ExecutorPeaks}; 0 where Spark
 * measured none).
 *
 * <p>Usage: {@code ScaleBenchmark DATASETS_DIR ROWS PARTITIONS [SEED]}, in {@code
 * local[PARTITIONS]} or under spark-submit's master, with {@link DannBenchmark}'s {@code -Dbench.*}
 * network options (epochs default 1 here).
 */
public final class ScaleBenchmark {
  private static final long EVALUATION_ROWS = 20_000;

  private ScaleBenchmark() {}

  public static void main(String[] args) {
    Path dir = Path.of(args[0]).resolve("amazon-reviews");
    long rows = Long.parseLong(args[1]);
    int partitions = Integer.parseInt(args[2]);
    long seed = args.length > 3 ? Long.parseLong(args[3]) : 1;
    // Executor memory peaks (ExecutorPeaks): sampled twice a second, native memory included.
    System.setProperty("spark.executor.metrics.pollingInterval", "500ms");
    System.setProperty("spark.executor.processTreeMetrics.enabled", "true");
    boolean dense = System.getProperty("bench.workload", "amazon").equals("dense");
    SparkSession spark = BenchmarkPair.session("spark-da scale", partitions);
    try {
      Dataset<Row> data;
      Dataset<Row> evaluation;
      if (dense) {
        data = ScaleWorkload.dense(spark, rows, partitions, seed);
        // Held-out target rows: another sample (seed + 1) of the same two domains.
        evaluation =
            ScaleWorkload.dense(spark, EVALUATION_ROWS, partitions, seed + 1)
                .filter(col("domain").equalTo(1.0))
                .select("features", "trueLabel");
      } else {
        ScaleWorkload.Reviews reviews =
            ScaleWorkload.Reviews.of(
                BenchmarkPair.libsvm(spark, dir, "books_train", 5000),
                BenchmarkPair.libsvm(spark, dir, "kitchen_train", 5000));
        data = ScaleWorkload.amazon(spark, reviews, rows, partitions, seed);
        evaluation =
            HashedColumns.remap(
                BenchmarkPair.libsvm(spark, dir, "kitchen_test", 5000)
                    .withColumnRenamed("label", "trueLabel"),
                ScaleWorkload.WIDTH);
      }
      if (System.getProperty("bench.epochs") == null) {
        System.setProperty("bench.epochs", "1");
      }
      ExecutorPeaks peaks = ExecutorPeaks.listen(spark);
      DannClassificationModel model = DannBenchmark.configured(!dense, seed, partitions).fit(data);
      RoundSummary[] rounds = model.summary().rounds();
      System.out.printf(
          Locale.ROOT,
          "spark-da-scale workload=%s rows=%d partitions=%d train_rows_per_s=%.0f accuracy=%.4f rounds=%d"
              + " round_s=%.3f compute_s=%.3f mb_shipped_per_partition=%.1f"
              + " executor_heap_peak_mb=%d executor_rss_peak_mb=%d%n",
          dense ? "dense" : "amazon",
          rows,
          partitions,
          ThroughputBenchmark.steadyRowsPerSecond(model.summary()),
          Accuracy.of(model.transform(evaluation), "prediction", "trueLabel"),
          rounds.length,
          medianAfterFirst(rounds, RoundSummary::seconds),
          medianAfterFirst(rounds, RoundSummary::computeSeconds),
          Arrays.stream(rounds).mapToLong(RoundSummary::shippedBytes).average().orElse(0) / 1e6,
          peaks.megabytes(ExecutorPeaks.HEAP),
          peaks.megabytes(ExecutorPeaks.RSS));
    } finally {
      spark.stop();
    }
  }

  private static double medianAfterFirst(
      RoundSummary[] rounds, ToDoubleFunction<RoundSummary> value) {
    double[] values =
        Arrays.stream(rounds).skip(rounds.length > 1 ? 1 : 0).mapToDouble(value).sorted().toArray();
    return values[values.length / 2];
  }
}
