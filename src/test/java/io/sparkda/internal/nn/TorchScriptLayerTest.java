package io.sparkda.internal.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.bytedeco.javacpp.PointerScope;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A TorchScript feature extractor (src/test/resources/torchscript/extractor.pt: 2 -> 6 -> 4, ReLU
 * after each linear layer) trained through the flat parameter vector. {@link
 * GarbageCollectionDuringStepTest} runs it too.
 */
class TorchScriptLayerTest {
  static final Path EXTRACTOR = Path.of("src/test/resources/torchscript/extractor.pt");

  static TorchScriptLayer extractor() throws IOException {
    return TorchScriptLayer.load(Files.readAllBytes(EXTRACTOR), "extractor.pt", RowShape.of(2));
  }

  static NetworkArchitecture network() throws IOException {
    return new NetworkArchitecture(
        RowShape.of(2), FeatureExtractorSpec.torchScript(extractor()), 3, new int[] {5});
  }

  @Test
  void probingReadsTheModulesParametersAndOutputShape() throws IOException {
    TorchScriptLayer layer = extractor();
    assertArrayEquals(new int[] {12, 6, 24, 4}, layer.parameterSizes(RowShape.of(2)));
    assertEquals(RowShape.of(4), layer.outputShape(RowShape.of(2)));
    NetworkArchitecture architecture = network();
    assertEquals(4, architecture.embeddingSize());
    assertEquals("torchscript(extractor.pt)", architecture.extractor().toString());
    float[] params = architecture.initialParameters(1);
    float[] again = network().initialParameters(2);
    for (int i = 0; i < 46; i++) {
      assertEquals(params[i], again[i], "the module's own initial values, whatever the seed");
    }
  }

  @Test
  void aModuleThatCannotTakeTheRowsIsRefusedWithTheShape() throws IOException {
    byte[] bytes = Files.readAllBytes(EXTRACTOR);
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> TorchScriptLayer.load(bytes, "extractor.pt", RowShape.of(3)));
    assertTrue(e.getMessage().contains("does not take rows of shape [3]"), e.getMessage());
    IllegalArgumentException notAModule =
        assertThrows(
            IllegalArgumentException.class,
            () -> TorchScriptLayer.load(new byte[] {1, 2, 3}, "junk.pt", RowShape.of(2)));
    assertTrue(notAModule.getMessage().contains("junk.pt is not a TorchScript module"));
  }

  @ParameterizedTest
  @EnumSource(
      value = Alignment.class,
      names = {"ADVERSARIAL", "CORAL", "NONE"})
  void gradientThroughTheModuleMatchesFiniteDifferences(Alignment alignment) throws IOException {
    float[] gradient = FiniteDifferences.check(network(), 31, alignment, null);
    boolean moduleMoved = false;
    for (int i = 0; i < 46; i++) {
      moduleMoved |= gradient[i] != 0f;
    }
    assertTrue(moduleMoved, "the module's slice of the flat gradient is filled in");
  }

  @Test
  void aRoundOfStepsMovesTheModulesWeightsInTheFlatVector() throws IOException {
    NetworkArchitecture architecture = network();
    float[] params = architecture.initialParameters(1);
    float[] before = params.clone();
    NativeOptimizer adam = NativeOptimizer.named(NativeOptimizer.ADAM);
    float[] state = new float[adam.stateSize(params.length)];
    Random random = new Random(8);
    try (NetworkTrainer trainer = new NetworkTrainer(architecture, params, state, adam)) {
      for (int step = 1; step <= 3; step++) {
        float[] rows = FiniteDifferences.gaussian(random, 16 * 2);
        long[] ys = new long[8];
        try (PointerScope batch = new PointerScope()) {
          assertTrue(
              trainer.step(
                      Tensors.floats(rows, 0, 16, 2),
                      Tensors.longs(ys, 0, 8),
                      null,
                      null,
                      Alignment.ADVERSARIAL,
                      0.5f,
                      0.01f,
                      step)
                  .applied);
        }
      }
      trainer.copyState(params, state);
    }
    int moved = 0;
    for (int i = 0; i < 46; i++) {
      moved += params[i] != before[i] ? 1 : 0;
    }
    assertTrue(moved > 40, moved + " of the module's 46 weights moved");
  }
}
