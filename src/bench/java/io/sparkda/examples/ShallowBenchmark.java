package io.sparkda.examples;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.rand;

import io.sparkda.eval.Accuracy;
import io.sparkda.ml.CoralAlignment;
import io.sparkda.ml.SelfTrainingClassifier;
import io.sparkda.ml.jda.JointDistributionAdaptation;
import io.sparkda.ml.neighbors.NearestNeighborClassifier;
import io.sparkda.ml.reweighting.DomainReweighting;
import io.sparkda.ml.subspace.SubspaceAlignment;
import io.sparkda.ml.tca.TransferComponentAnalysis;
import io.sparkda.ml.transport.LinearOptimalTransport;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.classification.ProbabilisticClassifier;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Issue 12's benchmark: shallow adaptation followed by logistic regression, against logistic
 * regression alone, on the shared pairs. Each method spec is a name and options, {@code
 * coral/reg=0.1/type=relative/lrReg=0} ({@code clf=knn}: 1-NN instead of logistic regression, for
 * JDA's pseudo-labels too unless {@code jclf} names theirs); every fit is deterministic, so there
 * are no seeds. Prints one row per (pair, method): target accuracy, the gain over the pair's first
 * {@code lr} spec, and the fit time (wall clock of one fit, the driver's linear algebra included).
 *
 * <p>Usage (through {@code bin/run-class}): {@code ShallowBenchmark DATASETS_DIR PAIRS METHOD...},
 * PAIRS like {@code amazon:books:kitchen,digits:mnist:usps,coil20:coil1:coil2}; {@code
 * -Dbench.scaling=l2} gives the image pairs (digits, coil20) the JDA paper's row normalisation
 * (default: each domain standardized); {@code -Dbench.targetRows=N} keeps N random target rows
 * (digits: accuracy on those).
 */
public final class ShallowBenchmark {
  private ShallowBenchmark() {}

  public static void main(String[] args) {
    SparkSession spark = BenchmarkPair.session("spark-da shallow benchmark");
    spark.sparkContext().setLogLevel("WARN");
    try {
      Path dir = Path.of(args[0]);
      List<String> methods = Arrays.asList(args).subList(2, args.length);
      System.out.println("| pair | method | target acc | vs LR | fit s |");
      for (String pairSpec : args[1].split(",")) {
        String[] p = pairSpec.split(":");
        Path pairDir =
            dir.resolve(
                p[0].equals("amazon")
                    ? "amazon-reviews"
                    : p[0].equals("coil20") ? "coil20" : "mnist-usps");
        BenchmarkPair pair = BenchmarkPair.load(spark, p[0], pairDir, p[1], p[2]);
        Dataset<Row> data = pair.data();
        Dataset<Row> evaluation = pair.evaluation();
        Integer targetRows = Integer.getInteger("bench.targetRows");
        if (targetRows != null) {
          // A small target (fewer rows than features): its covariance is rank-deficient.
          Dataset<Row> target =
              data.filter(col("domain").equalTo(1.0)).orderBy(rand(1)).limit(targetRows);
          data = data.filter(col("domain").equalTo(0.0)).unionByName(target);
          evaluation = pair.amazon() ? evaluation : target;
        }
        data = data.repartition(2).cache();
        evaluation = evaluation.cache();
        double baseline = Double.NaN;
        for (String spec : methods) {
          long start = System.nanoTime();
          PipelineModel model = pipeline(spec).fit(data);
          double seconds = (System.nanoTime() - start) / 1e9;
          double accuracy = Accuracy.of(model.transform(evaluation), "prediction", "trueLabel");
          if (spec.equals("lr") || spec.startsWith("lr/")) {
            baseline = accuracy;
          }
          System.out.printf(
              Locale.ROOT,
              "| %s | %s | %.4f | %+.4f | %.1f |%n",
              pair.name(),
              spec,
              accuracy,
              accuracy - baseline,
              seconds);
        }
        data.unpersist();
        evaluation.unpersist();
      }
    } finally {
      spark.stop();
    }
  }

  /** {@code name/key=value/...} as a Pipeline: the method's stages, then logistic regression. */
  static Pipeline pipeline(String spec) {
    String[] parts = spec.split("/");
    Map<String, String> options = new LinkedHashMap<>();
    for (int i = 1; i < parts.length; i++) {
      String[] kv = parts[i].split("=", 2);
      options.put(kv[0], kv[1]);
    }
    List<PipelineStage> stages = new ArrayList<>();
    String features = "features";
    boolean weighted = false;
    switch (parts[0]) {
      case "lr" -> {}
      case "coral" -> {
        stages.add(
            new CoralAlignment()
                .setOutputCol("mapped")
                .setRegularization(number(options, "reg", 1.0))
                .setRegularizationType(options.getOrDefault("type", "absolute"))
                .setAlignMeans(options.getOrDefault("means", "false").equals("true")));
        features = "mapped";
      }
      case "sa" -> {
        stages.add(
            new SubspaceAlignment()
                .setOutputCol("mapped")
                .setNumComponents((int) number(options, "k", 20)));
        features = "mapped";
      }
      case "tca" -> {
        stages.add(
            new TransferComponentAnalysis()
                .setOutputCol("mapped")
                .setNumComponents((int) number(options, "k", 100))
                .setLambda(number(options, "lambda", 0.1)));
        features = "mapped";
      }
      case "jda" -> {
        stages.add(
            new JointDistributionAdaptation()
                .setOutputCol("mapped")
                .setNumComponents((int) number(options, "k", 100))
                .setLambda(number(options, "lambda", 0.1))
                .setMaxIter((int) number(options, "iter", 10))
                .setClassifier(
                    classifier(
                        options.containsKey("jclf") ? Map.of("clf", options.get("jclf")) : options,
                        "features",
                        false)));
        features = "mapped";
      }
      case "rw" -> {
        stages.add(
            new DomainReweighting()
                .setWeightCol("weight")
                .setMaxWeight(number(options, "maxW", 10))
                .setFlattening(number(options, "flat", 1))
                .setClassifier(
                    new LogisticRegression().setRegParam(number(options, "rwReg", 0.1))));
        weighted = true;
      }
      case "ot" -> {
        stages.add(
            new LinearOptimalTransport()
                .setOutputCol("mapped")
                .setRegularization(number(options, "reg", 0.1))
                .setRegularizationType(options.getOrDefault("type", "relative")));
        features = "mapped";
      }
      default -> throw new IllegalArgumentException("unknown method " + parts[0]);
    }
    stages.add(
        new SelfTrainingClassifier()
            .setMaxIter(0)
            .setClassifier(classifier(options, features, weighted)));
    return new Pipeline().setStages(stages.toArray(new PipelineStage[0]));
  }

  /**
   * {@code clf=knn}: 1-nearest-neighbour by cosine (the JDA paper's classifier); otherwise logistic
   * regression ({@code lrReg}, {@code lrStd}).
   */
  private static ProbabilisticClassifier<?, ?, ?> classifier(
      Map<String, String> options, String features, boolean weighted) {
    if (options.getOrDefault("clf", "lr").equals("knn")) {
      return new NearestNeighborClassifier().setMetric("cosine").setFeaturesCol(features);
    }
    LogisticRegression lr =
        new LogisticRegression()
            .setFeaturesCol(features)
            .setRegParam(number(options, "lrReg", 0.1))
            .setStandardization(!options.getOrDefault("lrStd", "true").equals("false"));
    return weighted ? lr.setWeightCol("weight") : lr;
  }

  private static double number(Map<String, String> options, String key, double fallback) {
    return options.containsKey(key) ? Double.parseDouble(options.get(key)) : fallback;
  }
}
