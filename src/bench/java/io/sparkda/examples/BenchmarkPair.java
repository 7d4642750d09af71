package io.sparkda.examples;

import static org.apache.spark.sql.functions.col;

import io.sparkda.data.DomainUnion;
import java.nio.file.Path;
import org.apache.spark.ml.feature.Normalizer;
import org.apache.spark.ml.feature.StandardScaler;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * A shared domain pair ({@code ../shared/datasets}) as the benchmarks use it: {@code data} holds
 * the labelled source rows and the unlabelled target rows (features, label, domain, trueLabel);
 * {@code evaluation} the target rows accuracy is measured on (Amazon: the target's held-out test
 * file; digits: every target row, transductively).
 */
record BenchmarkPair(String name, boolean amazon, Dataset<Row> data, Dataset<Row> evaluation) {

  /** {@code kind} amazon or digits; {@code -Dbench.hashDims} and {@code -Dbench.scaling} apply. */
  static BenchmarkPair load(
      SparkSession spark, String kind, Path dir, String sourceName, String targetName) {
    boolean amazon = kind.equals("amazon");
    int numFeatures = amazon ? 5000 : kind.equals("coil20") ? 1024 : 256;
    Dataset<Row> source =
        libsvm(spark, dir, amazon ? sourceName + "_train" : sourceName, numFeatures);
    Dataset<Row> target =
        libsvm(spark, dir, amazon ? targetName + "_train" : targetName, numFeatures);
    Dataset<Row> evaluation =
        amazon
            ? libsvm(spark, dir, targetName + "_test", numFeatures)
                .withColumnRenamed("label", "trueLabel")
            : null;
    Integer hashDims = Integer.getInteger("bench.hashDims");
    if (hashDims != null) {
      // As a text pipeline's HashingTF would give them: every column hashed into 2^k columns.
      source = HashedColumns.remap(source, hashDims);
      target = HashedColumns.remap(target, hashDims);
      evaluation = evaluation == null ? null : HashedColumns.remap(evaluation, hashDims);
    }
    if (!amazon) {
      // Image pairs (digits, coil20): the two digit sets are scaled differently, so each domain
      // is put on one scale first.
      source = digitScaling(source);
      target = digitScaling(target);
    }
    Dataset<Row> data = DomainUnion.of(source, target, "label", "domain", "trueLabel");
    return new BenchmarkPair(
        kind + " " + sourceName + "->" + targetName,
        amazon,
        data,
        amazon ? evaluation : data.filter(col("domain").equalTo(1.0)));
  }

  /** The local session the benchmarks run in ({@code -Dbench.master}, default local[2]). */
  static SparkSession session(String appName) {
    return SparkSession.builder()
        .master(System.getProperty("bench.master", "local[2]"))
        .appName(appName)
        .config("spark.ui.enabled", "false")
        .config("spark.driver.memory", "4g")
        .config("spark.sql.shuffle.partitions", "2")
        .getOrCreate();
  }

  /**
   * The session of a benchmark that runs on {@code partitions} cores: {@code local[partitions]}, or
   * spark-submit's master when it runs under spark-submit.
   */
  static SparkSession session(String appName, int partitions) {
    SparkSession.Builder builder =
        SparkSession.builder().appName(appName).config("spark.ui.enabled", "false");
    if (System.getProperty("spark.master") == null) {
      builder = builder.master("local[" + partitions + "]");
    }
    return builder.getOrCreate();
  }

  /** Width of the feature vectors. */
  int numFeatures() {
    Integer hashDims = Integer.getInteger("bench.hashDims");
    return hashDims != null ? hashDims : amazon ? 5000 : 256;
  }

  /**
   * Per-domain feature scaling for the digits (no labels used): {@code l2} rows of unit norm, or
   * {@code domain-standard} each pixel standardized with its own domain's mean and deviation.
   */
  private static Dataset<Row> digitScaling(Dataset<Row> domain) {
    Dataset<Row> raw = domain.withColumnRenamed("features", "raw");
    String scaling = System.getProperty("bench.scaling", "domain-standard");
    if (scaling.equals("l2")) {
      return new Normalizer()
          .setInputCol("raw")
          .setOutputCol("features")
          .setP(2)
          .transform(raw)
          .drop("raw");
    }
    return new StandardScaler()
        .setInputCol("raw")
        .setOutputCol("features")
        .setWithMean(true)
        .setWithStd(true)
        .fit(raw)
        .transform(raw)
        .drop("raw");
  }

  /** {@code dir/name.libsvm}, {@code numFeatures} wide. */
  static Dataset<Row> libsvm(SparkSession spark, Path dir, String name, int numFeatures) {
    return spark
        .read()
        .format("libsvm")
        .option("numFeatures", numFeatures)
        .load(dir.resolve(name + ".libsvm").toString());
  }
}
