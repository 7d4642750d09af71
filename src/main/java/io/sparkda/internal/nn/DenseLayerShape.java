package io.sparkda.internal.nn;

import java.io.Serializable;

/**
 * Where one dense layer's weights sit in the flat parameter vector: an {@code in x out} weight
 * matrix (row-major) followed by {@code out} biases.
 */
public final class DenseLayerShape implements Serializable {
  private static final long serialVersionUID = 1L;

  private final int in;
  private final int out;
  private final int offset;

  DenseLayerShape(int in, int out, int offset) {
    this.in = in;
    this.out = out;
    this.offset = offset;
  }

  public int in() {
    return in;
  }

  public int out() {
    return out;
  }

  public int weightOffset() {
    return offset;
  }

  public int biasOffset() {
    return offset + in * out;
  }

  /** First index after this layer's parameters. */
  public int end() {
    return biasOffset() + out;
  }
}
