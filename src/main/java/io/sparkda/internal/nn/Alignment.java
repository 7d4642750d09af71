package io.sparkda.internal.nn;

import java.util.Arrays;
import java.util.Locale;

/**
 * The registry of alignment losses, by the value of the {@code alignment} Param. All of them train
 * the same network (feature extractor, label head, domain head); only the term differs. A new loss
 * is one {@link AlignmentLoss} class and one constant here.
 */
public enum Alignment {
  /** DANN: domain classifier behind the gradient reversal layer (Ganin et al. 2016). */
  ADVERSARIAL("adversarial", "DANN", new DomainAdversarialLoss()),
  /** Multi-kernel MMD between source and target embeddings (DAN, Long et al. 2015). */
  MMD("mmd", "MMD", new WeightedAlignmentLoss(MmdLoss::of, 2)),
  /** Deep CORAL: distance between the embeddings' covariances (Sun and Saenko 2016). */
  CORAL("coral", "Deep CORAL", new WeightedAlignmentLoss(CoralLoss::of, 2)),
  /** No alignment term: the source-only baseline. */
  NONE("none", "source-only", new NoAlignmentLoss()),
  /** Minimum class confusion of the target predictions (MCC, Jin et al. 2020). */
  MCC("mcc", "MCC", new ClassConfusionLoss());

  private final String paramValue;
  private final String method;
  private final AlignmentLoss loss;

  Alignment(String paramValue, String method, AlignmentLoss loss) {
    this.paramValue = paramValue;
    this.method = method;
    this.loss = loss;
  }

  /** The method this alignment trains, as log lines and the Spark UI name it. */
  public String method() {
    return method;
  }

  /** The loss this value selects. */
  public AlignmentLoss loss() {
    return loss;
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
    throw new IllegalArgumentException(
        "unknown alignment '" + value + "': use one of " + String.join(", ", paramValues()));
  }
}
