package io.sparkda.internal.validation;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.param.ParamPair;
import org.apache.spark.ml.param.Params;

/** Short, readable descriptions of grid candidates, for logs, metrics and reports. */
public final class Candidates {
  private Candidates() {}

  /** {@code name=value, ...} in the map's order; stages are named by their class. */
  public static String describe(ParamMap candidate) {
    List<String> parts = new ArrayList<>();
    for (ParamPair<?> pair : candidate.toList()) {
      parts.add(pair.param().name() + "=" + value(pair.value()));
    }
    return parts.isEmpty() ? "(defaults)" : String.join(", ", parts);
  }

  private static String value(Object value) {
    if (value instanceof Params) {
      return value.getClass().getSimpleName();
    }
    if (value instanceof Object[]) {
      return Arrays.stream((Object[]) value).map(Candidates::value).toList().toString();
    }
    if (value instanceof int[]) {
      return Arrays.toString((int[]) value);
    }
    if (value instanceof double[]) {
      return Arrays.toString((double[]) value);
    }
    return String.valueOf(value);
  }
}
