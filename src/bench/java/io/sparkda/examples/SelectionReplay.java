package io.sparkda.examples;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparkda.eval.DeepEmbeddedEvaluator;
import io.sparkda.eval.ImportanceWeightedEvaluator;
import io.sparkda.eval.PredictionEntropyEvaluator;
import io.sparkda.eval.ReverseValidationEvaluator;
import io.sparkda.eval.SoftNeighborhoodDensityEvaluator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Replays label-free selection rules on the candidates {@link AccuracySuite} recorded ({@code
 * candidates.jsonl}: every candidate's score by each evaluator and its target accuracy), without
 * fitting anything again: each evaluator alone and their mean rank, each behind the source-only
 * guard, one {@code accuracy:} line per rule. Target accuracies only measure the rules.
 *
 * <p>Usage: {@code bin/run-class io.sparkda.examples.SelectionReplay work-output/bench-accuracy/
 * candidates.jsonl [more.jsonl ...]}: first the table and line of the recorded picks, then a line
 * per rule.
 */
public final class SelectionReplay {
  /** The job's evaluator, whose score is each candidate's {@code score}. */
  private static final String JOB_EVALUATOR = "reverse-validation";

  /**
   * Whether a larger score is better, by the job's name of each evaluator the suite scores, as the
   * evaluators themselves say.
   */
  static final Map<String, Boolean> LARGER_IS_BETTER = new LinkedHashMap<>();

  static {
    LARGER_IS_BETTER.put(JOB_EVALUATOR, new ReverseValidationEvaluator().isLargerBetter());
    LARGER_IS_BETTER.put("iwv", new ImportanceWeightedEvaluator().isLargerBetter());
    LARGER_IS_BETTER.put("dev", new DeepEmbeddedEvaluator().isLargerBetter());
    LARGER_IS_BETTER.put("entropy", new PredictionEntropyEvaluator().isLargerBetter());
    LARGER_IS_BETTER.put("snd", new SoftNeighborhoodDensityEvaluator().isLargerBetter());
  }

  /** One recorded run: its pair, each candidate's accuracy and scores, the guard's index. */
  record Recorded(
      AccuracySuite.Pair pair,
      long seed,
      List<String> names,
      double[] accuracies,
      Map<String, double[]> scores,
      int guard,
      int picked) {

    /**
     * A run from its metrics.json {@code tuning} record (accuracies in points). Of method = auto,
     * the guard search's other candidates follow, with no scores: they were scored by source
     * accuracy, which the rules replayed here do not compare.
     */
    static Recorded of(AccuracySuite.Pair pair, long seed, JsonNode tuning) {
      List<JsonNode> candidates = new ArrayList<>();
      tuning.get("candidates").forEach(candidates::add);
      int scored = candidates.size();
      tuning.path("guardSearch").path("candidates").forEach(candidates::add);
      List<String> names = new ArrayList<>();
      List<Double> accuracies = new ArrayList<>();
      Map<String, List<Double>> scores = new LinkedHashMap<>();
      LARGER_IS_BETTER.keySet().forEach(e -> scores.put(e, new ArrayList<>()));
      for (int i = 0; i < candidates.size(); i++) {
        JsonNode c = candidates.get(i);
        String name = c.get("config").asText().replace("method=", "");
        if (names.contains(name)) {
          continue; // the guard, in both searches, fitted alike
        }
        names.add(name);
        accuracies.add(c.get("targetAccuracy").asDouble() * 100);
        JsonNode score = i < scored ? c.get("score") : null;
        scores.get(JOB_EVALUATOR).add(number(score));
        for (String e : AccuracySuite.MORE_EVALUATORS) {
          scores.get(e).add(number(score == null ? null : c.path("moreScores").path(e)));
        }
      }
      Map<String, double[]> arrays = new LinkedHashMap<>();
      scores.forEach((e, list) -> arrays.put(e, toArray(list)));
      JsonNode guard = tuning.get("sourceOnlyCandidate");
      return new Recorded(
          pair,
          seed,
          names,
          toArray(accuracies),
          arrays,
          guard.isInt() ? guard.asInt() : -1,
          tuning.path("picked").asInt(-1));
    }

    private static double[] toArray(List<Double> values) {
      return values.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /** The run as the suite reports it, with candidate {@code picked} as its pick. */
    AccuracySuite.Run run(int picked, double seconds) {
      Map<String, Double> methods = new LinkedHashMap<>();
      for (int i = 0; i < names.size(); i++) {
        methods.put(names.get(i), accuracies[i]);
      }
      return new AccuracySuite.Run(
          pair, seed, methods, names.get(picked), names.get(Math.max(guard, 0)), seconds);
    }
  }

  private SelectionReplay() {}

  public static void main(String[] args) throws IOException {
    List<Recorded> runs = new ArrayList<>();
    for (String file : args) {
      runs.addAll(read(Path.of(file)));
    }
    // The job's own picks: the suite's table again, from the records (of runs cut short, or of
    // several runs' seeds together).
    List<AccuracySuite.Run> recorded = runs.stream().map(run -> run.run(run.picked(), 0)).toList();
    System.out.print(AccuracySuite.table(recorded));
    System.out.println("recorded " + AccuracySuite.summary(recorded));
    List<String> rules = new ArrayList<>(LARGER_IS_BETTER.keySet());
    rules.add("mean-rank");
    for (String rule : rules) {
      List<AccuracySuite.Run> picked = new ArrayList<>();
      for (Recorded run : runs) {
        picked.add(pick(run, rule));
      }
      System.out.println(rule + " " + AccuracySuite.summary(picked));
    }
  }

  static List<Recorded> read(Path file) throws IOException {
    ObjectMapper json = new ObjectMapper();
    List<Recorded> runs = new ArrayList<>();
    for (String line : Files.readAllLines(file)) {
      if (line.isBlank()) {
        continue;
      }
      JsonNode record = json.readTree(line);
      String name = record.get("pair").asText();
      AccuracySuite.Pair pair =
          AccuracySuite.all().stream()
              .filter(p -> p.name().equals(name))
              .findFirst()
              .orElseThrow(() -> new IllegalArgumentException("not a pair of the suite: " + name));
      runs.add(Recorded.of(pair, record.get("seed").asLong(), record.get("tuning")));
    }
    return runs;
  }

  private static double number(JsonNode node) {
    return node != null && node.isNumber() ? node.asDouble() : Double.NaN;
  }

  /**
   * The candidate {@code rule} picks behind the guard: the best by the evaluator (or the lowest
   * mean rank over all of them), unless it is not strictly better than the guard's.
   */
  static AccuracySuite.Run pick(Recorded run, String rule) {
    int n = run.accuracies().length;
    double[] merit = new double[n];
    if (rule.equals("mean-rank")) {
      // The sum of the ranks orders as their mean does, and is exact: equal mean ranks tie (the
      // earlier candidate, or the guard, keeps the pick) whatever order the evaluators come in.
      for (Map.Entry<String, double[]> e : run.scores().entrySet()) {
        double[] ranks = ranks(e.getValue(), LARGER_IS_BETTER.get(e.getKey()));
        for (int i = 0; i < n; i++) {
          merit[i] -= ranks[i];
        }
      }
    } else {
      double sign = LARGER_IS_BETTER.get(rule) ? 1 : -1;
      for (int i = 0; i < n; i++) {
        double s = run.scores().get(rule)[i];
        merit[i] = Double.isFinite(s) ? sign * s : Double.NEGATIVE_INFINITY;
      }
    }
    int best = 0;
    for (int i = 1; i < n; i++) {
      best = merit[i] > merit[best] ? i : best;
    }
    if (run.guard() >= 0 && !(merit[best] > merit[run.guard()])) {
      best = run.guard();
    }
    return run.run(best, 0);
  }

  /** 1 for the best score, n for the worst; a score that is not finite ranks last. */
  static double[] ranks(double[] scores, boolean largerIsBetter) {
    int n = scores.length;
    double[] ranks = new double[n];
    for (int i = 0; i < n; i++) {
      double mine = scores[i];
      int rank = 1;
      for (int j = 0; j < n; j++) {
        double other = scores[j];
        boolean better =
            Double.isFinite(other)
                && (!Double.isFinite(mine) || (largerIsBetter ? other > mine : other < mine));
        rank += better ? 1 : 0;
      }
      ranks[i] = rank;
    }
    return ranks;
  }
}
