package io.sparkda.internal.nn;

import static org.bytedeco.pytorch.global.torch.stack;

import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.global.torch.ScalarType;

/**
 * The native side of one task's round of local steps: the network's weights, their gradient and the
 * optimizer state stay in libtorch tensors for the whole round and cross the JNI boundary once in
 * each direction ({@link #NetworkTrainer construction} and {@link #copyState}). Each {@link #step}
 * runs forward, backward, a native check that the loss and every gradient are finite, and the
 * in-place update; it reads back one small vector (the losses and that check).
 *
 * <p>Its native state lives in a scope of its own until {@link #close}; each step's temporaries in
 * a scope of the step.
 */
public final class NetworkTrainer implements AutoCloseable {
  private final PointerScope natives;
  private final Network network;
  private final NativeOptimizer optimizer;

  /** The optimizer's state tensors, each in the layout of the weights. */
  private final Tensor[] state;

  /**
   * @param optimizerState the optimizer's state in its first {@code optimizer.stateSize(n)} floats
   *     (what follows is the caller's)
   */
  public NetworkTrainer(
      NetworkArchitecture architecture,
      float[] params,
      float[] optimizerState,
      NativeOptimizer optimizer) {
    int n = architecture.numParameters();
    if (optimizerState.length < optimizer.stateSize(n)) {
      throw new IllegalArgumentException(
          "optimizer state has "
              + optimizerState.length
              + " floats, at least "
              + optimizer.stateSize(n)
              + " expected");
    }
    this.optimizer = optimizer;
    this.natives = Scopes.open();
    try {
      this.network = Network.forTraining(architecture, params);
      this.state = new Tensor[optimizer.statesPerParameter()];
      for (int k = 0; k < state.length; k++) {
        state[k] = Tensors.floats(optimizerState, k * n, n);
      }
    } catch (RuntimeException | Error e) {
      natives.close();
      throw e;
    }
    Scopes.owned(natives);
  }

  /** What one step computed; its losses are meaningful only when {@link #applied}. */
  public static final class StepOutcome {
    public final boolean applied;
    public final double labelLoss;

    /** The alignment loss before weighting. */
    public final double alignmentLoss;

    /** Domain head accuracy over source + target rows; NaN without a domain head. */
    public final double domainAccuracy;

    StepOutcome(boolean applied, double labelLoss, double alignmentLoss, double domainAccuracy) {
      this.applied = applied;
      this.labelLoss = labelLoss;
      this.alignmentLoss = alignmentLoss;
      this.domainAccuracy = domainAccuracy;
    }
  }

  /**
   * One step on batches that are already tensors, {@code x} the source rows then the target rows
   * (see {@link TrainingStep#forward}); the update is skipped when the loss or any gradient is not
   * finite.
   *
   * @param step 1-based global step number
   */
  public StepOutcome step(
      Tensor x,
      Tensor ys,
      Tensor xl,
      Tensor yl,
      Alignment alignment,
      float weight,
      float learningRate,
      long step) {
    try (PointerScope temporaries = new PointerScope()) {
      network.zeroGradient();
      TrainingStep.StepLosses losses;
      try (Autograd recording = Autograd.recording()) {
        losses = TrainingStep.forward(network, x, ys, xl, yl, alignment, weight);
        Autograd.backward(losses.total);
      }
      try (Autograd off = Autograd.inference()) {
        Tensor gradient = network.gradient();
        // NaN and infinity survive a sum: one finite value means every term was finite.
        Tensor check = losses.total.add(gradient.sum());
        Tensor correct =
            losses.domainCorrect == null
                ? Tensors.floats(new float[] {Float.NaN}, 0)
                : losses.domainCorrect.to(ScalarType.Float);
        float[] read =
            Tensors.toFloats(
                stack(new TensorVector(check, losses.labelLoss, losses.alignmentLoss, correct)));
        if (!Float.isFinite(read[0])) {
          return new StepOutcome(false, read[1], read[2], Double.NaN);
        }
        optimizer.update(network.weights(), gradient, state, learningRate, step);
        return new StepOutcome(true, read[1], read[2], read[3] / (double) x.size(0));
      }
    }
  }

  /**
   * Writes the weights and the optimizer state into their flat arrays (once, at round end); the
   * state takes the array's first {@code stateSize} floats, as the constructor read them.
   */
  public void copyState(float[] params, float[] optimizerState) {
    try (PointerScope temporaries = new PointerScope()) {
      int n = params.length;
      network.weights().data_ptr_float().get(params, 0, n);
      for (int k = 0; k < state.length; k++) {
        state[k].data_ptr_float().get(optimizerState, k * n, n);
      }
    }
  }

  /** Frees the weights, gradient and optimizer state. */
  @Override
  public void close() {
    natives.close();
  }
}
