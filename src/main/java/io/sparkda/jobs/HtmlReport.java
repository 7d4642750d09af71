package io.sparkda.jobs;

import io.sparkda.ml.RoundSummary;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * The job's {@code report.html}: one self-contained page (inline SVG and CSS, no scripts, no
 * network) with the training curves, 2-D PCA views of source vs target, and the confusion matrix
 * when target labels exist.
 */
final class HtmlReport {
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

  static String render(JobMetrics metrics, List<Scatter> scatters, long[][] confusion) {
    Map<String, Object> json = metrics.toJson();
    StringBuilder html = new StringBuilder();
    html.append("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>spark-da report</title>")
        .append("<style>body{font-family:sans-serif;margin:2em;color:#222}")
        .append(
            "table{border-collapse:collapse}td,th{border:1px solid #bbb;padding:4px 8px;text-align:right}")
        .append("svg{border:1px solid #ddd;margin:0 1em 1em 0}.s{fill:#1f77b4}.t{fill:#d62728}")
        .append("figure{display:inline-block;margin:0}</style></head><body>");
    html.append("<h1>spark-da: ").append(escape(metrics.method())).append("</h1>");
    html.append("<table>");
    for (String key :
        List.of(
            "sourceRows",
            "targetRows",
            "partitions",
            "trainSeconds",
            "rowsPerSecond",
            "targetAccuracy",
            "baseline",
            "baselineTargetAccuracy")) {
      if (json.containsKey(key)) {
        html.append("<tr><th>")
            .append(key)
            .append("</th><td>")
            .append(format(json.get(key)))
            .append("</td></tr>");
      }
    }
    html.append("</table>");

    if (metrics.shallow() != null) {
      html.append(shallow(metrics.shallow()));
    }
    RoundSummary[] rounds = metrics.history().networkRounds();
    if (rounds.length > 0) {
      html.append("<h2>Training</h2>");
    }
    html.append(curve("label loss", rounds, RoundSummary::labelLoss));
    html.append(
        curve("alignment loss (domain, MMD or CORAL)", rounds, RoundSummary::alignmentLoss));
    html.append(curve("domain accuracy", rounds, RoundSummary::domainAccuracy));
    html.append(curve("lambda", rounds, RoundSummary::lambda));

    if (metrics.tuning() != null) {
      html.append(tuning(metrics.tuning()));
    }
    html.append(discrepancy(metrics.discrepancy()));

    @SuppressWarnings("unchecked")
    List<Map<String, Object>> selfTraining = (List<Map<String, Object>>) json.get("selfTraining");
    if (selfTraining != null) {
      html.append("<h2>Self-training rounds</h2><table><tr>");
      List<String> keys =
          List.of(
              "round",
              "trainingRows",
              "pseudoLabelledRows",
              "added",
              "meanConfidence",
              "targetAccuracy",
              "addedAccuracy");
      for (String key : keys) {
        html.append("<th>").append(key).append("</th>");
      }
      html.append("</tr>");
      for (Map<String, Object> round : selfTraining) {
        html.append("<tr>");
        for (String key : keys) {
          html.append("<td>")
              .append(round.get(key) == null ? "" : format(round.get(key)))
              .append("</td>");
        }
        html.append("</tr>");
      }
      html.append("</table>");
    }

    html.append("<h2>Source (blue) vs target (red), first two principal components</h2>");
    for (Scatter scatter : scatters) {
      html.append(scatter(scatter));
    }
    if (confusion != null) {
      html.append(
          "<h2>Target confusion matrix (rows: true class, columns: predicted)</h2><table><tr><th></th>");
      for (int c = 0; c < confusion.length; c++) {
        html.append("<th>").append(c).append("</th>");
      }
      html.append("</tr>");
      for (int r = 0; r < confusion.length; r++) {
        html.append("<tr><th>").append(r).append("</th>");
        for (long count : confusion[r]) {
          html.append("<td>").append(count).append("</td>");
        }
        html.append("</tr>");
      }
      html.append("</table>");
    }
    return html.append("</body></html>").toString();
  }

  /** The shallow stage: mapped width, or the importance weights and how many rows they rest on. */
  @SuppressWarnings("unchecked")
  private static String shallow(Map<String, Object> summary) {
    StringBuilder html = new StringBuilder("<h2>Shallow adaptation (label-free)</h2><table>");
    for (Map.Entry<String, Object> e : summary.entrySet()) {
      Object value = e.getValue();
      String shown =
          value instanceof Map
              ? String.join(
                  ", ",
                  ((Map<String, Object>) value)
                      .entrySet().stream()
                          .map(q -> escape(q.getKey()) + " " + format(q.getValue()))
                          .toList())
              : format(value);
      html.append("<tr><th>")
          .append(escape(e.getKey()))
          .append("</th><td>")
          .append(shown)
          .append("</td></tr>");
    }
    html.append("</table>");
    if (summary.containsKey("effectiveSampleSize")) {
      html.append(
          "<p>Effective sample size: the fraction of the source rows the weighted fit rests on (1 = "
              + "equal weights; near 0 = a few rows carry it, the domains are nearly separable).</p>");
    }
    return html.toString();
  }

