package io.sparkda.internal.nn;

import java.util.Random;

/**
 * PyTorch's default initialisation of {@code Linear} and {@code Conv2d}: weights and biases alike
 * from {@code U(-1/sqrt(fanIn), 1/sqrt(fanIn))}, where {@code fanIn} is the number of inputs one
 * output sums over.
 */
final class FanInUniform {
  private FanInUniform() {}

  /** Fills {@code params[offset, offset + count)} in order from {@code random}. */
  static void fill(float[] params, int offset, int count, int fanIn, Random random) {
    float bound = (float) (1.0 / Math.sqrt(fanIn));
    for (int i = offset; i < offset + count; i++) {
      params[i] = (random.nextFloat() * 2f - 1f) * bound;
    }
  }
}
