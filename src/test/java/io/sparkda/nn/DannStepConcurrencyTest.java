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
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Two threads stepping at once (two Spark tasks in one executor) get the sequential results.
 *
 * <p>Known to fail in about 1 run in 4 on the development machine (garbage gradients such as 3e16
 * or -129 around step 25-31 of 300), also at the commit before the alignment losses, and also
 * when a global lock serializes the steps: so not two computations overlapping. The cause is not
 * understood yet (it is the likely source of the rare NaN rounds with two partitions in one JVM).
 * Tagged so that the default test run stays reliable; {@code .ci/run} runs it and reports.
 */
@Tag("known-native-race")
class DannStepConcurrencyTest {
  private static final NetworkArchitecture ARCH =
      new NetworkArchitecture(5, new int[] {8, 6}, 3, new int[] {4});

  @Test
  void concurrentStepsMatchSequentialOnes() throws Exception {
    check(Alignment.ADVERSARIAL, 0.5f);
  }

  @Test
  void concurrentMmdStepsMatchSequentialOnes() throws Exception {
    check(Alignment.MMD, 1f);
  }

  private static void check(Alignment alignment, float weight) throws Exception {
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
        expected[i] = DannStep.compute(manager, ARCH, params[i], xs[i], ys[i], xt[i], null, null,
            alignment, weight).gradient;
      }
    }
    ExecutorService pool = Executors.newFixedThreadPool(inputs);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < inputs; t++) {
        final int i = t;
        futures.add(pool.submit(() -> {
          // As in a Spark task: one libtorch intra-op thread per task (threadsPerTask = 1).
          NativeThreads.useOnCurrentThread(1);
          try (NDManager manager = NDManager.newBaseManager()) {
            for (int round = 0; round < 300; round++) {
              float[] g = DannStep.compute(manager, ARCH, params[i], xs[i], ys[i], xt[i], null,
                  null, alignment, weight).gradient;
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
