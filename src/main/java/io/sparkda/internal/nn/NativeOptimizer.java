package io.sparkda.internal.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import java.io.Serializable;

/**
 * An update rule applied in place to native parameter tensors, with its state (momentum, Adam
 * moments) as native tensors beside them. The flat layout of the state, as it travels between
 * partitions: {@link #statesPerParameter()} blocks of {@code numParameters} floats, each block in
 * the flat parameter order (Adam: first moments, then second moments). Averaging that state with
 * the parameters, instead of restarting the optimizer every round, is what keeps parameter
 * averaging close to single-partition training. Resolved from its name on the driver and shipped to
 * executors with the training config: its fields are hyperparameters only.
 */
public abstract class NativeOptimizer implements Serializable {
  private static final long serialVersionUID = 1L;
  public static final String SGD = "sgd";
  public static final String ADAM = "adam";

  /** The optimizers of the {@code optimizer} Param. */
  public static NativeOptimizer named(String name) {
    switch (name) {
      case SGD:
        return new SgdMomentum(0.9f);
      case ADAM:
        return new Adam(0.9f, 0.999f, 1e-8f);
      default:
        throw new IllegalArgumentException("unknown optimizer: " + name + " (use sgd or adam)");
    }
  }

  public abstract int statesPerParameter();

  /** Length of the flat state for {@code numParameters} parameters. */
  public int stateSize(int numParameters) {
    return statesPerParameter() * numParameters;
  }

  /**
   * One update of {@code weight} in place. Call with grad mode off.
   *
   * @param state this tensor's state tensors, one per {@link #statesPerParameter()}
   * @param step 1-based global step number (Adam's bias correction)
   */
  abstract void update(
      NDArray weight, NDArray gradient, NDArray[] state, float learningRate, long step);

  /** SGD with PyTorch's momentum: {@code v = mu v + g; w -= lr v}. */
  static final class SgdMomentum extends NativeOptimizer {
    private final float momentum;

    SgdMomentum(float momentum) {
      this.momentum = momentum;
    }

    @Override
    public int statesPerParameter() {
      return 1;
    }

    @Override
    void update(NDArray weight, NDArray gradient, NDArray[] state, float learningRate, long step) {
      NDArray velocity = state[0];
      // Scalars from the gradient: they belong to the step's manager, freed with it.
      velocity.muli(Scalars.like(gradient, momentum)).addi(gradient);
      try (NDArray delta = velocity.mul(Scalars.like(gradient, learningRate))) {
        weight.subi(delta);
      }
    }
  }

  /**
   * Adam (Kingma and Ba, 2015): {@code m = b1 m + (1 - b1) g; v = b2 v + (1 - b2) g^2; w -= lr
   * sqrt(1 - b2^t) / (1 - b1^t) m / (sqrt(v) + eps)}, through libtorch's fused update (one native
   * call per tensor).
   */
  static final class Adam extends NativeOptimizer {
    private final float beta1;
    private final float beta2;
    private final float epsilon;

    Adam(float beta1, float beta2, float epsilon) {
      this.beta1 = beta1;
      this.beta2 = beta2;
      this.epsilon = epsilon;
    }

    @Override
    public int statesPerParameter() {
      return 2;
    }

    @Override
    void update(NDArray weight, NDArray gradient, NDArray[] state, float learningRate, long step) {
      double correction1 = 1.0 - Math.pow(beta1, step);
      double correction2 = 1.0 - Math.pow(beta2, step);
      float stepSize = (float) (learningRate * Math.sqrt(correction2) / correction1);
      // No weight decay, no gradient rescaling, no clipping (a negative clip disables it).
      JniUtils.adamUpdate(
          (PtNDArray) weight,
          (PtNDArray) gradient,
          (PtNDArray) state[0],
          (PtNDArray) state[1],
          stepSize,
          stepSize,
          0f,
          1f,
          -1f,
          beta1,
          beta2,
          epsilon,
          false);
    }
  }
}
