package io.sparkda.examples;

import static org.apache.spark.sql.functions.col;

import io.sparkda.data.DomainUnion;
import io.sparkda.eval.Accuracy;
import io.sparkda.ml.DannClassificationModel;
import io.sparkda.ml.DannClassifier;
import java.nio.file.Path;
import java.util.Locale;
import org.apache.spark.ml.feature.Normalizer;
import org.apache.spark.ml.feature.StandardScaler;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Target accuracy of source-only vs DANN (same network: lambdaMax = 0 vs > 0) on the public
 * benchmarks in {@code ../shared/datasets} and on rotated moons. Prints one Markdown table row per
 * run, as pasted into {@code docs/benchmarks.md}.
 *
 * <p>Usage (through {@code bin/run-class}):
 * <pre>
 *   DannBenchmark moons SEEDS PARTITIONS
 *   DannBenchmark amazon DATASETS_DIR SOURCE TARGET SEEDS PARTITIONS
 *   DannBenchmark digits DATASETS_DIR SOURCE TARGET SEEDS PARTITIONS
 * </pre>
 * Options as system properties: {@code -Dbench.epochs}, {@code -Dbench.lambda},
 * {@code -Dbench.lr}, {@code -Dbench.hidden} (e.g. 100 or 256x128), {@code -Dbench.localSteps},
 * {@code -Dbench.alignment} (adversarial, mmd, coral).
 */
public final class DannBenchmark {
  private DannBenchmark() {}

  public static void main(String[] args) {
    SparkSession spark = SparkSession.builder().master(System.getProperty("bench.master", "local[2]"))
        .appName("spark-da benchmark").config("spark.ui.enabled", "false")
        .config("spark.driver.memory", "4g").getOrCreate();
    try {
      switch (args[0]) {
        case "moons":
          moons(spark, Integer.parseInt(args[1]), Integer.parseInt(args[2]));
          break;
        case "amazon":
        case "digits":
          pair(spark, args[0], Path.of(args[1]), args[2], args[3], Integer.parseInt(args[4]),
              Integer.parseInt(args[5]));
          break;
        default:
          throw new IllegalArgumentException("unknown benchmark " + args[0]);
      }
    } finally {
      spark.stop();
    }
  }

  private static void moons(SparkSession spark, int seeds, int partitions) {
    Dataset<Row> data = RotatedMoons.load(spark, Path.of("data-samples/rotated-moons")).cache();
    Dataset<Row> targetRows = data.filter(col("domain").equalTo(1.0));
    for (int seed = 1; seed <= seeds; seed++) {
      DannClassifier base = overrides(RotatedMoons.dann(seed).setNumPartitions(partitions));
      report("rotated moons", seed, partitions, targetRows,
          base.copy(new org.apache.spark.ml.param.ParamMap()).setLambdaMax(0).fit(data),
          base.setLambdaMax(Double.parseDouble(System.getProperty("bench.lambda", "1"))).fit(data));
    }
  }

  /** Applies the -Dbench.* properties that are set; the rest keep the example's values. */
  private static DannClassifier overrides(DannClassifier dann) {
    String v;
    if ((v = System.getProperty("bench.lr")) != null) {
      dann.setLearningRate(Double.parseDouble(v));
    }
    if ((v = System.getProperty("bench.lrSchedule")) != null) {
      dann.setLearningRateSchedule(v);
    }
    if ((v = System.getProperty("bench.epochs")) != null) {
      dann.setMaxEpochs(Integer.parseInt(v));
    }
    if ((v = System.getProperty("bench.batch")) != null) {
      dann.setBatchSize(Integer.parseInt(v));
    }
    if ((v = System.getProperty("bench.localSteps")) != null) {
      dann.setLocalSteps(Integer.parseInt(v));
    }
    if ((v = System.getProperty("bench.optimizer")) != null) {
      dann.setOptimizer(v);
    }
    if ((v = System.getProperty("bench.alignment")) != null) {
      dann.setAlignment(v);
    }
    return dann;
  }


