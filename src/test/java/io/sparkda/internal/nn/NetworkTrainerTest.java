package io.sparkda.internal.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import java.util.stream.Stream;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Steps with native weights and optimizer state against the reference: a gradient from {@link
 * ReferenceStep#compute} on float arrays and the plain-Java Adam.
 */
class NetworkTrainerTest {
  private static final NetworkArchitecture ARCH =
      new NetworkArchitecture(5, new int[] {8, 6}, 3, new int[] {4});
  private static final int ROWS = 16;

  static Stream<Arguments> alignmentsAndLayouts() {
    return Arrays.stream(Alignment.values())
        .flatMap(a -> Stream.of(Arguments.of(a, false), Arguments.of(a, true)));
  }

  /** Dense and sparse (CSR) batches of the same rows must give the reference's steps. */
  @ParameterizedTest
  @MethodSource("alignmentsAndLayouts")
  void nativeStepsMatchTheFloatArrayReference(Alignment alignment, boolean sparse) {
    Random random = new Random(3);
    float[][] xs = new float[4][];
    float[][] xt = new float[4][];
    long[][] ys = new long[4][];
    for (int s = 0; s < xs.length; s++) {
      // Mostly zeros, as sparse input is; a row of zeros only is among them.
      xs[s] = sparseGaussian(random, ROWS * 5);
      xt[s] = sparseGaussian(random, ROWS * 5);
      Arrays.fill(xt[s], 0, 5, 0f);
      ys[s] = labels(random, ROWS);
    }
    float[] params = ARCH.initialParameters(1);
    float[] state = new float[2 * ARCH.numParameters()];
    float lr = 0.01f;
    float weight = 0.5f;

    float[] expectedParams = params.clone();
    float[] expectedState = state.clone();
    double[] expectedLoss = new double[xs.length];
    for (int s = 0; s < xs.length; s++) {
      ReferenceStep.Result r =
          ReferenceStep.compute(
              ARCH, expectedParams, xs[s], ys[s], xt[s], null, null, alignment, weight);
      ReferenceOptimizers.adam(expectedParams, expectedState, r.gradient, lr, s + 1);
      expectedLoss[s] = r.labelLoss;
    }

    float[] gotParams = new float[params.length];
    float[] gotState = new float[state.length];
    try (PointerScope scope = new PointerScope();
        NetworkTrainer trainer =
            new NetworkTrainer(ARCH, params, state, NativeOptimizer.named("adam"))) {
      long[] all = new long[2 * ROWS];
      Arrays.setAll(all, i -> i);
      for (int s = 0; s < xs.length; s++) {
        float[] rows = Arrays.copyOf(xs[s], 2 * ROWS * 5);
        System.arraycopy(xt[s], 0, rows, ROWS * 5, ROWS * 5);
        FeatureRows batch =
            sparse ? TestRows.csr(rows, 2 * ROWS, 5) : new DenseRows(rows, 2 * ROWS, 5);
        Tensor x = batch.open().gather(all, 0, all.length);
        assertEquals(sparse, x.is_sparse_csr());
        NetworkTrainer.StepOutcome outcome =
            trainer.step(
                x, Tensors.longs(ys[s], 0, ROWS), null, null, alignment, weight, lr, s + 1);
        assertTrue(outcome.applied);
        assertEquals(expectedLoss[s], outcome.labelLoss, 1e-5, "label loss of step " + s);
        assertEquals(alignment == Alignment.ADVERSARIAL, Double.isFinite(outcome.domainAccuracy));
      }
      trainer.copyState(gotParams, gotState);
    }
    assertArrayEquals(expectedParams, gotParams, 1e-5f, alignment + " parameters");
    assertArrayEquals(expectedState, gotState, 1e-5f, alignment + " optimizer state");
  }

  @Test
  void aStepWithANonFiniteLossIsNotApplied() {
    float[] params = ARCH.initialParameters(2);
    float[] state = new float[2 * ARCH.numParameters()];
    Random random = new Random(4);
    float[] xs = gaussian(random, ROWS * 5);
    xs[7] = Float.NaN;
    try (PointerScope scope = new PointerScope();
        NetworkTrainer trainer =
            new NetworkTrainer(ARCH, params, state, NativeOptimizer.named("adam"))) {
      float[] rows = Arrays.copyOf(xs, 2 * ROWS * 5);
      System.arraycopy(gaussian(random, ROWS * 5), 0, rows, ROWS * 5, ROWS * 5);
      Tensor x = Tensors.floats(rows, 0, 2 * ROWS, 5);
      NetworkTrainer.StepOutcome outcome =
          trainer.step(
              x,
              Tensors.longs(labels(random, ROWS), 0, ROWS),
              null,
              null,
              Alignment.ADVERSARIAL,
              1f,
              0.01f,
              1);
      assertFalse(outcome.applied);
      float[] after = new float[params.length];
      float[] stateAfter = new float[state.length];
      trainer.copyState(after, stateAfter);
      assertArrayEquals(params, after, 0f, "weights untouched");
      assertArrayEquals(state, stateAfter, 0f, "optimizer state untouched");
    }
  }

  private static float[] gaussian(Random random, int n) {
    float[] a = new float[n];
    for (int i = 0; i < n; i++) {
      a[i] = (float) random.nextGaussian();
    }
    return a;
  }

  private static float[] sparseGaussian(Random random, int n) {
    float[] a = gaussian(random, n);
    for (int i = 0; i < n; i++) {
      if (random.nextInt(10) < 7) {
        a[i] = 0f;
      }
    }
    return a;
  }

  private static long[] labels(Random random, int n) {
    long[] y = new long[n];
    for (int i = 0; i < n; i++) {
      y[i] = random.nextInt(3);
    }
    return y;
  }
}
