package io.sparkda.examples;

import static org.apache.spark.sql.functions.col;

import io.sparkda.eval.Accuracy;
import io.sparkda.eval.DeepEmbeddedEvaluator;
import io.sparkda.eval.DensityRatio;
import io.sparkda.eval.ImportanceWeightedEvaluator;
import io.sparkda.eval.PredictionEntropyEvaluator;
import io.sparkda.eval.ReverseValidationEvaluator;
import io.sparkda.eval.SoftNeighborhoodDensityEvaluator;
import io.sparkda.ml.CoralAlignment;
import io.sparkda.ml.DannClassifier;
import io.sparkda.ml.SelfTrainingClassifier;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.ml.Estimator;
import org.apache.spark.ml.Model;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.evaluation.Evaluator;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Issue 11's benchmark: how well each label-free evaluator picks hyperparameters. For each pair,
 * seed and method, every candidate of a grid is fitted on the source training split (80 %) plus
 * every target row, and scored on the validation rows (the other 20 % of the source, plus the
 * target rows) by each evaluator; its target accuracy is measured too, with the target labels, to
 * judge the picks (never to make them). Prints one raw row per candidate, one summary row per pair,
 * seed and method, and the mean regret of each evaluator.
 *
 * <p>Usage (through {@code bin/run-class}): {@code SelectionBenchmark DATASETS_DIR SEEDS [PAIRS]
 * [METHODS]}: SEEDS a count ({@code 3}: seeds 1 to 3) or a range ({@code 2-3}); PAIRS like {@code
 * amazon:books:kitchen,digits:mnist:usps} (default: the 4 pairs of issue 11); METHODS from {@code
 * dann,mmd,deep-coral,coral,self-training} (default: all). {@code SelectionBenchmark summarise
 * FILE...} summarises the raw rows that earlier runs printed, without fitting anything.
 */
public final class SelectionBenchmark {
  private static final String WEIGHT = "_bench_density_ratio";
  private static final List<String> EVALUATORS = List.of("IWV", "DEV", "RV", "ENT", "SND");

  private SelectionBenchmark() {}

  /** One grid entry: its method, label, estimator, and whether it adapts / is the default. */
  private record Candidate(
      String method, String label, Estimator<?> estimator, boolean sourceOnly, boolean isDefault) {}

  /** A candidate's evaluator values (by name) and target accuracy. */
  private record Scores(Candidate candidate, Map<String, Double> values, double targetAccuracy) {}

  /** One (pair, seed, method) cell: its grid's scores, in grid order. */
  private record Cell(String pair, int seed, String method, List<Scores> scores) {}

  public static void main(String[] args) throws IOException {
    if (args[0].equals("summarise")) {
      printSummary(readRows(Arrays.asList(args).subList(1, args.length)));
      return;
    }
    SparkSession spark = BenchmarkPair.session("spark-da selection benchmark");
    spark.sparkContext().setLogLevel("WARN");
    try {
      Path dir = Path.of(args[0]);
      // "3" runs seeds 1 to 3; "2-3" runs seeds 2 and 3 (each seed's rows do not depend on others).
      String[] seedRange = args[1].split("-");
      int firstSeed = seedRange.length > 1 ? Integer.parseInt(seedRange[0]) : 1;
      int lastSeed = Integer.parseInt(seedRange[seedRange.length - 1]);
      List<String> pairs =
          Arrays.asList(
              (args.length > 2
                      ? args[2]
                      : "amazon:books:kitchen,amazon:dvd:electronics,digits:mnist:usps,"
                          + "digits:usps:mnist")
                  .split(","));
      // An empty METHODS fits nothing: only the density ratios' effective sample sizes.
      List<String> methods =
          Arrays.stream(
                  (args.length > 3 ? args[3] : "dann,mmd,deep-coral,coral,self-training")
                      .split(","))
              .filter(m -> !m.isBlank())
              .toList();
      System.out.println(
          "| pair | seed | method | candidate | IWV | DEV | RV | ENT | SND | target acc |");
      List<Cell> cells = new ArrayList<>();
      for (String pairSpec : pairs) {
        String[] p = pairSpec.split(":");
        Path pairDir = dir.resolve(p[0].equals("amazon") ? "amazon-reviews" : "mnist-usps");
        BenchmarkPair pair = BenchmarkPair.load(spark, p[0], pairDir, p[1], p[2]);
        Dataset<Row> data = pair.data().repartition(2).cache();
        Dataset<Row> evaluation = pair.evaluation().cache();
        for (int seed = firstSeed; seed <= lastSeed; seed++) {
          Dataset<Row>[] split =
              data.filter(col("domain").equalTo(0.0)).randomSplit(new double[] {0.8, 0.2}, seed);
          Dataset<Row> target = data.filter(col("domain").equalTo(1.0));
          Dataset<Row> train = split[0].unionByName(target).cache();
          // Density ratios once per split, on the input features, for IWV and DEV.
          Dataset<Row> validation =
              DensityRatio.withWeights(
                  split[1].unionByName(target), "features", "domain", WEIGHT, 0.01, seed);
          System.out.printf(
              Locale.ROOT,
              "| %s | %d | density ratios: effective sample size %.4f of the source rows |%n",
              pair.name(),
              seed,
              DensityRatio.effectiveSampleSize(validation, WEIGHT, "domain"));
          Map<String, Scores> fitted = new HashMap<>();
          for (String method : methods) {
            List<Scores> scores = new ArrayList<>();
            for (Candidate c : candidates(method, seed)) {
              Scores s =
                  fitted.computeIfAbsent(
                      c.label(), label -> score(c, train, validation, evaluation));
              s = new Scores(c, s.values(), s.targetAccuracy());
              scores.add(s);
              System.out.printf(
                  Locale.ROOT,
                  "| %s | %d | %s | %s | %.4f | %.4f | %.4f | %.4f | %.4f | %.4f |%n",
                  pair.name(),
                  seed,
                  method,
                  c.label(),
                  s.values().get("IWV"),
                  s.values().get("DEV"),
                  s.values().get("RV"),
                  s.values().get("ENT"),
                  s.values().get("SND"),
                  s.targetAccuracy());
            }
            cells.add(new Cell(pair.name(), seed, method, scores));
          }
          train.unpersist();
        }
        data.unpersist();
        evaluation.unpersist();
      }
      printSummary(cells);
    } finally {
      spark.stop();
    }
  }

