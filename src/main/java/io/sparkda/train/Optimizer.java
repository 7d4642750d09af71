package io.sparkda.train;

import java.io.Serializable;

/**
 * An update rule on the flat parameter vector. Its state (momentum, Adam moments) is a plain
 * {@code float[]} as well, so that it travels and is averaged between partitions together with
 * the parameters: averaging parameters while each partition restarts its optimizer from zero is
 * one of the ways parameter averaging loses accuracy.
 */
public interface Optimizer extends Serializable {
  String SGD = "sgd";
  String ADAM = "adam";

  /** Length of the state array for {@code numParameters} parameters. */
  int stateSize(int numParameters);

  /**
   * Applies one update in place.
   *
   * @param step 1-based global step number (Adam's bias correction)
   */
  void update(float[] params, float[] state, float[] gradient, float learningRate, long step);

  static Optimizer named(String name) {
    switch (name) {
      case SGD:
        return new SgdMomentum(0.9f);
      case ADAM:
        return new Adam(0.9f, 0.999f, 1e-8f);
      default:
        throw new IllegalArgumentException("unknown optimizer: " + name + " (use sgd or adam)");
    }
  }
}
