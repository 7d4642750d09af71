package io.sparkda.jobs;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code evaluate.failIf}: checks on the finished run that a scheduler should hear about. The job
 * writes and commits its outputs as usual, then exits 3 with one line naming the failed gates, so a
 * nightly run that produced a worse-than-baseline or degenerate model alerts instead of passing
 * silently.
 */
final class QualityGates {
  /** Adapted target accuracy below the baseline's (needs target labels). */
  static final String ACCURACY_BELOW_BASELINE = "targetAccuracyBelowBaseline";

  /** Every target row predicted as one class (label-free). */
  static final String SINGLE_CLASS = "singleClassPredictions";

  /**
   * The label-free soft neighborhood density of the target predictions below the baseline's (the
   * baseline is fitted for it even without target labels).
   */
  static final String EVALUATOR_BELOW_BASELINE = "evaluatorBelowBaseline";

  /** Scoring only: today's target drifted from the model's reference ({@link DriftReference}). */
  static final String TARGET_DRIFT = "targetDrift";

  static final List<String> GATES =
      List.of(ACCURACY_BELOW_BASELINE, SINGLE_CLASS, EVALUATOR_BELOW_BASELINE);

  /** The gates of the scoring job, which has no baseline. */
  static final List<String> SCORING_GATES = List.of(TARGET_DRIFT, SINGLE_CLASS);

  /** metrics.json's {@code qualityGates}. */
  record Result(List<String> checked, List<Failure> failed) {}

  record Failure(String gate, String reason) {}

  /** Thrown after the outputs are committed when a gate failed: exit code 3. */
  static final class Failed extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final String output;

    Failed(String output, List<Failure> failures) {
      super(
          "quality gate failed: "
              + String.join(
                  "; ", failures.stream().map(f -> f.gate() + ": " + f.reason()).toList()));
      this.output = output;
    }
  }

  private QualityGates() {}

  /** Names and preconditions, before any data is read. */
  static List<String> check(JobConfig config) {
    List<String> gates = config.strings("evaluate.failIf");
    for (String gate : gates) {
      if (gate.equals(TARGET_DRIFT)) {
        throw new JobConfigException(
            "evaluate.failIf "
                + TARGET_DRIFT
                + " is a gate of the scoring job (bin/spark-da score), which measures drift; the"
                + " training job's gates are "
                + String.join(", ", GATES));
      }
      if (!GATES.contains(gate)) {
        throw new JobConfigException(
            "evaluate.failIf names '"
                + gate
                + "', which is not a gate: use "
                + String.join(", ", GATES));
      }
    }
    String method = config.string("method");
    boolean baseline = MethodPipelines.baseline(method, config) != null;
    if (gates.contains(ACCURACY_BELOW_BASELINE)
        && (config.string("target.labelCol").isEmpty() || !config.flag("evaluate.baseline"))) {
      throw new JobConfigException(
          "evaluate.failIf "
              + ACCURACY_BELOW_BASELINE
              + " needs target labels and the baseline: set target.labelCol and keep"
              + " evaluate.baseline = true, or use "
              + EVALUATOR_BELOW_BASELINE
              + " (label-free)");
    }
    if (!baseline
        && (gates.contains(ACCURACY_BELOW_BASELINE) || gates.contains(EVALUATOR_BELOW_BASELINE))) {
      throw new JobConfigException(
          "evaluate.failIf compares with the baseline, but method "
              + method
              + " is one (it has nothing to compare with): drop those gates for it");
    }
    if (JobTuning.requested(config)
        && (gates.contains(ACCURACY_BELOW_BASELINE) || gates.contains(EVALUATOR_BELOW_BASELINE))) {
      throw new JobConfigException(
          "evaluate.failIf baseline gates are not checked with tune.grid or method = auto, which"
              + " already keep the baseline unless a candidate beats it (tune.keepSourceOnly)");
    }
    return gates;
  }

  /** The scoring job's gates, checked before any data is read. */
  static List<String> checkScoring(JobConfig config) {
    List<String> gates = config.strings("evaluate.failIf");
    for (String gate : gates) {
      if (!SCORING_GATES.contains(gate)) {
        throw new JobConfigException(
            "evaluate.failIf names '"
                + gate
                + "', which the scoring job does not check: use "
                + String.join(", ", SCORING_GATES)
                + (GATES.contains(gate) ? " (" + gate + " is a training gate)" : ""));
      }
    }
    return gates;
  }

  /** The scoring job's gates on its predictions and its drift measure. */
  static Result evaluateScoring(
      List<String> gates, TargetReport.Signals predictions, DriftReference.Drift drift) {
    List<Failure> failed = new ArrayList<>();
    for (String gate : gates) {
      if (gate.equals(SINGLE_CLASS)) {
        singleClass(predictions).ifPresent(failed::add);
      } else if (drift.drifted()) {
        failed.add(
            new Failure(
                gate,
                String.format(
                    "today's target drifted from the model's: proxy A-distance %.3f is above"
                        + " score.driftThreshold %.3f (MMD %.4f): adapt again on this target",
                    drift.proxyADistance(), drift.threshold(), drift.mmd())));
      }
    }
    return new Result(gates, failed);
  }

  private static Optional<Failure> singleClass(TargetReport.Signals predictions) {
    List<Integer> predicted =
        predictions.predictedClasses().stream()
            .filter(share -> share.rows() > 0)
            .map(TargetReport.ClassShare::classIndex)
            .toList();
    return predicted.size() <= 1
        ? Optional.of(
            new Failure(
                SINGLE_CLASS,
                "every target row is predicted as class "
                    + (predicted.isEmpty() ? -1 : predicted.get(0))))
        : Optional.empty();
  }

  /** Whether the job must fit the baseline for these gates even without target labels. */
  static boolean needBaseline(JobConfig config) {
    return config.strings("evaluate.failIf").contains(EVALUATOR_BELOW_BASELINE);
  }

  static Result evaluate(List<String> gates, JobMetrics metrics) {
    List<Failure> failed = new ArrayList<>();
    for (String gate : gates) {
      switch (gate) {
        case ACCURACY_BELOW_BASELINE -> {
          double adapted = metrics.targetAccuracy();
          double baseline = metrics.baselineTargetAccuracy();
          if (adapted < baseline) {
            failed.add(
                new Failure(
                    gate,
                    String.format(
                        "target accuracy %.4f is below the %s baseline's %.4f",
                        adapted, metrics.baseline(), baseline)));
          }
        }
        case SINGLE_CLASS -> singleClass(metrics.targetPredictions()).ifPresent(failed::add);
        default -> {
          double adapted = metrics.targetPredictions().softNeighborhoodDensity();
          double baseline = metrics.baselineTargetPredictions().softNeighborhoodDensity();
          if (adapted < baseline) {
            failed.add(
                new Failure(
                    gate,
                    String.format(
                        "soft neighborhood density %.4f is below the %s baseline's %.4f"
                            + " (label-free; larger is better)",
                        adapted, metrics.baseline(), baseline)));
          }
        }
      }
    }
    return new Result(gates, failed);
  }
}
