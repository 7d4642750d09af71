package io.sparkda.internal.train;

/**
 * The schedules of Ganin et al. (2016), as functions of training progress {@code p} in [0, 1]:
 * domain-loss weight {@code lambda_p = lambdaMax * (2 / (1 + exp(-10 p)) - 1)} and learning rate
 * {@code lr_p = lr / (1 + 10 p)^0.75}. The names are resolved on the driver; executors only
 * evaluate the resulting {@link Schedule}.
 */
public final class Schedules {
  public static final String CONSTANT = "constant";
  public static final String GANIN = "ganin";

  private Schedules() {}

  /** The alignment weight's schedule {@code name}, rising to {@code lambdaMax}. */
  public static Schedule lambda(String name, double lambdaMax) {
    switch (name) {
      case CONSTANT:
        return p -> (float) lambdaMax;
      case GANIN:
        return p -> (float) (lambdaMax * (2.0 / (1.0 + Math.exp(-10.0 * p)) - 1.0));
      default:
        throw new IllegalArgumentException("unknown lambda schedule: " + name);
    }
  }

  /** The learning rate's schedule {@code name}, starting from {@code baseRate}. */
  public static Schedule learningRate(String name, double baseRate) {
    switch (name) {
      case CONSTANT:
        return p -> (float) baseRate;
      case GANIN:
        return p -> (float) (baseRate / Math.pow(1.0 + 10.0 * p, 0.75));
      default:
        throw new IllegalArgumentException("unknown learning-rate schedule: " + name);
    }
  }
}
