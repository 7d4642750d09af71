package io.sparkda.ml;

import java.io.Serializable;

/** Metrics of one training round, averaged over its steps and partitions. */
public final class RoundSummary implements Serializable {
  private static final long serialVersionUID = 1L;

  private final int round;
  private final double labelLoss;
  private final double alignmentLoss;
  private final double domainAccuracy;
  private final double lambda;
  private final double learningRate;
  private final double seconds;
  private final double computeSeconds;
  private final long shippedBytes;

  public RoundSummary(
      int round,
      double labelLoss,
      double alignmentLoss,
      double domainAccuracy,
      double lambda,
      double learningRate,
      double seconds) {
    this(
        round,
        labelLoss,
        alignmentLoss,
        domainAccuracy,
        lambda,
        learningRate,
        seconds,
        Double.NaN,
        -1);
  }

  /**
   * @param computeSeconds the slowest partition's seconds in its steps (NaN where not recorded)
   * @param shippedBytes bytes one partition received and returned for the round (-1 where not
   *     recorded)
   */
  public RoundSummary(
      int round,
      double labelLoss,
      double alignmentLoss,
      double domainAccuracy,
      double lambda,
      double learningRate,
      double seconds,
      double computeSeconds,
      long shippedBytes) {
    this.round = round;
    this.labelLoss = labelLoss;
    this.alignmentLoss = alignmentLoss;
    this.domainAccuracy = domainAccuracy;
    this.lambda = lambda;
    this.learningRate = learningRate;
    this.seconds = seconds;
    this.computeSeconds = computeSeconds;
    this.shippedBytes = shippedBytes;
  }

  /** 1-based round number. */
  public int round() {
    return round;
  }

  public double labelLoss() {
    return labelLoss;
  }

  /**
   * The alignment loss, unweighted: the domain head's cross-entropy for adversarial training, the
   * MMD or CORAL distance between the domains' embeddings otherwise; 0 for source-only.
   */
  public double alignmentLoss() {
    return alignmentLoss;
  }

  /**
   * The alignment loss under its first name, from when only adversarial training had one.
   *
   * @deprecated use {@link #alignmentLoss()}; this goes in a later release.
   */
  @Deprecated
  public double domainLoss() {
    return alignmentLoss;
  }

  /** Accuracy of the domain head: near 0.5 once features no longer tell the domains apart. */
  public double domainAccuracy() {
    return domainAccuracy;
  }

  /** Weight of the alignment loss at the end of the round. */
  public double lambda() {
    return lambda;
  }

  /** Learning rate at the end of the round. */
  public double learningRate() {
    return learningRate;
  }

  /** Wall-clock seconds of the round, as seen by the driver. */
  public double seconds() {
    return seconds;
  }

  /**
   * Seconds the slowest partition spent in the round's training steps; the rest of {@link
   * #seconds()} went to Spark (scheduling, shipping the state, waiting for the slowest task,
   * averaging). NaN in summaries from before it was recorded.
   */
  public double computeSeconds() {
    return computeSeconds;
  }

  /**
   * Bytes each partition received and returned for the round, as float32 arrays: the weights both
   * ways, and the optimizer state where it was averaged (returned at an averaging round, received
   * in the round after; {@code optimizerSyncInterval}). Shared among the rounds a partition runs in
   * one Spark job. -1 in summaries from before it was recorded.
   */
  public long shippedBytes() {
    return shippedBytes;
  }

  @Override
  public String toString() {
    return String.format(
        "round %d: labelLoss=%.4f alignmentLoss=%.4f domainAcc=%.3f lambda=%.3f lr=%.5f %.2fs"
            + " (compute %.2fs) shipped %.1f MB",
        round,
        labelLoss,
        alignmentLoss,
        domainAccuracy,
        lambda,
        learningRate,
        seconds,
        computeSeconds,
        shippedBytes / 1e6);
  }
}
