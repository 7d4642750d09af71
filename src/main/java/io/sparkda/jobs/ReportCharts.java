package io.sparkda.jobs;

import io.sparkda.ml.RoundSummary;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * The report's charts as Apache ECharts options (plain maps, written as JSON into the page): axes
 * with names and ticks, legends, tooltips, a log scale for the label loss, the 0.5 line of a domain
 * classifier that cannot tell the domains apart, and one line per fit of a self-training run. Each
 * method returns null when there is nothing to draw.
 */
final class ReportCharts {
  private static final String SOURCE_COLOUR = "#1f77b4";
  private static final String TARGET_COLOUR = "#ff7f0e";

  private ReportCharts() {}

  /** One line per fit of {@code metric}, by round; null when no value is finite. */
  static Map<String, Object> perFit(
      RoundSummary[][] fits,
      ToDoubleFunction<RoundSummary> metric,
      String yName,
      boolean logScaleIfPositive,
      Double chanceLine) {
    List<Object> series = new ArrayList<>();
    boolean positive = true;
    boolean any = false;
    for (int f = 0; f < fits.length; f++) {
      List<Object> points = new ArrayList<>();
      for (RoundSummary r : fits[f]) {
        double v = metric.applyAsDouble(r);
        if (Double.isFinite(v)) {
          points.add(List.of(r.round(), v));
          positive &= v > 0;
          any = true;
        }
      }
      Map<String, Object> line = line(fits.length == 1 ? yName : "fit " + (f + 1), points);
      if (chanceLine != null && f == 0) {
        line.put(
            "markLine",
            Map.of(
                "silent",
                true,
                "symbol",
                "none",
                "label",
                Map.of("formatter", "chance (" + chanceLine + ")", "position", "insideEndTop"),
                "lineStyle",
                Map.of("type", "dashed", "color", "#888"),
                "data",
                List.of(Map.of("yAxis", chanceLine))));
      }
      series.add(line);
    }
    if (!any) {
      return null;
    }
    Map<String, Object> yAxis = yAxis(yName, logScaleIfPositive && positive ? "log" : "value");
    if (chanceLine != null) {
      yAxis.put("min", 0);
      yAxis.put("max", 1);
    } else {
      yAxis.put("scale", true);
    }
    return chart(axis("round", "value"), yAxis, series, fits.length > 1);
  }

  /** The lambda and learning-rate schedules of one fit, each on its own axis. */
  static Map<String, Object> schedules(RoundSummary[] rounds) {
    if (rounds.length == 0) {
      return null;
    }
    List<Object> lambda = new ArrayList<>();
    List<Object> rate = new ArrayList<>();
    for (RoundSummary r : rounds) {
      lambda.add(List.of(r.round(), r.lambda()));
      rate.add(List.of(r.round(), r.learningRate()));
    }
    Map<String, Object> rateLine = line("learning rate", rate);
    rateLine.put("yAxisIndex", 1);
    Map<String, Object> option =
        chart(
            axis("round", "value"),
            null,
            List.of(line("lambda (alignment weight)", lambda), rateLine),
            true);
    option.put("yAxis", List.of(yAxis("lambda", "value"), yAxis("learning rate", "value")));
    return option;
  }

  /** Source and target rows on two principal components, half transparent so neither hides. */
  static Map<String, Object> scatter(HtmlReport.Scatter s) {
    List<Object> source = new ArrayList<>();
    List<Object> target = new ArrayList<>();
    for (int i = 0; i < s.points.length; i++) {
      (s.target[i] ? target : source).add(List.of(s.points[i][0], s.points[i][1]));
    }
    Map<String, Object> x = axis("component 1", "value");
    x.put("scale", true);
    Map<String, Object> y = yAxis("component 2", "value");
    y.put("scale", true);
    Map<String, Object> option =
        chart(
            x,
            y,
            List.of(
                points("source", source, SOURCE_COLOUR), points("target", target, TARGET_COLOUR)),
            true);
    option.put("tooltip", Map.of("trigger", "item"));
    return option;
  }

  /** Target rows per predicted class, next to the baseline's when it was fitted. */
  static Map<String, Object> predictedClasses(
      TargetReport.Signals adapted, TargetReport.Signals baseline, String method) {
    List<Object> classes = new ArrayList<>();
    List<Object> rows = new ArrayList<>();
    for (TargetReport.ClassShare share : adapted.predictedClasses()) {
      classes.add(String.valueOf(share.classIndex()));
      rows.add(share.rows());
    }
    List<Object> series = new ArrayList<>();
    series.add(bar(method, rows, TARGET_COLOUR));
    if (baseline != null) {
      List<Object> baselineRows = new ArrayList<>();
      baseline.predictedClasses().forEach(c -> baselineRows.add(c.rows()));
      series.add(bar("baseline", baselineRows, "#999999"));
    }
    Map<String, Object> x = axis("predicted class", "category");
    x.put("data", classes);
    return chart(x, yAxis("target rows", "value"), series, true);
  }

  private static Map<String, Object> chart(
      Map<String, Object> xAxis, Map<String, Object> yAxis, List<Object> series, boolean legend) {
    Map<String, Object> option = new LinkedHashMap<>();
    option.put("animation", false);
    option.put("grid", Map.of("left", 70, "right", 70, "top", legend ? 40 : 20, "bottom", 60));
    option.put("tooltip", Map.of("trigger", "axis"));
    if (legend) {
      option.put("legend", Map.of("type", "scroll", "top", 5));
    }
    option.put("xAxis", xAxis);
    if (yAxis != null) {
      option.put("yAxis", yAxis);
    }
    option.put("series", series);
    return option;
  }

  private static Map<String, Object> axis(String name, String type) {
    Map<String, Object> axis = new LinkedHashMap<>();
    axis.put("type", type);
    axis.put("name", name);
    axis.put("nameLocation", "middle");
    // Close enough to the axis that the name stays inside the chart (the CI check looks).
    axis.put("nameGap", 30);
    return axis;
  }

  /** A vertical axis: its name clears the tick labels and stays inside the grid's margin. */
  private static Map<String, Object> yAxis(String name, String type) {
    Map<String, Object> axis = axis(name, type);
    axis.put("nameGap", 50);
    return axis;
  }

  private static Map<String, Object> line(String name, List<Object> points) {
    Map<String, Object> line = new LinkedHashMap<>();
    line.put("name", name);
    line.put("type", "line");
    line.put("showSymbol", false);
    line.put("data", points);
    return line;
  }

  private static Map<String, Object> points(String name, List<Object> data, String colour) {
    Map<String, Object> series = new LinkedHashMap<>();
    series.put("name", name);
    series.put("type", "scatter");
    series.put("symbolSize", 4);
    series.put("itemStyle", Map.of("color", colour, "opacity", 0.45));
    series.put("data", data);
    return series;
  }

  private static Map<String, Object> bar(String name, List<Object> data, String colour) {
    Map<String, Object> series = new LinkedHashMap<>();
    series.put("name", name);
    series.put("type", "bar");
    series.put("itemStyle", Map.of("color", colour));
    series.put("data", data);
    return series;
  }
}
