package io.sparkda.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

class DannPredictorTest {
  @Test
  void aSessionScoresManyBatchesLikeOneShotPredictions() {
    NetworkArchitecture arch = new NetworkArchitecture(4, new int[] {6, 3}, 2, new int[] {2});
    DannPredictor predictor = new DannPredictor(arch, ParameterInit.initialize(arch, 3));
    Random random = new Random(2);
    float[] first = new float[5 * 4];
    float[] second = new float[5 * 4];
    for (int i = 0; i < first.length; i++) {
      first[i] = (float) random.nextGaussian();
      second[i] = (float) random.nextGaussian();
    }
    try (DannPredictor.Session session = predictor.session()) {
      // A batch array longer than its rows: only the first 3 rows are scored.
      DannPredictor.Outputs a = session.predict(first, 3, true);
      DannPredictor.Outputs b = session.predict(second, 5, false);
      DannPredictor.Outputs expectedA = predictor.predict(java.util.Arrays.copyOf(first, 12), 3, true);
      assertArrayEquals(expectedA.logits, a.logits, 0f);
      assertArrayEquals(expectedA.embeddings, a.embeddings, 0f);
      assertArrayEquals(predictor.predict(second, 5, false).logits, b.logits, 0f);
      assertArrayEquals(new int[] {6, 10}, new int[] {a.logits.length, b.logits.length});
    }
  }
}
