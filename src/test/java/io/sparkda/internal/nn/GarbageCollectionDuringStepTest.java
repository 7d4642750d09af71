package io.sparkda.internal.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import io.sparkda.testutil.ForcedGc;
import java.io.IOException;
import java.lang.ref.Reference;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A garbage collection between a step's forward and backward pass leaves its gradient bitwise
 * unchanged. Before the fix, DJL's {@code Number} overloads (the reversal layer's {@code
 * mul(-lambda)}, MMD's bandwidth divisions, CORAL's normalisations, the alignment weight) made
 * scalar operands over Java-owned direct buffers that autograd kept for backward; the GC freed them
 * and backward read whatever reused the memory. Conv and pooling layers take their window sizes as
 * shapes, not scalar tensors, and a TorchScript module computes with views of the flat weights; the
 * conv and TorchScript networks check that they stay clear of it too. With libtorch's C++ API a
 * Java tensor holds a reference-counted handle and scalars are C++ values, so this now guards
 * against a Java-owned buffer entering a graph (the dense shard's view, {@code Tensors.viewOf}).
 */
class GarbageCollectionDuringStepTest {
  private static final NetworkArchitecture MLP =
      new NetworkArchitecture(5, new int[] {8, 6}, 3, new int[] {4});

  static Stream<Arguments> networksAndAlignments() throws IOException {
    NetworkArchitecture torchScript = TorchScriptLayerTest.network();
    List<Arguments> cases = new ArrayList<>();
    for (Alignment alignment : Alignment.values()) {
      cases.add(Arguments.of("mlp", MLP, alignment));
      cases.add(Arguments.of("conv", ConvGradientTest.CONV_POOL_CONV_POOL_DENSE, alignment));
      cases.add(Arguments.of("torchscript", torchScript, alignment));
    }
    return cases.stream();
  }

  @ParameterizedTest(name = "{0} {2}")
  @MethodSource("networksAndAlignments")
  void gradientIsUnchangedByAGarbageCollectionBeforeBackward(
      String name, NetworkArchitecture arch, Alignment alignment) {
    Random random = new Random(11);
    float[] params = arch.initialParameters(3);
    int d = arch.numFeatures();
    float[] xs = gaussian(random, 16 * d);
    float[] xt = gaussian(random, 16 * d);
    long[] ys = new long[16];
    for (int r = 0; r < ys.length; r++) {
      ys[r] = random.nextInt(arch.numClasses());
    }
    float weight = 0.7f;
    float[] undisturbed =
        ReferenceStep.compute(arch, params, xs, ys, xt, null, null, alignment, weight).gradient;
    Object[] reused = new Object[1];
    float[] collected =
        ReferenceStep.compute(
                arch,
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

  private static float[] gaussian(Random random, int n) {
    float[] a = new float[n];
    for (int i = 0; i < n; i++) {
      a[i] = (float) random.nextGaussian();
    }
    return a;
  }
}
