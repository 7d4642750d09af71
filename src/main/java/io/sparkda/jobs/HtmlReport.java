package io.sparkda.jobs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.github.mustachejava.DefaultMustacheFactory;
import com.github.mustachejava.Mustache;
import io.sparkda.ml.RoundSummary;
import io.sparkda.ml.SelfTrainingRound;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The job's {@code report.html}: the template {@code report/report.mustache} (values escaped by
 * Mustache) filled with what the run measured, and Apache ECharts ({@link ReportCharts}) inlined so
 * the page is one file that opens offline. The page first says how the run went (accuracy and its
 * gain over the baseline, or the label-free signals), then how training went for every fit, what
 * the target predictions look like, how far apart the domains are, and the inputs and
 * configuration.
 */
final class HtmlReport {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Mustache TEMPLATE =
      new DefaultMustacheFactory("report").compile("report.mustache");
  private static final String ECHARTS = echarts();

  /** Points of one 2-D PCA panel: x, y and whether each point is a target row. */
  static final class Scatter {
    final String title;
    final double[][] points;
    final boolean[] target;

    Scatter(String title, double[][] points, boolean[] target) {
      this.title = title;
      this.points = points;
      this.target = target;
    }
  }

  private HtmlReport() {}

  static String render(JobMetrics metrics, List<Scatter> scatters) {
    Map<String, Object> page = new LinkedHashMap<>();
    Map<String, Object> charts = new LinkedHashMap<>();
    RunInfo run = metrics.run();
    page.put("method", metrics.method());
    page.put("generatedAt", run.finishedAt());
    page.put("version", run.sparkDaVersion());
    page.put("commit", run.gitCommit());
    page.put("sparkVersion", run.sparkVersion());
    page.put("wallTime", seconds(run.wallSeconds()));
    verdict(metrics, page);
    gates(metrics, page);
    page.put("runRows", runRows(metrics));
    shallow(metrics, page);
    training(metrics, page, charts);
    selfTraining(metrics, page);
    tuning(metrics, page);
    signals(metrics, page, charts);
    List<Map<String, Object>> discrepancy = new ArrayList<>();
    for (JobMetrics.Discrepancy d : metrics.discrepancy()) {
      discrepancy.add(
          Map.of(
              "representation", d.representation(),
              "proxyADistance", number(d.proxyADistance()),
              "mmd", number(d.mmd())));
    }
    page.put("discrepancyRows", discrepancy);
    List<Map<String, Object>> scatterCharts = new ArrayList<>();
    for (int i = 0; i < scatters.size(); i++) {
      String id = "pca" + i;
      scatterCharts.add(Map.of("id", id, "title", scatters.get(i).title));
      charts.put(id, ReportCharts.scatter(scatters.get(i)));
    }
    page.put("scatterCharts", scatterCharts);
    evaluation(metrics, page);
    page.put("sourcePath", run.sourcePath());
    page.put("targetPath", run.targetPath());
    page.put("configJson", json(metrics.config(), true));
    // JSON inside <script>: "</" would end the element.
    page.put("chartsJson", json(charts, false).replace("</", "<\\/"));
    page.put("echarts", ECHARTS);
    StringWriter html = new StringWriter();
    TEMPLATE.execute(html, page);
    return html.toString();
  }

  /** The first thing the page says: accuracy and gain, or what to look at without labels. */
  private static void verdict(JobMetrics m, Map<String, Object> page) {
    String text;
    String kind = "neutral";
    if (m.targetAccuracy() != null && m.baselineTargetAccuracy() != null) {
      double gain = 100 * (m.targetAccuracy() - m.baselineTargetAccuracy());
      text =
          String.format(
              Locale.ROOT,
              "Target accuracy %s against %s for the %s baseline: %+.1f points.",
              percent(m.targetAccuracy()),
              percent(m.baselineTargetAccuracy()),
              m.baseline(),
              gain);
      kind = gain > 0 ? "good" : gain < 0 ? "bad" : "neutral";
    } else if (m.targetAccuracy() != null) {
      text = "Target accuracy " + percent(m.targetAccuracy()) + " (no baseline was fitted).";
    } else {
      text =
          "No target labels: judge the run by the label-free signals below (how the predictions"
              + " spread over the classes, their confidence, how far apart the domains are)"
              + (m.baseline() == null ? "." : ", next to the " + m.baseline() + " baseline's.");
    }
    page.put("verdict", text);
    page.put("verdictClass", kind);
  }

