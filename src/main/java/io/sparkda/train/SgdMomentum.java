package io.sparkda.train;

/** SGD with (PyTorch-style) momentum: {@code v = mu v + g; w -= lr v}. */
public final class SgdMomentum implements Optimizer {
  private static final long serialVersionUID = 1L;
  private final float momentum;

  public SgdMomentum(float momentum) {
    this.momentum = momentum;
  }

  @Override
  public int stateSize(int numParameters) {
    return numParameters;
  }

  @Override
  public void update(float[] params, float[] velocity, float[] gradient, float lr, long step) {
    for (int i = 0; i < params.length; i++) {
      velocity[i] = momentum * velocity[i] + gradient[i];
      params[i] -= lr * velocity[i];
    }
  }
}
