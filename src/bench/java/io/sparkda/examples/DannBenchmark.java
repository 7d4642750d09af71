package io.sparkda.examples;

import static org.apache.spark.sql.functions.col;

import io.sparkda.eval.Accuracy;
import io.sparkda.ml.CoralAlignment;
import io.sparkda.ml.DannClassificationModel;
import io.sparkda.ml.DannClassifier;
import io.sparkda.ml.SelfTrainingClassificationModel;
import io.sparkda.ml.SelfTrainingClassifier;
import io.sparkda.ml.SelfTrainingRound;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Target accuracy of source-only vs DANN (same network: lambdaMax = 0 vs > 0) on the public
 * benchmarks in {@code ../shared/datasets} and on rotated moons. Prints one Markdown table row per
 * run, as pasted into {@code bench/results/log-2026-12.md}.
 *
 * <p>Usage (through {@code bin/run-class}):
 *
 * <pre>
 *   DannBenchmark moons SEEDS PARTITIONS
 *   DannBenchmark amazon DATASETS_DIR SOURCE TARGET SEEDS PARTITIONS
 *   DannBenchmark digits DATASETS_DIR SOURCE TARGET SEEDS PARTITIONS
 * </pre>
 *
 * Options as system properties: {@code -Dbench.epochs}, {@code -Dbench.lambda}, {@code -Dbench.lr},
 * {@code -Dbench.hidden} (e.g. 100 or 256x128), {@code -Dbench.extractor} (a featureExtractor, e.g.
 * lenet, instead of the MLP of bench.hidden) with {@code -Dbench.inputShape} (default 1x16x16),
 * {@code -Dbench.localSteps}, {@code -Dbench.optimizerSync} (optimizerSyncInterval), {@code
 * -Dbench.outerLr} and {@code -Dbench.outerMomentum} (the outer step over the averaged weights),
 * {@code -Dbench.alignment} (adversarial, mmd, coral), {@code -Dbench.batchMode} (split,
 * per-partition), {@code -Dbench.featureLayout} (auto, dense, sparse), {@code -Dbench.hashDims}
 * (e.g. 262144: Amazon's columns hashed into that many, as a text pipeline's hashing would); {@code
 * -Dbench.method=coral} (shallow CORAL + logistic regression, {@code -Dbench.regParam}) or {@code
 * -Dbench.method=self-training} ({@code
 * -Dbench.selfTraining.maxIter/selection/fraction/threshold}).
 */
public final class DannBenchmark {
  private DannBenchmark() {}