  private static void gates(JobMetrics m, Map<String, Object> page) {
    QualityGates.Result gates = m.qualityGates();
    if (gates == null || gates.checked().isEmpty()) {
      return;
    }
    page.put(
        "gates",
        Map.of(
            "checked",
            String.join(", ", gates.checked()),
            "summary",
            gates.failed().isEmpty()
                ? "all passed"
                : "failed: "
                    + String.join(
                        "; ",
                        gates.failed().stream().map(f -> f.gate() + ": " + f.reason()).toList()),
            "gatesClass",
            gates.failed().isEmpty() ? "" : "gate"));
  }

  private static List<Map<String, Object>> runRows(JobMetrics m) {
    List<Map<String, Object>> rows = new ArrayList<>();
    row(rows, "Source rows", String.format(Locale.ROOT, "%,d", m.counts().sourceRows()));
    row(rows, "Target rows", String.format(Locale.ROOT, "%,d", m.counts().targetRows()));
    if (m.counts().labelledTargetRows() > 0) {
      row(
          rows,
          "Target rows with a training label",
          String.format(Locale.ROOT, "%,d", m.counts().labelledTargetRows()));
    }
    row(rows, "Classes", String.valueOf(m.run().numClasses()));
    row(rows, "Training time", seconds(m.trainSeconds()));
    if (m.history().partitions() > 0) {
      row(rows, "Partitions", String.valueOf(m.history().partitions()));
      row(
          rows,
          "Network throughput",
          String.format(Locale.ROOT, "%,.0f rows/s", m.history().rowsPerSecond()));
      String split = roundTimeSplit(m.history().networkRounds());
      if (split != null) {
        row(rows, "Where the rounds' time went", split);
      }
    }
    if (m.targetAccuracy() != null) {
      row(rows, "Target accuracy", percent(m.targetAccuracy()));
    }
    if (m.baselineTargetAccuracy() != null) {
      row(
          rows,
          "Baseline (" + m.baseline() + ") target accuracy",
          percent(m.baselineTargetAccuracy()));
    }
    return rows;
  }

  @SuppressWarnings("unchecked")
  private static void shallow(JobMetrics m, Map<String, Object> page) {
    if (m.shallow() == null) {
      return;
    }
    List<Map<String, Object>> rows = new ArrayList<>();
    for (Map.Entry<String, Object> e : m.shallow().entrySet()) {
      Object value = e.getValue();
      String shown =
          value instanceof Map
              ? String.join(
                  ", ",
                  ((Map<String, Object>) value)
                      .entrySet().stream()
                          .map(q -> q.getKey() + " " + format(q.getValue()))
                          .toList())
              : format(value);
      row(rows, words(e.getKey()), shown);
    }
    page.put("hasShallow", true);
    page.put("shallowRows", rows);
    page.put("hasWeights", m.shallow().containsKey("effectiveSampleSize"));
  }

  private static void training(JobMetrics m, Map<String, Object> page, Map<String, Object> charts) {
    RoundSummary[][] fits = m.history().fitRounds();
    if (fits.length == 0) {
      return;
    }
    List<Map<String, Object>> shown = new ArrayList<>();
    chart(
        shown,
        charts,
        "labelLoss",
        "Label loss (log scale)",
        ReportCharts.perFit(fits, RoundSummary::labelLoss, "label loss", true, null));
    chart(
        shown,
        charts,
        "alignmentLoss",
        "Alignment loss (domain cross-entropy, MMD or CORAL)",
        ReportCharts.perFit(fits, RoundSummary::alignmentLoss, "alignment loss", false, null));
    chart(
        shown,
        charts,
        "domainAccuracy",
        "Domain classifier accuracy (0.5: the domains look alike)",
        ReportCharts.perFit(fits, RoundSummary::domainAccuracy, "domain accuracy", false, 0.5));
    chart(
        shown,
        charts,
        "schedules",
        "Schedules: alignment weight and learning rate",
        ReportCharts.schedules(fits[fits.length - 1]));
    page.put("hasTraining", !shown.isEmpty());
    page.put("trainingCharts", shown);
    if (fits.length > 1) {
      page.put("fitsNote", fits.length + " fits, one line each");
    }
  }

