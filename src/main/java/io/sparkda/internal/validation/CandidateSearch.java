package io.sparkda.internal.validation;

import io.sparkda.eval.ReverseValidationEvaluator;
import io.sparkda.internal.train.FitProgress;
import io.sparkda.ml.TrainingHistory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.apache.spark.ml.Estimator;
import org.apache.spark.ml.Model;
import org.apache.spark.ml.evaluation.Evaluator;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fits every candidate on the training rows, scores it on the validation rows and picks one: the
 * best by the evaluator, unless it does not beat the source-only candidate (when there is one) by
 * more than the required margin. A negative margin is a tolerance: the best adapted candidate is
 * picked unless it scores worse than the source-only one by more than that. A candidate whose score
 * is not finite is never picked.
 */
public final class CandidateSearch {
  private static final Logger LOG = LoggerFactory.getLogger(CandidateSearch.class);

  private final Estimator<?> estimator;
  private final ParamMap[] candidates;
  private final Evaluator evaluator;
  private final int parallelism;
  private final int sourceOnlyIndex;
  private final double minImprovement;
  private final boolean keepModels;
  private final String[] names;
  private final Evaluator[] more;

  public CandidateSearch(
      Estimator<?> estimator,
      ParamMap[] candidates,
      Evaluator evaluator,
      int parallelism,
      int sourceOnlyIndex,
      double minImprovement,
      boolean keepModels,
      String[] names,
      Evaluator[] more) {
    this.estimator = estimator;
    this.candidates = candidates.clone();
    this.evaluator = evaluator;
    this.parallelism = parallelism;
    this.sourceOnlyIndex = sourceOnlyIndex;
    this.minImprovement = minImprovement;
    this.keepModels = keepModels;
    this.names = names.clone();
    this.more = more.clone();
  }

  /** What the search found: one score, description and history per candidate, and the pick. */
  public record Result(
      double[] scores,
      String[] candidates,
      TrainingHistory[] histories,
      Model<?>[] models,
      double[][] moreScores,
      int bestIndex,
      String reason) {}

  private record Scored(
      double score, double[] moreScores, TrainingHistory history, Model<?> model) {}

  /** One random split of the source rows (both halves hold every target row). */
  public record Split(Dataset<Row> train, Dataset<Row> validation) {}

