package io.sparkda.internal.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class NetworkPredictorTest {
  private static final NetworkArchitecture ARCH =
      new NetworkArchitecture(4, new int[] {6, 3}, 2, new int[] {2});

  @Test
  void aSessionScoresManyBatchesLikeOneShotPredictions() {
    NetworkPredictor predictor = new NetworkPredictor(ARCH, ARCH.initialParameters(3));
    Random random = new Random(2);
    float[] first = gaussian(random, 5 * 4);
    float[] second = gaussian(random, 5 * 4);
    try (NetworkPredictor.Session session = predictor.session()) {
      // A batch array longer than its rows: only the first 3 rows are scored.
      NetworkPredictor.Outputs a = session.predict(new DenseRows(first, 3, 4), true);
      NetworkPredictor.Outputs b = session.predict(new DenseRows(second, 5, 4), false);
      NetworkPredictor.Outputs expectedA = predictor.predict(Arrays.copyOf(first, 12), 3, true);
      assertArrayEquals(expectedA.logits, a.logits, 0f);
      assertArrayEquals(expectedA.embeddings, a.embeddings, 0f);
      assertArrayEquals(predictor.predict(second, 5, false).logits, b.logits, 0f);
      assertArrayEquals(new int[] {6, 10}, new int[] {a.logits.length, b.logits.length});
    }
  }

  @Test
  void sparseRowsScoreAsTheirDenseForm() {
    NetworkPredictor predictor = new NetworkPredictor(ARCH, ARCH.initialParameters(4));
    float[] rows = gaussian(new Random(5), 6 * 4);
    // Mostly zeros, and one row with none at all.
    for (int i = 0; i < rows.length; i++) {
      if (i % 3 != 0 || i < 4) {
        rows[i] = 0f;
      }
    }
    try (NetworkPredictor.Session session = predictor.session()) {
      NetworkPredictor.Outputs dense = session.predict(new DenseRows(rows, 6, 4), true);
      NetworkPredictor.Outputs sparse = session.predict(TestRows.csr(rows, 6, 4), true);
      assertEquals(12, sparse.logits.length);
      assertArrayEquals(dense.logits, sparse.logits, 1e-6f);
      assertArrayEquals(dense.embeddings, sparse.embeddings, 1e-6f);
    }
  }

  private static float[] gaussian(Random random, int n) {
    float[] a = new float[n];
    for (int i = 0; i < n; i++) {
      a[i] = (float) random.nextGaussian();
    }
    return a;
  }
}
