package io.sparkda.internal.nn;

/**
 * The update rules in plain Java over flat arrays (the state layout of {@link NativeOptimizer}):
 * the oracle the native updates are tested against.
 */
final class ReferenceOptimizers {
  private ReferenceOptimizers() {}

  static void sgdMomentum(float[] w, float[] velocity, float[] g, float lr, float momentum) {
    for (int i = 0; i < w.length; i++) {
      velocity[i] = momentum * velocity[i] + g[i];
      w[i] -= lr * velocity[i];
    }
  }

  /** PyTorch's Adam: {@code w -= lr / c1 m / (sqrt(v) / sqrt(c2) + eps)}. */
  static void adam(float[] w, float[] state, float[] g, float lr, long step) {
    float beta1 = 0.9f;
    float beta2 = 0.999f;
    int n = w.length;
    double correction1 = 1.0 - Math.pow(beta1, step);
    double correction2 = 1.0 - Math.pow(beta2, step);
    for (int i = 0; i < n; i++) {
      float m = beta1 * state[i] + (1 - beta1) * g[i];
      float v = beta2 * state[n + i] + (1 - beta2) * g[i] * g[i];
      state[i] = m;
      state[n + i] = v;
      double denominator = Math.sqrt(v) / Math.sqrt(correction2) + 1e-8;
      w[i] -= (float) (lr / correction1 * m / denominator);
    }
  }
}
