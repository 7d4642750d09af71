package io.sparkda.examples;

import static org.apache.spark.sql.functions.col;

import io.sparkda.data.DomainUnion;
import io.sparkda.eval.Accuracy;
import io.sparkda.ml.DannClassificationModel;
import io.sparkda.ml.DannClassifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Trains source-only and DANN (same network, same seed) on the rotated two-moons sample and prints
 * both target accuracies. Target labels are hidden from training and used only to score.
 *
 * <p>Usage: {@code RotatedMoons [dataDir] [master]} (defaults {@code data-samples/rotated-moons},
 * {@code local[*]}).
 */
public final class RotatedMoons {
  private RotatedMoons() {}

  /** The configuration used for rotated moons (also in tests and bench/results/log-2026-12.md). */
  public static DannClassifier dann(long seed) {
    return new DannClassifier()
        .setHiddenLayers(new int[] {32, 32})
        .setDomainHiddenLayers(new int[] {32})
        .setMaxEpochs(100)
        .setBatchSize(32)
        .setOptimizer("adam")
        .setLearningRate(0.01)
        .setLearningRateSchedule("ganin")
        .setLocalSteps(10)
        .setSeed(seed);
  }

  public static void main(String[] args) {
    Path dir = Path.of(args.length > 0 ? args[0] : "data-samples/rotated-moons");
    String master = args.length > 1 ? args[1] : "local[*]";
    if (!Files.isRegularFile(dir.resolve("source.csv"))
        || !Files.isRegularFile(dir.resolve("target.csv"))) {
      System.err.println(
          "missing " + dir.resolve("source.csv") + " or target.csv: run GenerateSamples");
      System.exit(2);
    }
    SparkSession spark =
        SparkSession.builder()
            .master(master)
            .appName("spark-da rotated moons")
            .config("spark.ui.showConsoleProgress", "false")
            .getOrCreate();
    try {
      Dataset<Row> data = load(spark, dir).cache();
      int partitions = spark.sparkContext().defaultParallelism();
      double sourceOnly =
          targetAccuracy(dann(1).setLambdaMax(0).setNumPartitions(partitions).fit(data), data);
      DannClassificationModel adapted =
          dann(1).setLambdaMax(1).setNumPartitions(partitions).fit(data);
      double dann = targetAccuracy(adapted, data);
      System.out.printf(
          Locale.ROOT,
          "rotated moons (%d partitions): target accuracy source-only %.3f,"
              + " DANN %.3f (%.0f rows/s)%n",
          partitions,
          sourceOnly,
          dann,
          adapted.summary().rowsPerSecond());
    } finally {
      spark.stop();
    }
  }

  /**
   * Both domains of the sample in {@code dir} as one DataFrame: features (x1, x2), label (null on
   * target rows), domain (0/1) and trueLabel (for evaluation only).
   */
  static Dataset<Row> load(SparkSession spark, Path dir) {
    return new VectorAssembler()
        .setInputCols(new String[] {"x1", "x2"})
        .setOutputCol("features")
        .transform(
            DomainUnion.of(
                read(spark, dir.resolve("source.csv")),
                read(spark, dir.resolve("target.csv")),
                "label",
                "domain",
                "trueLabel"));
  }

  private static Dataset<Row> read(SparkSession spark, Path csv) {
    return spark.read().option("header", "true").option("inferSchema", "true").csv(csv.toString());
  }

  static double targetAccuracy(DannClassificationModel model, Dataset<Row> data) {
    return Accuracy.of(
        model.transform(data).filter(col("domain").equalTo(1.0)), "prediction", "trueLabel");
  }
}
