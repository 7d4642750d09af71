package io.sparkda.internal.params;

import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.Params;

/**
 * The Params of an estimator that decide what its fit learns, as text: what a checkpoint records to
 * recognize its fit. Output columns, threads and the checkpoint Params themselves are left out, so
 * a checkpoint taken under other values of those still resumes.
 */
public final class FitSettings {
  private static final Set<String> NOT_DECIDING =
      Set.of(
          "predictionCol",
          "rawPredictionCol",
          "probabilityCol",
          "embeddingCol",
          "evaluationLabelCol",
          "thresholds",
          "threadsPerTask",
          "checkpointDir",
          "checkpointInterval");

  private FitSettings() {}

  /** Name (with {@code prefix}) to value of every defined Param that decides the fit, sorted. */
  public static Map<String, String> of(Params estimator, String prefix) {
    Map<String, String> settings = new TreeMap<>();
    for (Param<?> param : estimator.params()) {
      if (estimator.isDefined(param) && !NOT_DECIDING.contains(param.name())) {
        settings.put(prefix + param.name(), text(estimator.getOrDefault(param)));
      }
    }
    return settings;
  }

  /** A Param value as text: arrays by their elements. */
  public static String text(Object value) {
    if (value instanceof int[]) {
      return Arrays.toString((int[]) value);
    }
    if (value instanceof double[]) {
      return Arrays.toString((double[]) value);
    }
    if (value instanceof String[]) {
      return Arrays.toString((String[]) value);
    }
    if (value instanceof Params) {
      Params nested = (Params) value;
      return nested.getClass().getSimpleName() + of(nested, "");
    }
    return String.valueOf(value);
  }
}
