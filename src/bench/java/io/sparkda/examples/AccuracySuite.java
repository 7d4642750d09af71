package io.sparkda.examples;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sparkda.jobs.AdaptJob;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;
import org.apache.spark.sql.SparkSession;

/**
 * {@code bin/bench-accuracy}: the job (not the library) over the shared pairs of {@code
 * ../shared/datasets}, each method with its defaults, to see whether adapting pays and is safe on
 * data no default was chosen on. One job run per pair and seed: every method is a candidate of a
 * {@code tune.candidates} list, so the label-free pick, its guard (logistic regression, the plain
 * classifier) and each method's target accuracy (fitted on the tuning split, target labels read
 * only to measure) come from one metrics.json. Prints a raw row per run, a table of means over
 * seeds with the published numbers, and the last line {@code accuracy: ...}; every candidate's
 * scores by each label-free evaluator go to {@code candidates.jsonl} in the work directory.
 *
 * <p>Usage: {@code AccuracySuite DATASETS_DIR [--pairs amazon,digits,coil20 or
 * amazon:books:dvd,...] [--seeds 3] [--first-seed 1] [--methods m1,m2,...] [--work DIR]}.
 */
public final class AccuracySuite {
  /** Every method with its defaults; the first is the guard's baseline (the plain classifier). */
  static final List<String> METHODS =
      List.of(
          "logistic-regression",
          "nearest-neighbor",
          "coral",
          "subspace-alignment",
          "tca",
          "jda",
          "linear-ot",
          "reweighting",
          "source-only",
          "dann",
          "mmd",
          "deep-coral",
          "mcc",
          "meda");

  /** The job's default, a search of its own: run as the job runs it, not as a candidate. */
  static final String AUTO = "auto";

  /** Scored besides the job's default evaluator (reverse validation), for comparing them. */
  static final List<String> MORE_EVALUATORS = List.of("iwv", "dev", "entropy", "snd");

  private static final List<String> AMAZON = List.of("books", "dvd", "electronics", "kitchen");

  /**
   * A domain pair: files relative to the datasets directory, the feature width and the published
   * target accuracies (datasets/README.md) with the one the pick is held against first.
   */
  record Pair(
      String name,
      String sourceFile,
      String targetFile,
      int numFeatures,
      Map<String, Double> published) {
    double headline() {
      return published.values().iterator().next();
    }
  }

  /**
   * One run's accuracies: each method's (on the tuning split), the pick, and the guard the pick is
   * held against (the source-only candidate).
   */
  record Run(
      Pair pair,
      long seed,
      Map<String, Double> methods,
      String picked,
      String guard,
      double seconds) {
    double pickAccuracy() {
      return methods.get(picked);
    }

    double oracle() {
      return methods.values().stream().mapToDouble(Double::doubleValue).max().orElseThrow();
    }
  }

  private AccuracySuite() {}

  public static void main(String[] args) throws Exception {
    Path datasets = Path.of(args[0]);
    Map<String, String> options = options(Arrays.copyOfRange(args, 1, args.length));
    List<Pair> pairs = pairs(options.getOrDefault("pairs", "amazon,digits,coil20"));
    int seeds = Integer.parseInt(options.getOrDefault("seeds", "3"));
    // Seeds firstSeed .. firstSeed + seeds - 1: more seeds for a run already recorded.
    long firstSeed = Long.parseLong(options.getOrDefault("first-seed", "1"));
    List<String> methods =
        options.containsKey("methods") ? List.of(options.get("methods").split(",")) : METHODS;
    Path work = Path.of(options.getOrDefault("work", "work-output/bench-accuracy"));
    Files.createDirectories(work);
    SparkSession spark =
        SparkSession.builder()
            .master(System.getProperty("bench.master", "local[2]"))
            .appName("spark-da accuracy suite")
            .config("spark.ui.enabled", "false")
            .config("spark.sql.shuffle.partitions", "2")
            .getOrCreate();
    long start = System.nanoTime();
    List<Run> runs = new ArrayList<>();
    for (Pair pair : pairs) {
      for (long seed = firstSeed; seed < firstSeed + seeds; seed++) {
        Run run = run(datasets, work, pair, seed, methods);
        runs.add(run);
        System.out.println(rawRow(run));
      }
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    spark.stop();
    System.out.println();
    System.out.print(table(runs));
    System.out.println();
    System.out.printf(Locale.ROOT, "wall time: %.0f s for %d runs%n", seconds, runs.size());
    System.out.println(summary(runs));
  }

  /** {@code --key value} pairs. */
  private static Map<String, String> options(String[] args) {
    Map<String, String> options = new LinkedHashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      if (!args[i].startsWith("--")) {
        throw new IllegalArgumentException("expected --option value, got " + args[i]);
      }
      options.put(args[i].substring(2), args[i + 1]);
    }
    return options;
  }

