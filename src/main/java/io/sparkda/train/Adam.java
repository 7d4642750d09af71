package io.sparkda.train;

/** Adam (Kingma and Ba, 2015). State: first moments then second moments. */
public final class Adam implements Optimizer {
  private static final long serialVersionUID = 1L;
  private final float beta1;
  private final float beta2;
  private final float epsilon;

  public Adam(float beta1, float beta2, float epsilon) {
    this.beta1 = beta1;
    this.beta2 = beta2;
    this.epsilon = epsilon;
  }

  @Override
  public int stateSize(int numParameters) {
    return 2 * numParameters;
  }

  @Override
  public void update(float[] params, float[] state, float[] gradient, float lr, long step) {
    int n = params.length;
    double correction1 = 1.0 - Math.pow(beta1, step);
    double correction2 = 1.0 - Math.pow(beta2, step);
    float stepSize = (float) (lr * Math.sqrt(correction2) / correction1);
    for (int i = 0; i < n; i++) {
      float g = gradient[i];
      float m = beta1 * state[i] + (1 - beta1) * g;
      float v = beta2 * state[n + i] + (1 - beta2) * g * g;
      state[i] = m;
      state[n + i] = v;
      params[i] -= stepSize * m / ((float) Math.sqrt(v) + epsilon);
    }
  }
}
