package io.sparkda.jobs;

import io.sparkda.ml.RoundSummary;
import io.sparkda.ml.SelfTrainingRound;
import io.sparkda.ml.TrainingHistory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one run of the job measured, written as {@code metrics.json} and shown in the report.
 * Accuracies are null when the target has no labels; the baseline fields are null unless a baseline
 * was fitted; {@code shallow} ({@link ShallowSummary}) is null unless the method is a shallow one.
 */
record JobMetrics(
    String method,
    Map<String, Object> config,
    InputCounts counts,
    double trainSeconds,
    TrainingHistory history,
    Double targetAccuracy,
    String baseline,
    Double baselineTargetAccuracy,
    Tuning tuning,
    List<Discrepancy> discrepancy,
    Map<String, Object> shallow,
    RunInfo run,
    TargetReport.Signals targetPredictions,
    TargetReport.Evaluation targetEvaluation,
    TargetReport.Signals baselineTargetPredictions,
    QualityGates.Result qualityGates) {

  /** The version of metrics.json's layout, as docs/metrics.schema.json describes it. */
  static final int SCHEMA_VERSION = 2;

  /**
   * Rows the job read: source, target, target rows with a label that trained, and the malformed
   * csv/json rows of each domain ({@link MalformedRows}: counted in the first three unless
   * dropped).
   */
  record InputCounts(
      long sourceRows,
      long targetRows,
      long labelledTargetRows,
      long malformedSourceRows,
      long malformedTargetRows) {}

  /**
   * What the {@code tune} block compared and picked. Scores are label-free; a candidate's target
   * accuracy (null without target labels) only judges the choice afterwards.
   */
  record Tuning(
      String evaluator,
      int picked,
      int sourceOnly,
      String reason,
      double validationFraction,
      int validationSplits,
      Double densityRatioEffectiveSampleSize,
      List<TunedCandidate> candidates,
      Tuning guardSearch) {
    /** This tuning, after {@code guardSearch} chose its source-only candidate (method = auto). */
    Tuning withGuardSearch(Tuning guardSearch) {
      return new Tuning(
          evaluator,
          picked,
          sourceOnly,
          reason,
          validationFraction,
          validationSplits,
          densityRatioEffectiveSampleSize,
          candidates,
          guardSearch);
    }
  }

  /** How far apart the domains are in one representation of the rows (label-free). */
  record Discrepancy(String representation, double proxyADistance, double mmd) {}

  /** One candidate: the config keys it set, its validation score, its target accuracy. */
  record TunedCandidate(
      int index,
      String config,
      double score,
      Map<String, Double> moreScores,
      Double targetAccuracy) {}

  /** These metrics with the outcome of {@code evaluate.failIf}, which reads them. */
  JobMetrics withQualityGates(QualityGates.Result gates) {
    return new JobMetrics(
        method,
        config,
        counts,
        trainSeconds,
        history,
        targetAccuracy,
        baseline,
        baselineTargetAccuracy,
        tuning,
        discrepancy,
        shallow,
        run,
        targetPredictions,
        targetEvaluation,
        baselineTargetPredictions,
        gates);
  }

  /**
   * The {@code metrics.json} document (its keys are documented in docs/jobs.md; JSON has no NaN, so
   * missing values are null). {@code domainLoss} repeats {@code alignmentLoss} under its old name
   * for readers written before the rename; it goes in a later release.
   */
  Map<String, Object> toJson() {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("schemaVersion", SCHEMA_VERSION);
    json.put("method", method);
    json.put("run", run);
    json.put("config", config);
    json.put("sourceRows", counts.sourceRows());
    json.put("targetRows", counts.targetRows());
    json.put("labelledTargetRows", counts.labelledTargetRows());
    json.put(
        "malformedRows",
        Map.of("source", counts.malformedSourceRows(), "target", counts.malformedTargetRows()));
    json.put("trainSeconds", trainSeconds);
    if (history.partitions() > 0) {
      json.put("rowsPerSecond", history.rowsPerSecond());
      json.put("partitions", history.partitions());
    }
    List<Map<String, Object>> rounds = new ArrayList<>();
    for (RoundSummary r : history.networkRounds()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("round", r.round());
      m.put("labelLoss", r.labelLoss());
      m.put("alignmentLoss", r.alignmentLoss());
      m.put("domainLoss", r.alignmentLoss());
      m.put("domainAccuracy", finite(r.domainAccuracy()));
      m.put("lambda", r.lambda());
      m.put("learningRate", r.learningRate());
      m.put("seconds", r.seconds());
      m.put("computeSeconds", finite(r.computeSeconds()));
      m.put("shippedBytes", r.shippedBytes());
      rounds.add(m);
    }
    json.put("rounds", rounds);
    if (history.selfTrainingRounds().length > 1) {
      List<Map<String, Object>> selfTraining = new ArrayList<>();
      for (SelfTrainingRound r : history.selfTrainingRounds()) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("round", r.round());
        m.put("trainingRows", r.trainingRows());
        m.put("pseudoLabelledRows", r.pseudoLabelledRows());
        m.put("added", r.added());
        m.put("meanConfidence", finite(r.meanConfidence()));
        m.put("targetAccuracy", finite(r.targetAccuracy()));
        m.put("addedAccuracy", finite(r.addedAccuracy()));
        selfTraining.add(m);
      }
      json.put("selfTraining", selfTraining);
    }
    json.put("targetPredictions", targetPredictions);
    if (targetAccuracy != null) {
      json.put("targetAccuracy", targetAccuracy);
      json.put("targetEvaluation", targetEvaluation);
    }
    if (baseline != null) {
      json.put("baseline", baseline);
      if (baselineTargetAccuracy != null) {
        json.put("baselineTargetAccuracy", baselineTargetAccuracy);
      }
      json.put("baselineTargetPredictions", baselineTargetPredictions);
    }
    if (qualityGates != null) {
      json.put("qualityGates", qualityGates);
    }
    if (tuning != null) {
      json.put("tuning", tuningJson(tuning));
    }
    List<Map<String, Object>> distances = new ArrayList<>();
    for (Discrepancy d : discrepancy) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("representation", d.representation());
      m.put("proxyADistance", finite(d.proxyADistance()));
      m.put("mmd", finite(d.mmd()));
      distances.add(m);
    }
    json.put("domainDiscrepancy", distances);
    if (shallow != null) {
      json.put("shallow", shallow);
    }
    return json;
  }

  private static Map<String, Object> tuningJson(Tuning tuning) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("evaluator", tuning.evaluator());
    json.put("usesTargetLabels", false);
    json.put("validationFraction", tuning.validationFraction());
    json.put("validationSplits", tuning.validationSplits());
    json.put("picked", tuning.picked());
    json.put("sourceOnlyCandidate", tuning.sourceOnly() < 0 ? null : tuning.sourceOnly());
    json.put("reason", tuning.reason());
    if (tuning.densityRatioEffectiveSampleSize() != null) {
      // iwv / dev only: how much of the source the weighted scores rest on (label-free).
      json.put("densityRatioEffectiveSampleSize", finite(tuning.densityRatioEffectiveSampleSize()));
    }
    List<Map<String, Object>> candidates = new ArrayList<>();
    for (TunedCandidate c : tuning.candidates()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("index", c.index());
      m.put("config", c.config());
      m.put("score", finite(c.score()));
      m.put("scoreUsesTargetLabels", false);
      if (!c.moreScores().isEmpty()) {
        Map<String, Double> more = new LinkedHashMap<>();
        c.moreScores().forEach((name, score) -> more.put(name, finite(score)));
        m.put("moreScores", more);
      }
      if (c.targetAccuracy() != null) {
        m.put("targetAccuracy", c.targetAccuracy());
        m.put("targetAccuracyUsesTargetLabels", true);
      }
      candidates.add(m);
    }
    json.put("candidates", candidates);
    if (tuning.guardSearch() != null) {
      // method = auto: the search, by held-out source accuracy, that chose the guard above.
      json.put("guardSearch", tuningJson(tuning.guardSearch()));
    }
    return json;
  }

  private static Double finite(double value) {
    return Double.isFinite(value) ? value : null;
  }
}
