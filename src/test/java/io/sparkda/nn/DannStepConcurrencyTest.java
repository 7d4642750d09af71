package io.sparkda.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Two threads stepping at once (two Spark tasks in one executor) get the sequential results. */
class DannStepConcurrencyTest {
  private static final NetworkArchitecture ARCH =
      new NetworkArchitecture(5, new int[] {8, 6}, 3, new int[] {4});

  @Test
  void concurrentStepsMatchSequentialOnes() throws Exception {
    int inputs = 2;
    float[][] params = new float[inputs][];
    float[][] xs = new float[inputs][];
    long[][] ys = new long[inputs][];
    float[][] xt = new float[inputs][];
    float[][] expected = new float[inputs][];
    Random random = new Random(7);
    try (NDManager manager = NDManager.newBaseManager()) {
      for (int i = 0; i < inputs; i++) {
        params[i] = ParameterInit.initialize(ARCH, i);
        xs[i] = randoms(random, 16 * 5);
        xt[i] = randoms(random, 16 * 5);
        ys[i] = new long[16];
        for (int r = 0; r < 16; r++) {
          ys[i][r] = random.nextInt(3);
        }
        expected[i] = DannStep.compute(manager, ARCH, params[i], xs[i], ys[i], xt[i], 0.5f).gradient;
      }
    }
    ExecutorService pool = Executors.newFixedThreadPool(inputs);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < inputs; t++) {
        final int i = t;
        futures.add(pool.submit(() -> {
          try (NDManager manager = NDManager.newBaseManager()) {
            for (int round = 0; round < 300; round++) {
              float[] g = DannStep.compute(manager, ARCH, params[i], xs[i], ys[i], xt[i], 0.5f).gradient;
              assertArrayEquals(expected[i], g, 1e-5f, "thread " + i + " round " + round);
            }
          }
          return null;
        }));
      }
      for (Future<?> f : futures) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
    assertEquals(ARCH.numParameters(), expected[0].length);
  }

  private static float[] randoms(Random random, int n) {
    float[] a = new float[n];
    for (int i = 0; i < n; i++) {
      a[i] = (float) random.nextGaussian();
    }
    return a;
  }
}
