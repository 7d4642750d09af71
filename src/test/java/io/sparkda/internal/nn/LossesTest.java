package io.sparkda.internal.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.bytedeco.javacpp.PointerScope;
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
    try (PointerScope scope = new PointerScope()) {
      float loss =
          Losses.softmaxCrossEntropy(Tensors.floats(logits, 0, 2, 3), Tensors.longs(labels, 0, 2))
              .item_float();
      assertEquals(expected, loss, 1e-6);
      assertEquals(
          2,
          Losses.correctCount(Tensors.floats(logits, 0, 2, 3), Tensors.longs(labels, 0, 2))
              .item_long());
      assertEquals(
          0,
          Losses.correctCount(
                  Tensors.floats(logits, 0, 2, 3), Tensors.longs(new long[] {1, 1}, 0, 2))
              .item_long());
    }
  }
}