  /** The summary table (one row per cell) and each evaluator's mean regret over the cells. */
  private static void printSummary(List<Cell> cells) {
    System.out.println();
    System.out.println(
        "| pair | seed | method | oracle | default | source-only | "
            + String.join(" | ", EVALUATORS)
            + " | "
            + String.join(" | ", EVALUATORS.stream().map(e -> e + "+so").toList())
            + " |");
    Map<String, List<Double>> regrets = new LinkedHashMap<>();
    for (Cell cell : cells) {
      System.out.println(summarise(cell, regrets));
    }
    printRegrets("all cells", regrets);
    // The same by dataset and by method: where an evaluator helps and where it is noise.
    Map<String, Map<String, List<Double>>> groups = new LinkedHashMap<>();
    for (Cell cell : cells) {
      for (String group : List.of(cell.pair().split(" ")[0], cell.method())) {
        summarise(cell, groups.computeIfAbsent(group, g -> new LinkedHashMap<>()));
      }
    }
    groups.forEach(SelectionBenchmark::printRegrets);
    printFixedCandidates(cells);
  }

  private static void printRegrets(String title, Map<String, List<Double>> regrets) {
    System.out.println();
    System.out.println("| evaluator (" + title + ") | mean | min | max | cells |");
    regrets.forEach((key, values) -> System.out.println(row(key, values)));
  }