  private static void pair(SparkSession spark, String kind, Path dir, String sourceName,
      String targetName, int seeds, int partitions) {
    boolean amazon = kind.equals("amazon");
    int numFeatures = amazon ? 5000 : 256;
    Dataset<Row> source = libsvm(spark, dir, amazon ? sourceName + "_train" : sourceName, numFeatures);
    Dataset<Row> target = libsvm(spark, dir, amazon ? targetName + "_train" : targetName, numFeatures);
    // Amazon: evaluate on the target's held-out test file; digits: transductive, on all target rows.
    Dataset<Row> evaluation = amazon
        ? libsvm(spark, dir, targetName + "_test", numFeatures)
            .withColumnRenamed("label", "trueLabel") : null;
    if (!amazon) {
      // The two digit sets are scaled differently: put them on one scale first.
      source = digitScaling(source);
      target = digitScaling(target);
    }
    Dataset<Row> data = DomainUnion.of(source, target, "label", "domain", "trueLabel");
    data = data.repartition(partitions).cache();
    Dataset<Row> targetRows = amazon ? evaluation : data.filter(col("domain").equalTo(1.0));
    String name = kind + " " + sourceName + "->" + targetName;
    for (int seed = 1; seed <= seeds; seed++) {
      DannClassifier dann = configured(amazon, seed, partitions);
      DannClassificationModel sourceOnly = dann.copy(new org.apache.spark.ml.param.ParamMap())
          .setLambdaMax(0).fit(data);
      DannClassificationModel adapted = dann.fit(data);
      report(name, seed, partitions, targetRows, sourceOnly, adapted);
    }
  }

  /**
   * Per-domain feature scaling for the digits (no labels used): {@code l2} rows of unit norm,
   * or {@code domain-standard} each pixel standardized with its own domain's mean and deviation.
   */
  private static Dataset<Row> digitScaling(Dataset<Row> domain) {
    Dataset<Row> raw = domain.withColumnRenamed("features", "raw");
    String scaling = System.getProperty("bench.scaling", "domain-standard");
    if (scaling.equals("l2")) {
      return new Normalizer().setInputCol("raw").setOutputCol("features").setP(2)
          .transform(raw).drop("raw");
    }
    return new StandardScaler().setInputCol("raw").setOutputCol("features")
        .setWithMean(true).setWithStd(true).fit(raw).transform(raw).drop("raw");
  }

  static DannClassifier configured(boolean amazon, long seed, int partitions) {
    String hidden = System.getProperty("bench.hidden", amazon ? "100" : "256x128");
    return new DannClassifier()
        .setHiddenLayers(java.util.Arrays.stream(hidden.split("x")).mapToInt(Integer::parseInt).toArray())
        .setDomainHiddenLayers(new int[] {Integer.getInteger("bench.domainHidden", 100)})
        .setMaxEpochs(Integer.getInteger("bench.epochs", amazon ? 20 : 50))
        .setBatchSize(Integer.getInteger("bench.batch", 64))
        .setOptimizer(System.getProperty("bench.optimizer", "adam"))
        .setLearningRate(Double.parseDouble(System.getProperty("bench.lr", "0.001")))
        .setAlignment(System.getProperty("bench.alignment", "adversarial"))
        .setLambdaMax(Double.parseDouble(System.getProperty("bench.lambda", "1.0")))
        .setLocalSteps(Integer.getInteger("bench.localSteps", 10))
        .setNumPartitions(partitions)
        .setSeed(seed);
  }

  private static Dataset<Row> libsvm(SparkSession spark, Path dir, String name, int numFeatures) {
    return spark.read().format("libsvm").option("numFeatures", numFeatures)
        .load(dir.resolve(name + ".libsvm").toString());
  }

  private static void report(String name, long seed, int partitions, Dataset<Row> targetRows,
      DannClassificationModel sourceOnly, DannClassificationModel dann) {
    System.out.printf(Locale.ROOT, "| %s | %d | %d | %.4f | %.4f | %.0f | %.1f |%n", name, seed,
        partitions, accuracy(sourceOnly, targetRows), accuracy(dann, targetRows),
        dann.summary().rowsPerSecond(), dann.summary().trainSeconds());
  }

  private static double accuracy(DannClassificationModel model, Dataset<Row> rows) {
    return Accuracy.of(model.transform(rows), "prediction", "trueLabel");
  }
}
