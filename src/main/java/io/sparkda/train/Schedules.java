package io.sparkda.train;

/**
 * The schedules of Ganin et al. (2016), as functions of training progress {@code p} in [0, 1]:
 * domain-loss weight {@code lambda_p = lambdaMax * (2 / (1 + exp(-10 p)) - 1)} and learning rate
 * {@code lr_p = lr / (1 + 10 p)^0.75}.
 */
public final class Schedules {
  public static final String CONSTANT = "constant";
  public static final String GANIN = "ganin";

  private Schedules() {}

  public static float lambda(String schedule, double lambdaMax, double progress) {
    switch (schedule) {
      case CONSTANT:
        return (float) lambdaMax;
      case GANIN:
        return (float) (lambdaMax * (2.0 / (1.0 + Math.exp(-10.0 * progress)) - 1.0));
      default:
        throw new IllegalArgumentException("unknown lambda schedule: " + schedule);
    }
  }

  public static float learningRate(String schedule, double baseRate, double progress) {
    switch (schedule) {
      case CONSTANT:
        return (float) baseRate;
      case GANIN:
        return (float) (baseRate / Math.pow(1.0 + 10.0 * progress, 0.75));
      default:
        throw new IllegalArgumentException("unknown learning-rate schedule: " + schedule);
    }
  }
}
