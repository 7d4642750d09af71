package io.sparkda.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * One training step's maths: the label loss on the labelled rows (the source batch, plus a batch
 * of labelled target rows in semi-supervised adaptation), plus an alignment term between the
 * source batch and the target batch, then one backward pass through their sum. Returns the
 * gradient; the optimizer lives elsewhere.
 *
 * <p>The labelled target rows enter the label loss only: the alignment term must see a target
 * batch drawn uniformly from the target, or it would align the source with the (confidently
 * labelled, hence unrepresentative) labelled part of it.
 *
 * <p>{@link Alignment#ADVERSARIAL} is DANN (Ganin et al. 2016): the domain loss goes through the
 * gradient reversal layer, which scales its gradient by {@code -weight}. {@link Alignment#MMD} and
 * {@link Alignment#CORAL} add {@code weight x loss}. {@link Alignment#NONE} trains source-only.
 */
public final class DannStep {
  private DannStep() {}

  /** What one step computed. */
  public static final class Result {
    public final float[] gradient;
    public final double labelLoss;
    /** The alignment loss before weighting (domain cross-entropy, MMD^2, CORAL; 0 for none). */
    public final double domainLoss;
    /** Accuracy of the domain head (adversarial only, NaN otherwise). */
    public final double domainAccuracy;

    Result(float[] gradient, double labelLoss, double domainLoss, double domainAccuracy) {
      this.gradient = gradient;
      this.labelLoss = labelLoss;
      this.domainLoss = domainLoss;
      this.domainAccuracy = domainAccuracy;
    }
  }

  /** A DANN step on unlabelled target rows (the unsupervised case). */
  public static Result compute(NDManager parent, NetworkArchitecture architecture, float[] params,
      float[] sourceX, long[] sourceLabels, float[] targetX, float lambda) {
    return compute(parent, architecture, params, sourceX, sourceLabels, targetX, null, null,
        Alignment.ADVERSARIAL, lambda);
  }

  /**
   * @param sourceX source features, row-major {@code [sourceLabels.length, numFeatures]}
   * @param targetX target features, row-major {@code [targetRows, numFeatures]}
   * @param labelledTargetX labelled target rows for the label loss only, row-major; null = none
   * @param labelledTargetLabels their class indices
   * @param weight the alignment weight (lambda)
   */
  public static Result compute(
      NDManager parent,
      NetworkArchitecture architecture,
      float[] params,
      float[] sourceX,
      long[] sourceLabels,
      float[] targetX,
      float[] labelledTargetX,
      long[] labelledTargetLabels,
      Alignment alignment,
      float weight) {
    return compute(parent, architecture, params, sourceX, sourceLabels, targetX, labelledTargetX,
        labelledTargetLabels, alignment, weight, () -> { });
  }

  /**
   * The same, running {@code betweenForwardAndBackward} after the graph is built and before
   * backward: tests force a garbage collection there, the window in which a scalar operand that
   * autograd saved must still be alive.
   */
  static Result compute(
      NDManager parent,
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
    int ns = sourceLabels.length;
    int nt = targetX.length / d;
    // Per-step temporaries in a sub-manager, freed at the end of the step.
    try (NDManager step = parent.newSubManager();
        Autograd recording = Autograd.recording()) {
      DannNetwork network = DannNetwork.forTraining(step, architecture, params);
      NDArray xs = step.create(sourceX, new Shape(ns, d));
      NDArray xt = step.create(targetX, new Shape(nt, d));
      NDArray embedding = network.embed(xs.concat(xt, 0));
      NDArray sourceEmbedding = embedding.get("0:" + ns);
      NDArray targetEmbedding = embedding.get(ns + ":" + (ns + nt));

      NDArray labelledEmbedding = sourceEmbedding;
      long[] labels = sourceLabels;
      if (labelledTargetX != null && labelledTargetLabels.length > 0) {
        labelledEmbedding = sourceEmbedding.concat(network.embed(
            step.create(labelledTargetX, new Shape(labelledTargetLabels.length, d))), 0);
        labels = concat(sourceLabels, labelledTargetLabels);
      }
      NDArray labelLoss = Losses.softmaxCrossEntropy(
          network.labelLogits(labelledEmbedding), step.create(labels));
      NDArray total;
      double domainLoss;
      double domainAccuracy = Double.NaN;
      switch (alignment) {
        case ADVERSARIAL: {
          long[] domains = new long[ns + nt];
          java.util.Arrays.fill(domains, ns, ns + nt, 1L);
          NDArray yd = step.create(domains);
          NDArray domainLogits = network.domainLogits(embedding, weight);
          NDArray loss = Losses.softmaxCrossEntropy(domainLogits, yd);
          total = labelLoss.add(loss);
          domainLoss = loss.getFloat();
          domainAccuracy = Losses.correct(domainLogits, yd) / (double) (ns + nt);
          break;
        }
        case MMD:
        case CORAL: {
          NDArray loss = alignment == Alignment.MMD
              ? MmdLoss.of(sourceEmbedding, targetEmbedding)
              : CoralLoss.of(sourceEmbedding, targetEmbedding);
          total = labelLoss.add(loss.mul(Scalars.like(loss, weight)));
          domainLoss = loss.getFloat();
          break;
        }
        case NONE:
          total = labelLoss;
          domainLoss = 0;
          break;
        default:
          throw new IllegalArgumentException("unsupported alignment " + alignment);
      }
      betweenForwardAndBackward.run();
      Autograd.backward(total);
      return new Result(network.gradients(), labelLoss.getFloat(), domainLoss, domainAccuracy);
    }
  }

  private static long[] concat(long[] a, long[] b) {
    long[] joined = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, joined, a.length, b.length);
    return joined;
  }
}
