package io.sparkda.internal.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

class LossesTest {
  @Test
  void softmaxCrossEntropyMatchesDirectComputation() {
    float[] logits = {2f, -1f, 0.5f, 0.1f, 0.2f, 3f};
    long[] labels = {0, 2};
    double expected = 0;
    for (int r = 0; r < 2; r++) {
      double sum = 0;
      for (int c = 0; c < 3; c++) {
        sum += Math.exp(logits[r * 3 + c]);
      }
      expected += -(logits[r * 3 + (int) labels[r]] - Math.log(sum)) / 2;
    }
    try (NDManager m = NDManager.newBaseManager()) {
      float loss =
          Losses.softmaxCrossEntropy(m.create(logits, new Shape(2, 3)), m.create(labels))
              .getFloat();
      assertEquals(expected, loss, 1e-6);
      assertEquals(
          2, Losses.correctCount(m.create(logits, new Shape(2, 3)), m.create(labels)).getLong());
      assertEquals(
          0,
          Losses.correctCount(m.create(logits, new Shape(2, 3)), m.create(new long[] {1, 1}))
              .getLong());
    }
  }
}
