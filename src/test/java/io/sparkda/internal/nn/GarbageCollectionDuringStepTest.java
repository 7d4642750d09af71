package io.sparkda.internal.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import ai.djl.ndarray.NDManager;
import io.sparkda.testutil.ForcedGc;
import java.lang.ref.Reference;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A garbage collection between a step's forward and backward pass leaves its gradient bitwise
 * unchanged. Before the fix, DJL's {@code Number} overloads (the reversal layer's {@code
 * mul(-lambda)}, MMD's bandwidth divisions, CORAL's normalisations, the alignment weight) made
 * scalar operands over Java-owned direct buffers that autograd kept for backward; the GC freed them
 * and backward read whatever reused the memory.
 */
class GarbageCollectionDuringStepTest {
  private static final NetworkArchitecture ARCH =
      new NetworkArchitecture(5, new int[] {8, 6}, 3, new int[] {4});

  @ParameterizedTest
  @EnumSource(Alignment.class)
  void gradientIsUnchangedByAGarbageCollectionBeforeBackward(Alignment alignment) {
    Random random = new Random(11);
    float[] params = ARCH.initialParameters(3);
    float[] xs = gaussian(random, 16 * 5);
    float[] xt = gaussian(random, 16 * 5);
    long[] ys = new long[16];
    for (int r = 0; r < ys.length; r++) {
      ys[r] = random.nextInt(3);
    }
    float weight = 0.7f;
    try (NDManager manager = NDManager.newBaseManager()) {
      float[] undisturbed =
          ReferenceStep.compute(manager, ARCH, params, xs, ys, xt, null, null, alignment, weight)
              .gradient;
      Object[] reused = new Object[1];
      float[] collected =
          ReferenceStep.compute(
                  manager,
                  ARCH,
                  params,
                  xs,
                  ys,
                  xt,
                  null,
                  null,
                  alignment,
                  weight,
                  () -> reused[0] = ForcedGc.collectAndReuseFreedMemory())
              .gradient;
      assertArrayEquals(undisturbed, collected, 0f, alignment + ": gradient after a GC");
      Reference.reachabilityFence(reused);
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