  /** Proxy A-distance and MMD per representation: did the method bring the domains together? */
  private static String discrepancy(List<JobMetrics.Discrepancy> measures) {
    StringBuilder html =
        new StringBuilder(
            "<h2>How far apart the domains are (on the sample; label-free)</h2><table><tr>"
                + "<th>representation</th><th>proxy A-distance (0 = indistinguishable, 2 = "
                + "separable)</th><th>MMD&sup2;</th></tr>");
    for (JobMetrics.Discrepancy d : measures) {
      html.append("<tr><td style=\"text-align:left\">")
          .append(escape(d.representation()))
          .append("</td><td>")
          .append(format(d.proxyADistance()))
          .append("</td><td>")
          .append(format(d.mmd()))
          .append("</td></tr>");
    }
    return html.append("</table>").toString();
  }

  /** The candidates the tune block compared, the pick marked, and why it was picked. */
  private static String tuning(JobMetrics.Tuning tuning) {
    StringBuilder html =
        new StringBuilder("<h2>Tuning: ")
            .append(escape(tuning.evaluator()))
            .append(" (label-free: no target label was read to choose)</h2>")
            .append("<p>")
            .append(escape(tuning.reason()))
            .append("</p>")
            .append(effectiveSampleSize(tuning.densityRatioEffectiveSampleSize()))
            .append("<table><tr><th>#</th><th>config</th><th>score</th>")
            .append("<th>target accuracy (uses target labels; not used to choose)</th></tr>");
    for (JobMetrics.TunedCandidate c : tuning.candidates()) {
      html.append(c.index() == tuning.picked() ? "<tr style=\"font-weight:bold\">" : "<tr>")
          .append("<td>")
          .append(c.index())
          .append(c.index() == tuning.picked() ? " (picked)" : "")
          .append(c.index() == tuning.sourceOnly() ? " (source-only)" : "")
          .append("</td><td style=\"text-align:left\">")
          .append(escape(c.config()))
          .append("</td><td>")
          .append(format(c.score()))
          .append("</td><td>")
          .append(c.targetAccuracy() == null ? "" : format(c.targetAccuracy()))
          .append("</td></tr>");
    }
    return html.append("</table>").toString();
  }

  /** iwv / dev only: how much of the source rows their weighted scores rest on. */
  private static String effectiveSampleSize(Double size) {
    return size == null
        ? ""
        : "<p>The density ratios' effective sample size is "
            + format(size)
            + " of the source rows (1 = equal weights; near 0 = a few rows carry the scores).</p>";
  }

  /** One value per round as a line; nothing when no round has a finite value. */
  private static String curve(
      String title, RoundSummary[] rounds, ToDoubleFunction<RoundSummary> metric) {
    int w = 360;
    int h = 200;
    int pad = 30;
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    for (RoundSummary r : rounds) {
      double v = metric.applyAsDouble(r);
      if (Double.isFinite(v)) {
        min = Math.min(min, v);
        max = Math.max(max, v);
      }
    }
    if (!(max >= min)) {
      return "";
    }
    double span = max > min ? max - min : 1;
    StringBuilder path = new StringBuilder();
    for (int i = 0; i < rounds.length; i++) {
      double v = metric.applyAsDouble(rounds[i]);
      double x = pad + (w - 2 * pad) * (rounds.length == 1 ? 0 : i / (double) (rounds.length - 1));
      double y = h - pad - (h - 2 * pad) * (v - min) / span;
      path.append(i == 0 ? "M" : "L").append(String.format(Locale.ROOT, "%.1f,%.1f", x, y));
    }
    return String.format(
        Locale.ROOT,
        "<figure><svg width=\"%d\" height=\"%d\" role=\"img\">"
            + "<text x=\"%d\" y=\"16\">%s (rounds 1-%d)</text>"
            + "<text x=\"2\" y=\"%d\" font-size=\"10\">%.3g</text><text x=\"2\" y=\"%d\" font-size=\"10\">%.3g</text>"
            + "<path d=\"%s\" fill=\"none\" stroke=\"#1f77b4\" stroke-width=\"1.5\"/></svg></figure>",
        w,
        h,
        pad,
        escape(title),
        rounds.length,
        pad,
        max,
        h - pad,
        min,
        path);
  }

  private static String scatter(Scatter s) {
    int size = 320;
    int pad = 20;
    double minX = Double.POSITIVE_INFINITY;
    double maxX = Double.NEGATIVE_INFINITY;
    double minY = Double.POSITIVE_INFINITY;
    double maxY = Double.NEGATIVE_INFINITY;
    for (double[] p : s.points) {
      minX = Math.min(minX, p[0]);
      maxX = Math.max(maxX, p[0]);
      minY = Math.min(minY, p[1]);
      maxY = Math.max(maxY, p[1]);
    }
    double spanX = maxX > minX ? maxX - minX : 1;
    double spanY = maxY > minY ? maxY - minY : 1;
    StringBuilder svg =
        new StringBuilder(
            String.format(
                Locale.ROOT,
                "<figure><svg width=\"%d\" height=\"%d\" role=\"img\"><text x=\"%d\" y=\"14\">%s</text>",
                size,
                size + 10,
                pad,
                escape(s.title)));
    for (int i = 0; i < s.points.length; i++) {
      double x = pad + (size - 2 * pad) * (s.points[i][0] - minX) / spanX;
      double y = size - pad - (size - 2 * pad) * (s.points[i][1] - minY) / spanY + 10;
      svg.append(
          String.format(
              Locale.ROOT,
              "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"1.6\" class=\"%s\"/>",
              x,
              y,
              s.target[i] ? "t" : "s"));
    }
    return svg.append("</svg></figure>").toString();
  }

  private static String format(Object value) {
    return value instanceof Double
        ? String.format(Locale.ROOT, "%.4f", (Double) value)
        : escape(String.valueOf(value));
  }

  static String escape(String text) {
    return text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;");
  }
}
