package io.sparkda.internal.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Two threads stepping at once (two Spark tasks in one executor) get the sequential results, with a
 * forced garbage collection every few rounds. On DJL, before scalar operands became libtorch-owned,
 * this failed every time with garbage gradients (3e16, -129): the GC of one thread freed an operand
 * that the other thread's autograd still had to read.
 */
class TrainingStepConcurrencyTest {
  private static final NetworkArchitecture ARCH =
      new NetworkArchitecture(5, new int[] {8, 6}, 3, new int[] {4});

  /** Rounds between the garbage collections that one of the threads forces. */
  private static final int GC_EVERY = 5;

  @Test
  void concurrentStepsMatchSequentialOnes() throws Exception {
    check(Alignment.ADVERSARIAL, 0.5f);
  }

  @Test
  void concurrentMmdStepsMatchSequentialOnes() throws Exception {
    check(Alignment.MMD, 1f);
  }

  @Test
  void concurrentCoralStepsMatchSequentialOnes() throws Exception {
    check(Alignment.CORAL, 1f);
  }

  private static void check(Alignment alignment, float weight) throws Exception {
    int inputs = 2;
    float[][] params = new float[inputs][];
    float[][] xs = new float[inputs][];
    long[][] ys = new long[inputs][];
    float[][] xt = new float[inputs][];
    float[][] expected = new float[inputs][];
    Random random = new Random(7);
    for (int i = 0; i < inputs; i++) {
      params[i] = ARCH.initialParameters(i);
      xs[i] = randoms(random, 16 * 5);
      xt[i] = randoms(random, 16 * 5);
      ys[i] = new long[16];
      for (int r = 0; r < 16; r++) {
        ys[i][r] = random.nextInt(3);
      }
      expected[i] =
          ReferenceStep.compute(ARCH, params[i], xs[i], ys[i], xt[i], null, null, alignment, weight)
              .gradient;
    }
    ExecutorService pool = Executors.newFixedThreadPool(inputs);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < inputs; t++) {
        final int i = t;
        futures.add(
            pool.submit(
                () -> {
                  // As in a Spark task: one libtorch intra-op thread per task (threadsPerTask = 1).
                  NativeThreads.useOnCurrentThread(1);
                  for (int round = 0; round < 300; round++) {
                    if (i == 0 && round % GC_EVERY == 0) {
                      System.gc();
                    }
                    float[] g =
                        ReferenceStep.compute(
                                ARCH, params[i], xs[i], ys[i], xt[i], null, null, alignment, weight)
                            .gradient;
                    assertArrayEquals(expected[i], g, 1e-5f, "thread " + i + " round " + round);
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
