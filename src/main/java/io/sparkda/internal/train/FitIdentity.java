package io.sparkda.internal.train;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a checkpoint records to recognize its fit: {@code key = value} lines (Params, network,
 * partitions, data), and the refusal of a checkpoint whose lines differ, naming each difference.
 * One format for the network fit's checkpoints and self-training's.
 */
public final class FitIdentity {
  private FitIdentity() {}

  /** The identity of a fit with these values, one {@code key = value} line each, in their order. */
  public static String of(Map<String, String> values) {
    StringBuilder lines = new StringBuilder();
    values.forEach((k, v) -> lines.append(k).append(" = ").append(v).append('\n'));
    return lines.toString();
  }

  /**
   * The error for {@code dir} holding {@code what} of another fit: which keys differ, and the fix.
   */
  public static IllegalArgumentException refusal(
      Object dir, String what, String checkpoint, String current) {
    return new IllegalArgumentException(
        "checkpointDir "
            + dir
            + " holds "
            + what
            + " of another fit: "
            + differences(checkpoint, current)
            + ". Resume only the same fit on the same data; for a new fit, delete the "
            + "directory or choose another checkpointDir");
  }

  /** What differs between two identities, as {@code key: checkpoint X, this fit Y}. */
  static String differences(String checkpoint, String current) {
    Map<String, String> was = parse(checkpoint);
    Map<String, String> now = parse(current);
    List<String> diffs = new ArrayList<>();
    for (Map.Entry<String, String> e : now.entrySet()) {
      String old = was.get(e.getKey());
      if (!e.getValue().equals(old)) {
        diffs.add(
            e.getKey()
                + ": checkpoint "
                + (old == null ? "(none)" : old)
                + ", this fit "
                + e.getValue());
      }
    }
    for (String key : was.keySet()) {
      if (!now.containsKey(key)) {
        diffs.add(key + ": checkpoint " + was.get(key) + ", this fit (none)");
      }
    }
    return String.join("; ", diffs);
  }

  private static Map<String, String> parse(String identity) {
    Map<String, String> values = new LinkedHashMap<>();
    for (String line : identity.split("\n")) {
      int eq = line.indexOf(" = ");
      if (eq > 0) {
        values.put(line.substring(0, eq), line.substring(eq + 3));
      }
    }
    return values;
  }
}
