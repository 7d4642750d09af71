package io.sparkda.internal.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * The native side of one task's round of local steps: the network's weights, their gradients and
 * the optimizer state stay in libtorch tensors for the whole round and cross the JNI boundary once
 * in each direction ({@link #NetworkTrainer construction} and {@link #copyState}). Each {@link
 * #step} runs forward, backward, a native check that the loss and every gradient are finite, and
 * the in-place update; it reads back one small vector (the losses and that check).
 *
 * <p>The caller owns {@code manager}; everything here is freed when it closes.
 */
public final class NetworkTrainer {
  private final NDManager manager;
  private final Network network;
  private final NDArray weights;
  private final NativeOptimizer optimizer;

  /** The optimizer's state tensors, each in the layout of the weights. */
  private final NDArray[] state;

  public NetworkTrainer(
      NDManager manager,
      NetworkArchitecture architecture,
      float[] params,
      float[] optimizerState,
      NativeOptimizer optimizer) {
    this.manager = manager;
    this.network = Network.forTraining(manager, architecture, params);
    this.weights = network.parameters();
    this.optimizer = optimizer;
    int n = architecture.numParameters();
    if (optimizerState.length != optimizer.stateSize(n)) {
      throw new IllegalArgumentException(
          "optimizer state has "
              + optimizerState.length
              + " floats, "
              + optimizer.stateSize(n)
              + " expected");
    }
    this.state = new NDArray[optimizer.statesPerParameter()];
    for (int k = 0; k < state.length; k++) {
      state[k] = NativeCopies.floats(manager, optimizerState, k * n, new Shape(n));
    }
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
      NDArray x,
      NDArray ys,
      NDArray xl,
      NDArray yl,
      Alignment alignment,
      float weight,
      float learningRate,
      long step) {
    try (NDManager scope = manager.newSubManager()) {
      // Until the scope closes, the inputs belong to it, and so does every temporary derived
      // from them (DJL puts an op's result in its first operand's manager).
      for (NDArray array : new NDArray[] {x, ys, xl, yl}) {
        if (array != null) {
          array.tempAttach(scope);
        }
      }
      network.zeroGradients();
      TrainingStep.StepLosses losses;
      try (Autograd recording = Autograd.recording()) {
        losses = TrainingStep.forward(network, x, ys, xl, yl, alignment, weight);
        Autograd.backward(losses.total);
      }
      try (Autograd off = Autograd.inference()) {
        NDArray gradient = network.gradient();
        gradient.attach(scope);
        // NaN and infinity survive a sum: one finite value means every term was finite.
        NDArray check = losses.total.add(gradient.sum());
        NDArray correct =
            losses.domainCorrect == null
                ? Scalars.like(check, Double.NaN)
                : losses.domainCorrect.toType(DataType.FLOAT32, false);
        float[] read =
            NDArrays.stack(new NDList(check, losses.labelLoss, losses.alignmentLoss, correct))
                .toFloatArray();
        if (!Float.isFinite(read[0])) {
          return new StepOutcome(false, read[1], read[2], Double.NaN);
        }
        optimizer.update(weights, gradient, state, learningRate, step);
        return new StepOutcome(true, read[1], read[2], read[3] / (double) x.getShape().get(0));
      }
    }
  }

  /** Writes the weights and the optimizer state into their flat arrays (once, at round end). */
  public void copyState(float[] params, float[] optimizerState) {
    int n = params.length;
    System.arraycopy(weights.toFloatArray(), 0, params, 0, n);
    for (int k = 0; k < state.length; k++) {
      System.arraycopy(state[k].toFloatArray(), 0, optimizerState, k * n, n);
    }
  }
}
