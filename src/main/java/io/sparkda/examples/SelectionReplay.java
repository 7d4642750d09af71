package io.sparkda.examples;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
 * candidates.jsonl}.
 */
public final class SelectionReplay {
  /** The evaluators the suite scores and whether a larger score is better for each. */
  static final Map<String, Boolean> EVALUATORS =
      Map.of(
          "reverse-validation", true,
          "iwv", false,
          "dev", false,
          "entropy", false,
          "snd", true);

  /** One recorded run: its pair, each candidate's accuracy and scores, the guard's index. */
  record Recorded(
      AccuracySuite.Pair pair,
      long seed,
      List<String> names,
      double[] accuracies,
      Map<String, double[]> scores,
      int guard) {}

  private SelectionReplay() {}

  public static void main(String[] args) throws IOException {
    List<Recorded> runs = read(Path.of(args[0]));
    List<String> rules = new ArrayList<>(List.of("reverse-validation", "iwv", "dev", "entropy"));
    rules.add("snd");
    rules.add("mean-rank");
    for (String rule : rules) {
      List<AccuracySuite.Run> picked = new ArrayList<>();
      for (Recorded run : runs) {
        picked.add(pick(run, rule));
      }
      if (rule.equals("reverse-validation")) {
        // The job's own pick: the suite's table again, from the record (e.g. of runs cut short).
        System.out.print(AccuracySuite.table(picked, runs.get(0).names()));
      }
      System.out.println(rule + " " + AccuracySuite.summary(picked, runs.get(0).names().get(0)));
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
      String[] name = record.get("pair").asText().split("[ >-]+");
      AccuracySuite.Pair pair = AccuracySuite.pairs(name[0] + ":" + name[1] + ":" + name[2]).get(0);
      JsonNode candidates = record.get("tuning").get("candidates");
      int n = candidates.size();
      List<String> names = new ArrayList<>();
      double[] accuracies = new double[n];
      Map<String, double[]> scores = new LinkedHashMap<>();
      EVALUATORS.keySet().forEach(e -> scores.put(e, new double[n]));
      for (int i = 0; i < n; i++) {
        JsonNode c = candidates.get(i);
        names.add(c.get("config").asText().replace("method=", ""));
        accuracies[i] = c.get("targetAccuracy").asDouble() * 100;
        scores.get("reverse-validation")[i] = number(c.get("score"));
        for (String e : List.of("iwv", "dev", "entropy", "snd")) {
          scores.get(e)[i] = number(c.path("moreScores").path(e));
        }
      }
      JsonNode guard = record.get("tuning").get("sourceOnlyCandidate");
      runs.add(
          new Recorded(
              pair,
              record.get("seed").asLong(),
              names,
              accuracies,
              scores,
              guard.isInt() ? guard.asInt() : -1));
    }
    return runs;
  }

  private static double number(JsonNode node) {
    return node.isNumber() ? node.asDouble() : Double.NaN;
  }

  /**
   * The candidate {@code rule} picks behind the guard: the best by the evaluator (or the lowest
   * mean rank over all of them), unless it is not strictly better than the guard's.
   */
  static AccuracySuite.Run pick(Recorded run, String rule) {
    int n = run.accuracies().length;
    double[] merit = new double[n];
    if (rule.equals("mean-rank")) {
      for (Map.Entry<String, double[]> e : run.scores().entrySet()) {
        double[] ranks = ranks(e.getValue(), EVALUATORS.get(e.getKey()));
        for (int i = 0; i < n; i++) {
          merit[i] -= ranks[i] / run.scores().size();
        }
      }
    } else {
      double sign = EVALUATORS.get(rule) ? 1 : -1;
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
    Map<String, Double> methods = new LinkedHashMap<>();
    for (int i = 0; i < n; i++) {
      methods.put(run.names().get(i), run.accuracies()[i]);
    }
    return new AccuracySuite.Run(run.pair(), run.seed(), methods, run.names().get(best), 0);
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