  /**
   * Fits and scores every candidate on each split; a candidate's score is its mean over the splits
   * (a steadier score on a small source), its history and model those of the first split.
   */
  public Result run(List<Split> splits) {
    int n = candidates.length;
    String[] descriptions = new String[n];
    for (int i = 0; i < n; i++) {
      descriptions[i] = names.length > 0 ? names[i] : Candidates.describe(candidates[i]);
    }
    AtomicInteger threads = new AtomicInteger();
    ExecutorService pool =
        Executors.newFixedThreadPool(
            Math.min(parallelism, n),
            task -> {
              Thread t = new Thread(task, "spark-da-candidate-" + threads.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    List<Future<Scored>> futures = new ArrayList<>();
    try {
      for (int i = 0; i < n; i++) {
        int index = i;
        futures.add(pool.submit(() -> score(index, descriptions[index], splits)));
      }
      double[] scores = new double[n];
      TrainingHistory[] histories = new TrainingHistory[n];
      Model<?>[] models = new Model<?>[n];
      double[][] moreScores = new double[n][];
      for (int i = 0; i < n; i++) {
        Scored scored = await(futures.get(i), i, descriptions[i]);
        scores[i] = scored.score();
        histories[i] = scored.history();
        models[i] = scored.model();
        moreScores[i] = scored.moreScores();
      }
      int best = best(scores);
      String reason = reason(scores, best);
      if (sourceOnlyIndex >= 0) {
        int adapted = bestAdapted(scores);
        double gain = adapted < 0 ? Double.NaN : gain(scores[adapted], scores[sourceOnlyIndex]);
        if (gain > minImprovement) {
          if (adapted != best) {
            reason =
                String.format(
                    Locale.ROOT,
                    "the best adapted candidate %d/%d scored %.4g, within %.4g of the source-only "
                        + "candidate %d/%d (%.4g), by %s, which reads no target label",
                    adapted + 1,
                    n,
                    scores[adapted],
                    -minImprovement,
                    sourceOnlyIndex + 1,
                    n,
                    scores[sourceOnlyIndex],
                    evaluator.getClass().getSimpleName());
          }
          best = adapted;
        } else if (best != sourceOnlyIndex) {
          reason =
              String.format(
                  Locale.ROOT,
                  "the best adapted candidate %d/%d scored %.4g, not better than the source-only "
                      + "candidate %d/%d (%.4g) by more than %.4g: kept source-only",
                  adapted + 1,
                  n,
                  scores[adapted],
                  sourceOnlyIndex + 1,
                  n,
                  scores[sourceOnlyIndex],
                  minImprovement);
          best = sourceOnlyIndex;
        } else if (minImprovement < 0 && adapted >= 0) {
          reason =
              String.format(
                  Locale.ROOT,
                  "the source-only candidate %d/%d scored best (%.4g) and the best adapted one, "
                      + "%d/%d (%.4g), is not within %.4g of it: kept source-only",
                  sourceOnlyIndex + 1,
                  n,
                  scores[sourceOnlyIndex],
                  adapted + 1,
                  n,
                  scores[adapted],
                  -minImprovement);
        }
      }
      // Numbered from 1 in words, as the candidates' own lines are (the model's index is 0-based).
      LOG.info(
          "spark-da validator: picked candidate {}/{} ({}): {}",
          best + 1,
          n,
          descriptions[best],
          reason);
      return new Result(scores, descriptions, histories, models, moreScores, best, reason);
    } finally {
      pool.shutdownNow();
    }
  }

  private Scored score(int index, String description, List<Split> splits) {
    long start = System.nanoTime();
    Model<?> first = null;
    double[] scores = new double[splits.size()];
    double[] moreScores = new double[more.length];
    for (int s = 0; s < scores.length; s++) {
      if (parallelism == 1) {
        // One candidate at a time: progress lines can say which ("candidate 2/5: method=mmd").
        FitProgress.stage(
            String.format(
                "candidate %d/%d: %s, split %d/%d",
                index + 1, candidates.length, description, s + 1, scores.length));
      }
      Model<?> model = (Model<?>) estimator.fit(splits.get(s).train(), candidates[index]);
      Dataset<Row> predicted = model.transform(splits.get(s).validation(), candidates[index]);
      if (more.length > 0) {
        predicted = predicted.cache();
      }
      String[] inputColumns = splits.get(s).validation().columns();
      scores[s] = evaluate(evaluator, index, predicted, inputColumns);
      for (int e = 0; e < more.length; e++) {
        moreScores[e] += evaluate(more[e], index, predicted, inputColumns) / scores.length;
      }
      predicted.unpersist();
      first = s == 0 ? model : first;
    }
    // A split whose score is not finite makes the mean not finite: such a candidate is never
    // picked.
    double score = Arrays.stream(scores).average().orElseThrow();
    LOG.info(
        String.format(
            Locale.ROOT,
            "spark-da validator: candidate %d/%d %s: %s = %.5g%s (%.1f s)",
            index + 1,
            candidates.length,
            description,
            evaluator.getClass().getSimpleName(),
            score,
            scores.length == 1
                ? ""
                : Arrays.stream(scores)
                    .mapToObj(x -> String.format(Locale.ROOT, "%.4g", x))
                    .collect(Collectors.joining(", ", ", the mean of ", " over the splits")),
            (System.nanoTime() - start) / 1e9));
    return new Scored(score, moreScores, TrainingHistory.of(first), keepModels ? first : null);
  }

  /** The evaluator's score; reverse validation by the candidate itself fits it again. */
  private double evaluate(Evaluator e, int index, Dataset<Row> predicted, String[] inputColumns) {
    return e instanceof ReverseValidationEvaluator reverse && reverse.refitsTheForwardModel()
        ? reverse.evaluateByRefitting(estimator, candidates[index], predicted, inputColumns)
        : e.evaluate(predicted);
  }

  private static Scored await(Future<Scored> future, int index, String description) {
    try {
      return future.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while fitting candidates", e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      String message =
          "candidate " + (index + 1) + " (" + description + ") failed: " + cause.getMessage();
      if (cause instanceof IllegalArgumentException) {
        throw new IllegalArgumentException(message, cause);
      }
      throw new IllegalStateException(message, cause);
    }
  }

  /** The index of the best finite score; ties go to the earlier candidate. */
  private int best(double[] scores) {
    int best = -1;
    for (int i = 0; i < scores.length; i++) {
      if (Double.isFinite(scores[i]) && (best < 0 || gain(scores[i], scores[best]) > 0)) {
        best = i;
      }
    }
    if (best < 0) {
      throw new IllegalStateException(
          "no candidate got a finite score from " + evaluator.getClass().getSimpleName());
    }
    return best;
  }

  /** The best finite score but the source-only candidate's; -1 if there is none. */
  private int bestAdapted(double[] scores) {
    int best = -1;
    for (int i = 0; i < scores.length; i++) {
      if (i != sourceOnlyIndex
          && Double.isFinite(scores[i])
          && (best < 0 || gain(scores[i], scores[best]) > 0)) {
        best = i;
      }
    }
    return best;
  }

  /** How much better {@code a} is than {@code b}, in the evaluator's direction. */
  private double gain(double a, double b) {
    return evaluator.isLargerBetter() ? a - b : b - a;
  }

  private String reason(double[] scores, int best) {
    return String.format(
        Locale.ROOT,
        "the %s finite score of %d candidates (%.5g), by %s, which reads no target label",
        evaluator.isLargerBetter() ? "largest" : "smallest",
        scores.length,
        scores[best],
        evaluator.getClass().getSimpleName());
  }
}
