package io.sparkda.internal.nn;

import java.util.Arrays;
import java.util.Locale;

/**
 * How a training step pulls the source and target features together. All of them train the same
 * network (feature extractor, label head, domain head); only the alignment term differs.
 */
public enum Alignment {
  /** DANN: domain classifier behind the gradient reversal layer (Ganin et al. 2016). */
  ADVERSARIAL("adversarial"),
  /** Multi-kernel MMD between source and target embeddings (DAN, Long et al. 2015). */
  MMD("mmd"),
  /** Deep CORAL: distance between the embeddings' covariances (Sun and Saenko 2016). */
  CORAL("coral"),
  /** No alignment term: the source-only baseline. */
  NONE("none");

  private final String paramValue;

  Alignment(String paramValue) {
    this.paramValue = paramValue;
  }

  /** The value of the {@code alignment} Param that selects this alignment. */
  public String paramValue() {
    return paramValue;
  }

  /** All Param values, for validators and docs. */
  public static String[] paramValues() {
    return Arrays.stream(values()).map(Alignment::paramValue).toArray(String[]::new);
  }

  public static Alignment fromParam(String value) {
    for (Alignment a : values()) {
      if (a.paramValue.equals(value.toLowerCase(Locale.ROOT))) {
        return a;
      }
    }
    throw new IllegalArgumentException("unknown alignment '" + value + "': use one of "
        + String.join(", ", paramValues()));
  }
}