  /** Every pair of the suite: the 12 ordered Amazon pairs, then the JDA paper's four. */
  static List<Pair> all() {
    List<Pair> all = new ArrayList<>();
    for (String s : AMAZON) {
      for (String t : AMAZON) {
        if (!s.equals(t)) {
          all.add(amazon(s, t));
        }
      }
    }
    all.add(image("digits", "mnist-usps", "mnist", "usps", 256, 65.94, 56.28, 67.28));
    all.add(image("digits", "mnist-usps", "usps", "mnist", 256, 44.70, 51.05, 59.65));
    all.add(image("coil20", "coil20", "coil1", "coil2", 1024, 83.61, 88.47, 89.31));
    all.add(image("coil20", "coil20", "coil2", "coil1", 1024, 82.78, 85.83, 88.47));
    return all;
  }

  /** The named groups (amazon, digits, coil20) or single pairs ({@code amazon:books:dvd}). */
  static List<Pair> pairs(String spec) {
    List<Pair> pairs = new ArrayList<>();
    for (String part : spec.split(",")) {
      String[] p = part.split(":");
      String wanted = p.length == 1 ? p[0] + " " : p[0] + " " + p[1] + "->" + p[2];
      List<Pair> matching =
          all().stream()
              .filter(
                  pair ->
                      p.length == 1 ? pair.name().startsWith(wanted) : pair.name().equals(wanted))
              .toList();
      if (matching.isEmpty()) {
        throw new IllegalArgumentException("no pair matches " + part);
      }
      pairs.addAll(matching);
    }
    return pairs;
  }

  /**
   * An Amazon pair: source {@code _train} (2,000 labelled reviews), target {@code _test} (its
   * labels read only to measure): transductive, as the job scores the target it adapted to. The
   * DANN paper adapted to the target's {@code _train} and scored {@code _test}, the same domain.
   */
  private static Pair amazon(String source, String target) {
    Map<String, Double> published = new LinkedHashMap<>();
    published.put("DANN", DANN_PAPER.get(source + ":" + target)[0] * 100);
    published.put("NN", DANN_PAPER.get(source + ":" + target)[1] * 100);
    return new Pair(
        "amazon " + source + "->" + target,
        "amazon-reviews/" + source + "_train.libsvm",
        "amazon-reviews/" + target + "_test.libsvm",
        5000,
        published);
  }

  /** The JDA paper's pairs: every row of both files, transductive; JDA is the headline. */
  private static Pair image(
      String group,
      String dir,
      String source,
      String target,
      int numFeatures,
      double nn,
      double tca,
      double jda) {
    Map<String, Double> published = new LinkedHashMap<>();
    published.put("JDA", jda);
    published.put("TCA", tca);
    published.put("1-NN", nn);
    return new Pair(
        group + " " + source + "->" + target,
        dir + "/" + source + ".libsvm",
        dir + "/" + target + ".libsvm",
        numFeatures,
        published);
  }

  /** The DANN paper's Table 1a (raw features): DANN and NN (source only), by source:target. */
  private static final Map<String, double[]> DANN_PAPER =
      Map.ofEntries(
          Map.entry("books:dvd", new double[] {.784, .790}),
          Map.entry("books:electronics", new double[] {.733, .747}),
          Map.entry("books:kitchen", new double[] {.779, .778}),
          Map.entry("dvd:books", new double[] {.723, .720}),
          Map.entry("dvd:electronics", new double[] {.754, .732}),
          Map.entry("dvd:kitchen", new double[] {.783, .778}),
          Map.entry("electronics:books", new double[] {.713, .709}),
          Map.entry("electronics:dvd", new double[] {.738, .733}),
          Map.entry("electronics:kitchen", new double[] {.854, .854}),
          Map.entry("kitchen:books", new double[] {.709, .708}),
          Map.entry("kitchen:dvd", new double[] {.740, .739}),
          Map.entry("kitchen:electronics", new double[] {.843, .841}));

  /** One job run: every method a tuning candidate, target labels for measuring only. */
  private static Run run(Path datasets, Path work, Pair pair, long seed, List<String> methods)
      throws IOException {
    Path out = work.resolve(pair.name().replace(' ', '-').replace(">", "") + "-" + seed);
    Path conf = Files.createTempFile(work, "suite", ".conf");
    Files.writeString(conf, config(datasets, out, pair, seed, methods));
    long start = System.nanoTime();
    int code = AdaptJob.run(new String[] {conf.toString()});
    double seconds = (System.nanoTime() - start) / 1e9;
    Files.delete(conf);
    if (code != 0) {
      throw new IllegalStateException(pair.name() + " seed " + seed + ": the job exited " + code);
    }
    ObjectMapper json = new ObjectMapper();
    JsonNode tuning = json.readTree(out.resolve("metrics.json").toFile()).get("tuning");
    // Every candidate's scores by every evaluator, with its target accuracy: what a selection
    // rule can be replayed on without fitting again.
    ObjectNode record = json.createObjectNode().put("pair", pair.name()).put("seed", seed);
    record.set("tuning", tuning);
    Files.writeString(
        work.resolve("candidates.jsonl"),
        json.writeValueAsString(record) + "\n",
        StandardOpenOption.CREATE,
        StandardOpenOption.APPEND);
    SelectionReplay.Recorded recorded = SelectionReplay.Recorded.of(pair, seed, tuning);
    return recorded.run(recorded.picked(), seconds);
  }

