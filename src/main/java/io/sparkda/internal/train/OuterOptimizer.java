package io.sparkda.internal.train;

import java.io.Serializable;

/**
 * The driver's step over a round's averaged weights (DiLoCo, Douillard et al. 2023): the round's
 * outer gradient is {@code start - average}, the weights the round started from minus the
 * partitions' average, and an SGD step with Nesterov momentum applies it to the start. With
 * learning rate 1 and momentum 0 the step lands exactly on the average: plain periodic averaging,
 * which is what {@link #AVERAGE} returns without computing anything.
 *
 * <p>Only the weights take the outer step; the inner optimizer's state is averaged as before. The
 * momentum buffer lives on the driver and in the checkpoints, never in a broadcast.
 */
public final class OuterOptimizer implements Serializable {
  private static final long serialVersionUID = 1L;

  /** Plain averaging: the next round starts from the partitions' average. */
  public static final OuterOptimizer AVERAGE = new OuterOptimizer(1.0, 0.0);

  public final double learningRate;
  public final double momentum;

  public OuterOptimizer(double learningRate, double momentum) {
    if (!(learningRate > 0) || !(momentum >= 0 && momentum < 1)) {
      throw new IllegalArgumentException(
          "outer learning rate must be > 0 and momentum in [0, 1): "
              + learningRate
              + ", "
              + momentum);
    }
    this.learningRate = learningRate;
    this.momentum = momentum;
  }

  /** Whether the step is the average itself, so nothing needs computing or keeping. */
  public boolean averages() {
    return learningRate == 1.0 && momentum == 0.0;
  }

  /** The momentum buffer a fit starts with: none for plain averaging. */
  float[] initialMomentum(int parameters) {
    return averages() ? new float[0] : new float[parameters];
  }

  /**
   * The weights the next round starts from, given the ones this round started from and the
   * partitions' average. Updates {@code momentumBuffer} in place (PyTorch's SGD with {@code
   * nesterov=True}: {@code b = mu b + g; w -= lr (g + mu b)}).
   */
  float[] step(float[] start, float[] average, float[] momentumBuffer) {
    if (averages()) {
      return average;
    }
    float lr = (float) learningRate;
    float mu = (float) momentum;
    float[] next = new float[start.length];
    for (int i = 0; i < start.length; i++) {
      float gradient = start[i] - average[i];
      momentumBuffer[i] = mu * momentumBuffer[i] + gradient;
      next[i] = start[i] - lr * (gradient + mu * momentumBuffer[i]);
    }
    return next;
  }

  @Override
  public String toString() {
    return averages()
        ? "average"
        : String.format("nesterov(lr %s, momentum %s)", learningRate, momentum);
  }
}