  public static void main(String[] args) {
    SparkSession spark = BenchmarkPair.session("spark-da benchmark");
    try {
      switch (args[0]) {
        case "moons":
          moons(spark, Integer.parseInt(args[1]), Integer.parseInt(args[2]));
          break;
        case "amazon":
        case "digits":
          pair(
              spark,
              args[0],
              Path.of(args[1]),
              args[2],
              args[3],
              Integer.parseInt(args[4]),
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
      report(
          "rotated moons",
          seed,
          partitions,
          targetRows,
          base.copy(new ParamMap()).setLambdaMax(0).fit(data),
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
    if ((v = System.getProperty("bench.optimizerSync")) != null) {
      dann.setOptimizerSyncInterval(Integer.parseInt(v));
    }
    if ((v = System.getProperty("bench.deltaPrecision")) != null) {
      dann.setDeltaPrecision(v);
    }
    if ((v = System.getProperty("bench.outerLr")) != null) {
      dann.setOuterLearningRate(Double.parseDouble(v));
    }
    if ((v = System.getProperty("bench.outerMomentum")) != null) {
      dann.setOuterMomentum(Double.parseDouble(v));
    }
    if ((v = System.getProperty("bench.optimizer")) != null) {
      dann.setOptimizer(v);
    }
    if ((v = System.getProperty("bench.alignment")) != null) {
      dann.setAlignment(v);
    }
    if ((v = System.getProperty("bench.batchMode")) != null) {
      dann.setBatchMode(v);
    }
    if ((v = System.getProperty("bench.featureLayout")) != null) {
      dann.setFeatureLayout(v);
    }
    return dann;
  }

  private static void pair(
      SparkSession spark,
      String kind,
      Path dir,
      String sourceName,
      String targetName,
      int seeds,
      int partitions) {
    BenchmarkPair pair = BenchmarkPair.load(spark, kind, dir, sourceName, targetName);
    boolean amazon = pair.amazon();
    Dataset<Row> data = pair.data().repartition(partitions).cache();
    Dataset<Row> targetRows = pair.evaluation();
    String name = pair.name();
    Integer hashDims = Integer.getInteger("bench.hashDims");
    String method = System.getProperty("bench.method", "network");
    if (!method.equals("network")) {
      otherMethod(method, name, data, targetRows, amazon, seeds, partitions);
      return;
    }
    for (int seed = 1; seed <= seeds; seed++) {
      DannClassifier dann = configured(amazon, seed, partitions);
      DannClassificationModel sourceOnly = dann.copy(new ParamMap()).setLambdaMax(0).fit(data);
      DannClassificationModel adapted = dann.fit(data);
      report(name, seed, partitions, targetRows, sourceOnly, adapted);
      if (hashDims != null || System.getProperty("bench.featureLayout") != null) {
        System.out.printf(
            Locale.ROOT,
            "# %s seed %d: %d features, sparse shards %b, %.2f MiB cached%n",
            name,
            seed,
            pair.numFeatures(),
            adapted.summary().sparseFeatures(),
            adapted.summary().trainingRowBytes() / 1048576.0);
      }
    }
  }

  /**
   * {@code coral}: shallow CORAL + logistic regression vs logistic regression alone (one run: both
   * are deterministic). {@code self-training}: the network of {@code bench.alignment} with and
   * without self-training ({@code bench.selfTraining.*}). Same row format as the network runs.
   */
  private static void otherMethod(
      String method,
      String name,
      Dataset<Row> data,
      Dataset<Row> targetRows,
      boolean amazon,
      int seeds,
      int partitions) {
    double regParam = Double.parseDouble(System.getProperty("bench.regParam", "0.01"));
    if (method.equals("coral")) {
      SelfTrainingClassifier lr =
          new SelfTrainingClassifier()
              .setMaxIter(0)
              .setClassifier(new LogisticRegression().setRegParam(regParam));
      long start = System.nanoTime();
      PipelineModel plain = new Pipeline().setStages(new PipelineStage[] {lr}).fit(data);
      PipelineModel coral =
          new Pipeline()
              .setStages(
                  new PipelineStage[] {
                    new CoralAlignment().setOutputCol("coral"),
                    lr.copy(new ParamMap())
                        .setClassifier(
                            new LogisticRegression().setRegParam(regParam).setFeaturesCol("coral"))
                  })
              .fit(data);
      System.out.printf(
          Locale.ROOT,
          "| %s | - | %d | %.4f | %.4f | - | %.1f |%n",
          name,
          partitions,
          Accuracy.of(plain.transform(targetRows), "prediction", "trueLabel"),
          Accuracy.of(coral.transform(targetRows), "prediction", "trueLabel"),
          (System.nanoTime() - start) / 1e9);
      return;
    }
    if (!method.equals("self-training")) {
      throw new IllegalArgumentException("unknown bench.method " + method);
    }
    for (int seed = 1; seed <= seeds; seed++) {
      DannClassifier network = configured(amazon, seed, partitions);
      long start = System.nanoTime();
      double plain =
          Accuracy.of(network.fit(data).transform(targetRows), "prediction", "trueLabel");
      SelfTrainingClassificationModel selfTrained =
          new SelfTrainingClassifier()
              .setClassifier(configured(amazon, seed, partitions))
              .setEvaluationLabelCol("trueLabel")
              .setMaxIter(Integer.getInteger("bench.selfTraining.maxIter", 3))
              .setSelection(System.getProperty("bench.selfTraining.selection", "top-fraction"))
              .setFraction(
                  Double.parseDouble(System.getProperty("bench.selfTraining.fraction", "0.2")))
              .setThreshold(
                  Double.parseDouble(System.getProperty("bench.selfTraining.threshold", "0.9")))
              .fit(data);
      StringBuilder added = new StringBuilder();
      for (SelfTrainingRound r : selfTrained.history()) {
        added
            .append(added.length() == 0 ? "" : " ")
            .append(r.added())
            .append(String.format(Locale.ROOT, "@%.2f", r.addedAccuracy()));
      }
      System.out.printf(
          Locale.ROOT,
          "| %s | %d | %d | %.4f | %.4f | added %s | %.1f |%n",
          name,
          seed,
          partitions,
          plain,
          Accuracy.of(selfTrained.transform(targetRows), "prediction", "trueLabel"),
          added,
          (System.nanoTime() - start) / 1e9);
    }
  }

  static DannClassifier configured(boolean amazon, long seed, int partitions) {
    String hidden = System.getProperty("bench.hidden", amazon ? "100" : "256x128");
    String extractor = System.getProperty("bench.extractor");
    DannClassifier dann =
        extractor == null
            ? new DannClassifier().setHiddenLayers(dims(hidden))
            : new DannClassifier()
                .setFeatureExtractor(extractor)
                .setInputShape(dims(System.getProperty("bench.inputShape", "1x16x16")));
    // The pairs' settings, then whatever -Dbench.* overrides.
    return overrides(
        dann.setDomainHiddenLayers(new int[] {Integer.getInteger("bench.domainHidden", 100)})
            .setMaxEpochs(amazon ? 20 : 50)
            .setBatchSize(64)
            .setOptimizer("adam")
            .setLearningRate(0.001)
            .setAlignment("adversarial")
            .setLambdaMax(Double.parseDouble(System.getProperty("bench.lambda", "1.0")))
            .setLocalSteps(10)
            .setBatchMode("split")
            .setFeatureLayout("auto")
            .setNumPartitions(partitions)
            .setSeed(seed));
  }

  private static int[] dims(String text) {
    return Arrays.stream(text.split("x")).mapToInt(Integer::parseInt).toArray();
  }

  private static void report(
      String name,
      long seed,
      int partitions,
      Dataset<Row> targetRows,
      DannClassificationModel sourceOnly,
      DannClassificationModel dann) {
    System.out.printf(
        Locale.ROOT,
        "| %s | %d | %d | %.4f | %.4f | %.0f | %.1f |%n",
        name,
        seed,
        partitions,
        accuracy(sourceOnly, targetRows),
        accuracy(dann, targetRows),
        dann.summary().rowsPerSecond(),
        dann.summary().trainSeconds());
  }

  private static double accuracy(DannClassificationModel model, Dataset<Row> rows) {
    return Accuracy.of(model.transform(rows), "prediction", "trueLabel");
  }
}
