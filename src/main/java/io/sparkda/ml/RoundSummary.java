package io.sparkda.ml;

import java.io.Serializable;

/** Metrics of one training round, averaged over its steps and partitions. */
public final class RoundSummary implements Serializable {
  private static final long serialVersionUID = 1L;

  private final int round;
  private final double labelLoss;
  private final double domainLoss;
  private final double domainAccuracy;
  private final double lambda;
  private final double learningRate;
  private final double seconds;

  public RoundSummary(int round, double labelLoss, double domainLoss, double domainAccuracy,
      double lambda, double learningRate, double seconds) {
    this.round = round;
    this.labelLoss = labelLoss;
    this.domainLoss = domainLoss;
    this.domainAccuracy = domainAccuracy;
    this.lambda = lambda;
    this.learningRate = learningRate;
    this.seconds = seconds;
  }

  /** 1-based round number. */
  public int round() {
    return round;
  }

  public double labelLoss() {
    return labelLoss;
  }

  public double domainLoss() {
    return domainLoss;
  }

  /** Accuracy of the domain head: near 0.5 once features no longer tell the domains apart. */
  public double domainAccuracy() {
    return domainAccuracy;
  }

  /** Domain-loss weight at the end of the round. */
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

  @Override
  public String toString() {
    return String.format("round %d: labelLoss=%.4f domainLoss=%.4f domainAcc=%.3f lambda=%.3f lr=%.5f %.2fs",
        round, labelLoss, domainLoss, domainAccuracy, lambda, learningRate, seconds);
  }
}