  private static void chart(
      List<Map<String, Object>> shown,
      Map<String, Object> charts,
      String id,
      String title,
      Map<String, Object> option) {
    if (option != null) {
      shown.add(Map.of("id", id, "title", title));
      charts.put(id, option);
    }
  }

  private static void selfTraining(JobMetrics m, Map<String, Object> page) {
    SelfTrainingRound[] rounds = m.history().selfTrainingRounds();
    if (rounds.length <= 1) {
      return;
    }
    List<Map<String, Object>> rows = new ArrayList<>();
    for (SelfTrainingRound r : rounds) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("round", r.round());
      row.put("trainingRows", String.format(Locale.ROOT, "%,d", r.trainingRows()));
      row.put("pseudoLabelled", String.format(Locale.ROOT, "%,d", r.pseudoLabelledRows()));
      row.put("added", String.format(Locale.ROOT, "%,d", r.added()));
      row.put("meanConfidence", number(r.meanConfidence()));
      row.put("targetAccuracy", percentOrBlank(r.targetAccuracy()));
      row.put("addedAccuracy", percentOrBlank(r.addedAccuracy()));
      rows.add(row);
    }
    page.put("hasSelfTraining", true);
    page.put("selfTrainingRows", rows);
  }

  private static void tuning(JobMetrics m, Map<String, Object> page) {
    if (m.tuning() != null) {
      page.put("tuning", tuningSection(m.tuning()));
    }
  }

  /** A search's table; with method = auto, the guard search's inside it. */
  private static Map<String, Object> tuningSection(JobMetrics.Tuning t) {
    List<Map<String, Object>> candidates = new ArrayList<>();
    for (JobMetrics.TunedCandidate c : t.candidates()) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("index", c.index());
      row.put(
          "note",
          (c.index() == t.picked() ? " (picked)" : "")
              + (c.index() == t.sourceOnly() ? " (source-only)" : ""));
      row.put("rowClass", c.index() == t.picked() ? "picked" : "");
      row.put("config", c.config());
      row.put("score", number(c.score()));
      row.put("targetAccuracy", c.targetAccuracy() == null ? "" : percent(c.targetAccuracy()));
      candidates.add(row);
    }
    Map<String, Object> tuning = new LinkedHashMap<>();
    tuning.put("evaluator", t.evaluator());
    tuning.put("reason", t.reason());
    if (t.densityRatioEffectiveSampleSize() != null) {
      tuning.put("effectiveSampleSize", number(t.densityRatioEffectiveSampleSize()));
    }
    tuning.put("candidates", candidates);
    if (t.guardSearch() != null) {
      tuning.put("guardSearch", tuningSection(t.guardSearch()));
    }
    return tuning;
  }

  private static void signals(JobMetrics m, Map<String, Object> page, Map<String, Object> charts) {
    TargetReport.Signals adapted = m.targetPredictions();
    TargetReport.Signals baseline = m.baselineTargetPredictions();
    charts.put("classes", ReportCharts.predictedClasses(adapted, baseline, m.method()));
    if (baseline != null) {
      page.put("baselineName", m.baseline());
    }
    List<Map<String, Object>> rows = new ArrayList<>();
    rows.add(
        signal(
            "Mean confidence (top-class probability)",
            adapted.meanConfidence(),
            baseline == null ? null : baseline.meanConfidence()));
    rows.add(
        signal(
            "Prediction entropy (nats; lower = more confident)",
            adapted.predictionEntropy(),
            baseline == null ? null : baseline.predictionEntropy()));
    rows.add(
        signal(
            "Soft neighborhood density (higher = tighter clusters)",
            adapted.softNeighborhoodDensity(),
            baseline == null ? null : baseline.softNeighborhoodDensity()));
    page.put("signalRows", rows);
  }

  private static Map<String, Object> signal(String label, double value, Double baseline) {
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("label", label);
    row.put("value", number(value));
    row.put("baseline", baseline == null ? "" : number(baseline));
    return row;
  }

  private static void evaluation(JobMetrics m, Map<String, Object> page) {
    TargetReport.Evaluation e = m.targetEvaluation();
    if (e == null) {
      return;
    }
    List<Map<String, Object>> perClass = new ArrayList<>();
    for (TargetReport.ClassScores c : e.perClass()) {
      perClass.add(
          Map.of(
              "classIndex",
              c.classIndex(),
              "support",
              String.format(Locale.ROOT, "%,d", c.support()),
              "precision",
              c.precision() == null ? "" : percent(c.precision()),
              "recall",
              c.recall() == null ? "" : percent(c.recall())));
    }
    List<Object> classes = new ArrayList<>();
    List<Map<String, Object>> rows = new ArrayList<>();
    for (int k = 0; k < e.confusionMatrix().length; k++) {
      classes.add(k);
      List<Object> cells = new ArrayList<>();
      for (long count : e.confusionMatrix()[k]) {
        cells.add(count);
      }
      rows.add(Map.of("truth", k, "cells", cells));
    }
    page.put("evaluation", Map.of("perClass", perClass, "classes", classes, "confusionRows", rows));
  }

  private static void row(List<Map<String, Object>> rows, String label, String value) {
    rows.add(Map.of("label", label, "value", value));
  }

  /** "effectiveSampleSize" as "effective sample size". */
  private static String words(String camelCase) {
    return camelCase.replaceAll("([a-z0-9])([A-Z])", "$1 $2").toLowerCase(Locale.ROOT);
  }

  private static String percent(double fraction) {
    return String.format(Locale.ROOT, "%.1f%%", 100 * fraction);
  }

  private static String percentOrBlank(double fraction) {
    return Double.isFinite(fraction) ? percent(fraction) : "";
  }

  /** Four significant digits; blank for a value that could not be computed. */
  private static String number(double value) {
    if (!Double.isFinite(value)) {
      return "";
    }
    return value == Math.rint(value) && Math.abs(value) < 1e15
        ? String.format(Locale.ROOT, "%,d", (long) value)
        : String.format(Locale.ROOT, "%.4g", value);
  }

  private static String format(Object value) {
    return value instanceof Number ? number(((Number) value).doubleValue()) : String.valueOf(value);
  }

  /**
   * The share of the rounds' wall time in the slowest partition's steps, the rest being Spark's
   * (scheduling, shipping the state, waiting, averaging), and what a partition shipped per round;
   * null for rounds from before these were recorded.
   */
  static String roundTimeSplit(RoundSummary[] rounds) {
    double wall = 0;
    double compute = 0;
    long shipped = 0;
    for (RoundSummary r : rounds) {
      if (!Double.isFinite(r.computeSeconds()) || r.shippedBytes() < 0) {
        return null;
      }
      wall += r.seconds();
      compute += r.computeSeconds();
      shipped += r.shippedBytes();
    }
    if (rounds.length == 0 || wall <= 0) {
      return null;
    }
    return String.format(
        Locale.ROOT,
        "%.0f %% in training steps, %.0f %% in Spark (scheduling, shipping, averaging);"
            + " %.1f MB shipped per partition per round",
        100 * Math.min(1, compute / wall),
        100 * Math.max(0, 1 - compute / wall),
        shipped / 1e6 / rounds.length);
  }

  private static String seconds(double s) {
    return s < 60
        ? String.format(Locale.ROOT, "%.1f s", s)
        : String.format(Locale.ROOT, "%d min %02d s", (long) s / 60, Math.round(s) % 60);
  }

  private static String json(Object value, boolean pretty) {
    try {
      return pretty
          ? JSON.copy().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(value)
          : JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("report data is not JSON: " + e.getMessage(), e);
    }
  }

  private static String echarts() {
    try (InputStream in =
        HtmlReport.class.getClassLoader().getResourceAsStream("report/echarts/echarts.min.js")) {
      if (in == null) {
        throw new IllegalStateException(
            "report/echarts/echarts.min.js missing from the classpath: the build copies it from"
                + " the ECharts webjar (mvn generate-resources)");
      }
      // Inlined in a <script> element, which "</script" would end.
      return new String(in.readAllBytes(), StandardCharsets.UTF_8)
          .replace("</script", "<\\/script");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