  /**
   * Each candidate as a fixed choice, over every pair and seed: its mean target accuracy and its
   * gain over the cell's source-only candidate. This reads target labels: it is how the reference
   * config's defaults are chosen (and said to be), never how a run chooses.
   */
  private static void printFixedCandidates(List<Cell> cells) {
    Map<String, List<Double>> accuracy = new LinkedHashMap<>();
    Map<String, List<Double>> gain = new LinkedHashMap<>();
    for (Cell cell : cells) {
      double sourceOnly = cell.scores().get(0).targetAccuracy();
      for (Scores s : cell.scores()) {
        String key = cell.method() + " | " + s.candidate().label();
        accuracy.computeIfAbsent(key, k -> new ArrayList<>()).add(s.targetAccuracy());
        gain.computeIfAbsent(key, k -> new ArrayList<>()).add(s.targetAccuracy() - sourceOnly);
      }
    }
    System.out.println();
    System.out.println(
        "| method | candidate | mean target acc | mean vs source-only | worst vs source-only |"
            + " cells |");
    accuracy.forEach(
        (key, values) -> {
          List<Double> gains = gain.get(key);
          System.out.printf(
              Locale.ROOT,
              "| %s | %.4f | %.4f | %.4f | %d |%n",
              key,
              mean(values),
              mean(gains),
              gains.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN),
              values.size());
        });
  }

  private static double mean(List<Double> values) {
    return values.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
  }

  /**
   * The raw candidate rows a run printed (from one or more runs' output files), grouped back into
   * cells: later seeds can be run separately and summarised with the earlier ones.
   */
  private static List<Cell> readRows(List<String> files) throws IOException {
    Map<String, Cell> cells = new LinkedHashMap<>();
    for (String file : files) {
      for (String line : Files.readAllLines(Path.of(file))) {
        String[] f = line.split("\\s*\\|\\s*");
        // "| pair | seed | method | candidate | 5 evaluators | target acc |" -> 11 fields.
        if (f.length != 11 || !f[2].matches("\\d+")) {
          continue;
        }
        int seed = Integer.parseInt(f[2]);
        Candidate candidate =
            candidates(f[3], seed).stream()
                .filter(c -> c.label().equals(f[4]))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown candidate: " + line));
        Map<String, Double> values = new LinkedHashMap<>();
        for (int e = 0; e < EVALUATORS.size(); e++) {
          values.put(EVALUATORS.get(e), Double.parseDouble(f[5 + e]));
        }
        cells
            .computeIfAbsent(
                f[1] + "|" + seed + "|" + f[3], k -> new Cell(f[1], seed, f[3], new ArrayList<>()))
            .scores()
            .add(new Scores(candidate, values, Double.parseDouble(f[10])));
      }
    }
    return new ArrayList<>(cells.values());
  }

  /** The grid of a method; the network candidates share one network and its training defaults. */
  private static List<Candidate> candidates(String method, long seed) {
    List<Candidate> grid = new ArrayList<>();
    switch (method) {
      case "dann", "mmd", "deep-coral" -> {
        String alignment =
            Map.of("dann", "adversarial", "mmd", "mmd", "deep-coral", "coral").get(method);
        double[] lambdas =
            Map.of(
                    "dann", new double[] {0.1, 0.3, 1.0},
                    "mmd", new double[] {0.1, 1.0, 10.0},
                    "deep-coral", new double[] {1.0, 10.0, 100.0})
                .get(method);
        // -Dbench.lambdas.<method>=0.1x1 narrows the grid (for slow networks).
        String narrowed = System.getProperty("bench.lambdas." + method);
        if (narrowed != null) {
          lambdas = Arrays.stream(narrowed.split("x")).mapToDouble(Double::parseDouble).toArray();
        }
        for (int epochs : EPOCHS) {
          grid.add(
              new Candidate(
                  method,
                  "source-only epochs=" + epochs,
                  network(seed, epochs).setAlignment("none").setLambdaMax(0),
                  true,
                  false));
          for (double lambda : lambdas) {
            grid.add(
                new Candidate(
                    method,
                    method + " lambda=" + lambda + " epochs=" + epochs,
                    network(seed, epochs).setAlignment(alignment).setLambdaMax(lambda),
                    false,
                    lambda == 1.0 && epochs == 20));
          }
        }
      }
      case "coral" -> {
        grid.add(new Candidate(method, "logistic-regression", sourceOnlyLr(), true, false));
        for (double regParam : new double[] {0.0, 0.01, 0.1, 1.0}) {
          grid.add(
              new Candidate(
                  method,
                  "coral regParam=" + regParam,
                  new Pipeline()
                      .setStages(
                          new PipelineStage[] {
                            new CoralAlignment().setOutputCol("coral"),
                            labelledOnly(
                                new LogisticRegression()
                                    .setRegParam(regParam)
                                    .setFeaturesCol("coral"))
                          }),
                  false,
                  regParam == 0.0));
        }
      }
      case "self-training" -> {
        grid.add(new Candidate(method, "logistic-regression", sourceOnlyLr(), true, false));
        for (double threshold : new double[] {0.8, 0.9, 0.95, 0.99}) {
          grid.add(
              new Candidate(
                  method,
                  "self-training threshold=" + threshold,
                  new SelfTrainingClassifier()
                      .setClassifier(new LogisticRegression().setRegParam(0.01))
                      .setMaxIter(5)
                      .setThreshold(threshold),
                  false,
                  threshold == 0.9));
        }
      }
      default -> throw new IllegalArgumentException("unknown method " + method);
    }
    return grid;
  }

  /** The network candidates' epochs: {@code -Dbench.epochsGrid}, e.g. 20 or 20x60 (default). */
  private static final int[] EPOCHS =
      Arrays.stream(System.getProperty("bench.epochsGrid", "20x60").split("x"))
          .mapToInt(Integer::parseInt)
          .toArray();

  /**
   * The library's default network (hidden [64], domain head [64], 64 rows, Adam 1e-3), or the
   * feature extractor {@code -Dbench.extractor} (e.g. lenet) over {@code -Dbench.inputShape} images
   * (default 1x16x16).
   */
  private static DannClassifier network(long seed, int epochs) {
    DannClassifier dann =
        new DannClassifier().setMaxEpochs(epochs).setNumPartitions(2).setSeed(seed);
    String extractor = System.getProperty("bench.extractor");
    if (extractor != null) {
      dann.setFeatureExtractor(extractor)
          .setInputShape(
              Arrays.stream(System.getProperty("bench.inputShape", "1x16x16").split("x"))
                  .mapToInt(Integer::parseInt)
                  .toArray());
    }
    return dann;
  }

  private static Estimator<?> sourceOnlyLr() {
    return labelledOnly(new LogisticRegression().setRegParam(0.01));
  }

  /** A plain classifier fitted on the labelled rows only. */
  private static SelfTrainingClassifier labelledOnly(LogisticRegression lr) {
    return new SelfTrainingClassifier().setClassifier(lr).setMaxIter(0);
  }

  private static Scores score(
      Candidate c, Dataset<Row> train, Dataset<Row> validation, Dataset<Row> evaluation) {
    Model<?> model = (Model<?>) c.estimator().fit(train);
    Dataset<Row> out = model.transform(validation).cache();
    Map<String, Evaluator> evaluators = new LinkedHashMap<>();
    evaluators.put("IWV", new ImportanceWeightedEvaluator().setWeightCol(WEIGHT));
    evaluators.put("DEV", new DeepEmbeddedEvaluator().setWeightCol(WEIGHT));
    evaluators.put("RV", new ReverseValidationEvaluator());
    evaluators.put("ENT", new PredictionEntropyEvaluator());
    evaluators.put("SND", new SoftNeighborhoodDensityEvaluator());
    Map<String, Double> values = new LinkedHashMap<>();
    evaluators.forEach((name, evaluator) -> values.put(name, evaluator.evaluate(out)));
    out.unpersist();
    double accuracy = Accuracy.of(model.transform(evaluation), "prediction", "trueLabel");
    return new Scores(c, values, accuracy);
  }

  private static boolean largerIsBetter(String evaluator) {
    return evaluator.equals("RV") || evaluator.equals("SND");
  }

  /**
   * The pick's index by one evaluator. Without the guard only adapted candidates compete; with it
   * every candidate does, and the first one (every grid starts with its source-only candidate) is
   * kept unless strictly beaten.
   */
  private static int pick(List<Scores> scores, String evaluator, boolean guard) {
    int best = -1;
    for (int i = 0; i < scores.size(); i++) {
      boolean competes = guard || !scores.get(i).candidate().sourceOnly();
      if (competes && (best < 0 || better(scores.get(i), scores.get(best), evaluator))) {
        best = i;
      }
    }
    return guard && !better(scores.get(best), scores.get(0), evaluator) ? 0 : best;
  }

  private static boolean better(Scores a, Scores b, String evaluator) {
    double x = a.values().get(evaluator);
    double y = b.values().get(evaluator);
    return largerIsBetter(evaluator) ? x > y : x < y;
  }

  /** The cell's summary row; adds its regrets and gains to {@code all}, by evaluator. */
  private static String summarise(Cell cell, Map<String, List<Double>> all) {
    List<Scores> scores = cell.scores();
    double oracle = Double.NEGATIVE_INFINITY;
    double defaults = Double.NaN;
    double sourceOnly = scores.get(0).targetAccuracy();
    for (Scores s : scores) {
      if (!s.candidate().sourceOnly()) {
        oracle = Math.max(oracle, s.targetAccuracy());
      }
      if (s.candidate().isDefault()) {
        defaults = s.targetAccuracy();
      }
    }
    StringBuilder row =
        new StringBuilder(
            String.format(
                Locale.ROOT,
                "| %s | %d | %s | %.4f | %.4f | %.4f",
                cell.pair(),
                cell.seed(),
                cell.method(),
                oracle,
                defaults,
                sourceOnly));
    for (boolean guard : new boolean[] {false, true}) {
      for (String evaluator : EVALUATORS) {
        double picked = scores.get(pick(scores, evaluator, guard)).targetAccuracy();
        row.append(String.format(Locale.ROOT, " | %.4f", picked));
        String key = evaluator + (guard ? "+so" : "");
        all.computeIfAbsent(key + " regret", k -> new ArrayList<>()).add(oracle - picked);
        all.computeIfAbsent(key + " vs source-only", k -> new ArrayList<>())
            .add(picked - sourceOnly);
      }
    }
    all.computeIfAbsent("default regret", k -> new ArrayList<>()).add(oracle - defaults);
    all.computeIfAbsent("default vs source-only", k -> new ArrayList<>())
        .add(defaults - sourceOnly);
    return row.append(" |").toString();
  }

  private static String row(String key, List<Double> values) {
    double mean = mean(values);
    double worst = values.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
    double largest = values.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
    return String.format(
        Locale.ROOT,
        "| %s | mean %.4f | min %.4f | max %.4f | n %d |",
        key,
        mean,
        worst,
        largest,
        values.size());
  }
}