  /**
   * The job's config for one run: {@code [auto]} runs the job's default search as a user gets it;
   * other methods are each a tuning candidate, the first the guard's baseline.
   */
  static String config(Path datasets, Path out, Pair pair, long seed, List<String> methods) {
    String candidates =
        methods.stream().map(m -> "{ method = " + m + " }").collect(Collectors.joining(", "));
    String tune =
        methods.equals(List.of(AUTO))
            ? "tune { seed = " + seed + " }"
            : String.join(
                "\n",
                "tune { candidates = [" + candidates + "], seed = " + seed,
                "  moreEvaluators = [" + String.join(", ", MORE_EVALUATORS) + "] }");
    return String.join(
        "\n",
        "# written by AccuracySuite; reads ../shared/datasets (the suite's data)",
        "source { path = \"" + datasets.resolve(pair.sourceFile()) + "\", format = libsvm,",
        "  numFeatures = " + pair.numFeatures() + " }",
        "target { path = \"" + datasets.resolve(pair.targetFile()) + "\", format = libsvm,",
        "  numFeatures = " + pair.numFeatures() + ", labelCol = label }",
        "method = " + methods.get(0),
        tune,
        "model.seed = " + seed,
        "evaluate.baseline = false",
        "output { dir = \"" + out + "\", overwrite = true, report = false }",
        "");
  }

  private static String rawRow(Run run) {
    return String.format(
        Locale.ROOT,
        "| %s | %d | %s | %s | %.0f |",
        run.pair().name(),
        run.seed(),
        run.methods().entrySet().stream()
            .map(e -> e.getKey() + " " + String.format(Locale.ROOT, "%.2f", e.getValue()))
            .collect(Collectors.joining(", ")),
        run.picked(),
        run.seconds());
  }

  /**
   * Per pair, the mean over seeds of each method (over the runs that fitted it), the pick and the
   * oracle, then the published; a method no run of the pair fitted shows "-".
   */
  static String table(List<Run> runs) {
    List<String> methods =
        runs.stream().flatMap(r -> r.methods().keySet().stream()).distinct().toList();
    StringBuilder table = new StringBuilder("| pair | ");
    table.append(String.join(" | ", methods)).append(" | pick | oracle | published |\n|---|");
    table.append("---|".repeat(methods.size() + 3)).append('\n');
    for (Map.Entry<Pair, List<Run>> pair : byPair(runs).entrySet()) {
      List<Run> seeds = pair.getValue();
      table.append("| ").append(pair.getKey().name()).append(" | ");
      for (String method : methods) {
        List<Run> fitted = seeds.stream().filter(r -> r.methods().containsKey(method)).toList();
        table
            .append(fitted.isEmpty() ? "-" : format(mean(fitted, r -> r.methods().get(method))))
            .append(" | ");
      }
      table.append(format(mean(seeds, Run::pickAccuracy))).append(" | ");
      table.append(format(mean(seeds, Run::oracle))).append(" | ");
      table.append(
          pair.getKey().published().entrySet().stream()
              .map(e -> e.getKey() + " " + format(e.getValue()))
              .collect(Collectors.joining(", ")));
      table.append(" |\n");
    }
    return table.toString();
  }

  /**
   * The last line, over the pairs' means: the pick's gain over each run's guard (mean and worst),
   * its regret against the best candidate (found with target labels), and on how many pairs it
   * reaches the published headline (the DANN paper's DANN, the JDA paper's JDA).
   */
  static String summary(List<Run> runs) {
    List<Double> gains = new ArrayList<>();
    List<Double> regrets = new ArrayList<>();
    int beats = 0;
    Map<Pair, List<Run>> pairs = byPair(runs);
    for (Map.Entry<Pair, List<Run>> pair : pairs.entrySet()) {
      double pick = mean(pair.getValue(), Run::pickAccuracy);
      gains.add(pick - mean(pair.getValue(), r -> r.methods().get(r.guard())));
      regrets.add(mean(pair.getValue(), Run::oracle) - pick);
      beats += pick >= pair.getKey().headline() ? 1 : 0;
    }
    return String.format(
        Locale.ROOT,
        "accuracy: mean_gain_vs_source_only=%+.2f worst_vs_source_only=%+.2f mean_regret=%.2f "
            + "beats_published=%d/%d",
        gains.stream().mapToDouble(Double::doubleValue).average().orElseThrow(),
        gains.stream().mapToDouble(Double::doubleValue).min().orElseThrow(),
        regrets.stream().mapToDouble(Double::doubleValue).average().orElseThrow(),
        beats,
        pairs.size());
  }

  private static Map<Pair, List<Run>> byPair(List<Run> runs) {
    Map<Pair, List<Run>> byPair = new LinkedHashMap<>();
    runs.forEach(r -> byPair.computeIfAbsent(r.pair(), p -> new ArrayList<>()).add(r));
    return byPair;
  }

  private static double mean(List<Run> runs, ToDoubleFunction<Run> value) {
    return runs.stream().mapToDouble(value).average().orElseThrow();
  }

  private static String format(double value) {
    return String.format(Locale.ROOT, "%.2f", value);
  }
}
