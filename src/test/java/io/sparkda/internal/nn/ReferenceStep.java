package io.sparkda.internal.nn;

import java.util.Arrays;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Tensor;

/**
 * A training step on float arrays, through {@link TrainingStep#forward}: the weights go native for
 * the step and the gradient comes back as a flat array. The reference that tests hold the native
 * round ({@link NetworkTrainer}) and the gradient maths against.
 */
final class ReferenceStep {
  private ReferenceStep() {}

  /** What one step computed. */
  static final class Result {
    public final float[] gradient;
    public final double labelLoss;

    /** The alignment loss before weighting (domain cross-entropy, MMD^2, CORAL; 0 for none). */
    public final double alignmentLoss;

    /** Accuracy of the domain head (adversarial only, NaN otherwise). */
    public final double domainAccuracy;

    Result(float[] gradient, double labelLoss, double alignmentLoss, double domainAccuracy) {
      this.gradient = gradient;
      this.labelLoss = labelLoss;
      this.alignmentLoss = alignmentLoss;
      this.domainAccuracy = domainAccuracy;
    }
  }

  /** A DANN step on unlabelled target rows (the unsupervised case). */
  static Result compute(
      NetworkArchitecture architecture,
      float[] params,
      float[] sourceX,
      long[] sourceLabels,
      float[] targetX,
      float lambda) {
    return compute(
        architecture,
        params,
        sourceX,
        sourceLabels,
        targetX,
        null,
        null,
        Alignment.ADVERSARIAL,
        lambda);
  }

  /**
   * @param sourceX source features, row-major {@code [sourceLabels.length, numFeatures]}
   * @param targetX target features, row-major {@code [targetRows, numFeatures]}
   * @param labelledTargetX labelled target rows for the label loss only, row-major; null = none
   * @param labelledTargetLabels their class indices
   * @param weight the alignment weight (lambda)
   */
  static Result compute(
      NetworkArchitecture architecture,
      float[] params,
      float[] sourceX,
      long[] sourceLabels,
      float[] targetX,
      float[] labelledTargetX,
      long[] labelledTargetLabels,
      Alignment alignment,
      float weight) {
    return compute(
        architecture,
        params,
        sourceX,
        sourceLabels,
        targetX,
        labelledTargetX,
        labelledTargetLabels,
        alignment,
        weight,
        () -> {});
  }

  /**
   * The same, running {@code betweenForwardAndBackward} after the graph is built and before
   * backward: tests force a garbage collection there, the window in which a scalar operand that
   * autograd saved must still be alive.
   */
  static Result compute(
      NetworkArchitecture architecture,
      float[] params,
      float[] sourceX,
      long[] sourceLabels,
      float[] targetX,
      float[] labelledTargetX,
      long[] labelledTargetLabels,
      Alignment alignment,
      float weight,
      Runnable betweenForwardAndBackward) {
    int d = architecture.numFeatures();
    // Everything native of the step in one scope, freed at its end.
    try (PointerScope step = new PointerScope();
        Autograd recording = Autograd.recording()) {
      Network network = Network.forTraining(architecture, params);
      Tensor labelledX =
          labelledTargetX == null || labelledTargetLabels.length == 0
              ? null
              : Tensors.floats(labelledTargetX, 0, labelledTargetLabels.length, d);
      float[] rows = Arrays.copyOf(sourceX, sourceX.length + targetX.length);
      System.arraycopy(targetX, 0, rows, sourceX.length, targetX.length);
      TrainingStep.StepLosses losses =
          TrainingStep.forward(
              network,
              Tensors.floats(rows, 0, rows.length / d, d),
              Tensors.longs(sourceLabels, 0, sourceLabels.length),
              labelledX,
              labelledX == null
                  ? null
                  : Tensors.longs(labelledTargetLabels, 0, labelledTargetLabels.length),
              alignment,
              weight);
      betweenForwardAndBackward.run();
      Autograd.backward(losses.total);
      return new Result(
          Tensors.toFloats(network.gradient()),
          losses.labelLoss.item_float(),
          losses.alignmentLoss.item_float(),
          losses.domainCorrect == null
              ? Double.NaN
              : losses.domainCorrect.item_long()
                  / (double) (sourceLabels.length + targetX.length / d));
    }
  }
}
