package io.sparkda.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * One DANN training step's maths, as in Ganin et al. (2016): label loss on the source batch,
 * domain loss on source + target batches through the gradient reversal layer, one backward pass
 * through their sum. Returns the gradient; the optimizer lives elsewhere.
 */
public final class DannStep {
  private DannStep() {}

  /** What one step computed. */
  public static final class Result {
    public final float[] gradient;
    public final double labelLoss;
    public final double domainLoss;
    public final double domainAccuracy;

    Result(float[] gradient, double labelLoss, double domainLoss, double domainAccuracy) {
      this.gradient = gradient;
      this.labelLoss = labelLoss;
      this.domainLoss = domainLoss;
      this.domainAccuracy = domainAccuracy;
    }
  }

  /**
   * @param sourceX source features, row-major {@code [sourceLabels.length, numFeatures]}
   * @param targetX target features, row-major {@code [targetRows, numFeatures]}
   */
  public static Result compute(
      NDManager parent,
      NetworkArchitecture architecture,
      float[] params,
      float[] sourceX,
      long[] sourceLabels,
      float[] targetX,
      float lambda) {
    int d = architecture.numFeatures();
    int ns = sourceLabels.length;
    int nt = targetX.length / d;
    // Per-step temporaries in a sub-manager, freed at the end of the step.
    try (NDManager step = parent.newSubManager();
        Autograd recording = Autograd.recording()) {
      DannNetwork network = DannNetwork.forTraining(step, architecture, params);
      NDArray xs = step.create(sourceX, new Shape(ns, d));
      NDArray xt = step.create(targetX, new Shape(nt, d));
      NDArray ys = step.create(sourceLabels);
      long[] domains = new long[ns + nt];
      java.util.Arrays.fill(domains, ns, ns + nt, 1L);
      NDArray yd = step.create(domains);

      NDArray embedding = network.embed(xs.concat(xt, 0));
      NDArray sourceEmbedding = embedding.get("0:" + ns);
      NDArray labelLoss = Losses.softmaxCrossEntropy(network.labelLogits(sourceEmbedding), ys);
      NDArray domainLogits = network.domainLogits(embedding, lambda);
      NDArray domainLoss = Losses.softmaxCrossEntropy(domainLogits, yd);
      Autograd.backward(labelLoss.add(domainLoss));

      double domainAccuracy = Losses.correct(domainLogits, yd) / (double) (ns + nt);
      return new Result(
          network.gradients(), labelLoss.getFloat(), domainLoss.getFloat(), domainAccuracy);
    }
  }
}
