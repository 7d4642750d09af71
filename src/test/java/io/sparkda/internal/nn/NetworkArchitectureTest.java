package io.sparkda.internal.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class NetworkArchitectureTest {
  @Test
  void layoutIsContiguousAndCountsEveryWeight() {
    NetworkArchitecture a = new NetworkArchitecture(5, new int[] {8, 6}, 3, new int[] {4});
    LayerStack features = a.featureExtractor();
    assertEquals(0, features.offset());
    assertEquals(List.of("[5, 8]", "[8]", "[8, 6]", "[6]"), shapes(features));
    assertEquals(features.end(), a.labelHead().offset());
    assertEquals(a.labelHead().end(), a.numInferenceParameters());
    assertEquals(a.labelHead().end(), a.domainHead().offset());
    assertEquals(List.of("[6, 4]", "[4]", "[4, 2]", "[2]"), shapes(a.domainHead()));
    assertEquals(RowShape.of(NetworkArchitecture.DOMAIN_CLASSES), a.domainHead().output());
    int expected = (5 * 8 + 8) + (8 * 6 + 6) + (6 * 3 + 3) + (6 * 4 + 4) + (4 * 2 + 2);
    assertEquals(expected, a.numParameters());
    assertEquals(6, a.embeddingSize());
  }

  @Test
  void theMlpHasReluAfterEveryFeatureLayerAndBetweenDomainLayersOnly() {
    NetworkArchitecture a = new NetworkArchitecture(5, new int[] {8, 6}, 3, new int[] {4});
    assertEquals("[dense(8), relu, dense(6), relu]", a.featureExtractor().layers().toString());
    assertEquals("[dense(3)]", a.labelHead().layers().toString());
    assertEquals("[dense(4), relu, dense(2)]", a.domainHead().layers().toString());
  }

  @Test
  void initialWeightsFollowPytorchLinearBoundsPerLayerAndTheSeed() {
    NetworkArchitecture a = new NetworkArchitecture(16, new int[] {4}, 2, new int[] {});
    float[] params = a.initialParameters(9);
    for (int i = 0; i < a.featureExtractor().end(); i++) {
      assertTrue(Math.abs(params[i]) <= 0.25f, "fan-in 16: |w| <= 1/4 at " + i);
    }
    // The heads see the 4-wide embedding: bound 1/2, and some weight must use it.
    boolean beyondQuarter = false;
    for (int i = a.labelHead().offset(); i < a.numParameters(); i++) {
      assertTrue(Math.abs(params[i]) <= 0.5f, "fan-in 4: |w| <= 1/2 at " + i);
      beyondQuarter |= Math.abs(params[i]) > 0.25f;
    }
    assertTrue(beyondQuarter);
    assertArrayEquals(params, a.initialParameters(9));
    assertNotEquals(params[0], a.initialParameters(10)[0]);
  }

  @Test
  void aLayerThatCannotTakeItsInputFailsWhenTheStackIsBuilt() {
    Layer needsImages = new DenseLayer(3);
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> new LayerStack(RowShape.of(1, 28, 28), List.of(needsImages), 0));
    assertTrue(e.getMessage().contains("dense(3)"), e.getMessage());
    assertTrue(e.getMessage().contains("[1, 28, 28]"), e.getMessage());
  }

  @Test
  void stacksInitialiseTheirLayersInLayoutOrder() {
    LayerStack stack =
        new LayerStack(
            RowShape.of(3), List.of(new DenseLayer(2), new ReluLayer(), new DenseLayer(1)), 4);
    float[] params = new float[stack.end()];
    stack.initialize(params, new Random(1));
    for (int i = 0; i < 4; i++) {
      assertEquals(0f, params[i], "before the stack's offset");
    }
    assertEquals(4 + 3 * 2 + 2 + 2 * 1 + 1, stack.end());
    assertNotEquals(0f, params[stack.end() - 1]);
  }

  @Test
  void equalityComparesEveryLayer() {
    NetworkArchitecture a = new NetworkArchitecture(5, new int[] {8}, 3, new int[] {4});
    assertEquals(a, new NetworkArchitecture(5, new int[] {8}, 3, new int[] {4}));
    assertNotEquals(a, new NetworkArchitecture(5, new int[] {16}, 3, new int[] {4}));
    assertNotEquals(a, new NetworkArchitecture(5, new int[] {8}, 3, new int[] {}));
  }

  @Test
  void rejectsImpossibleShapes() {
    assertThrows(
        IllegalArgumentException.class,
        () -> new NetworkArchitecture(5, new int[] {}, 3, new int[] {}));
    assertThrows(
        IllegalArgumentException.class,
        () -> new NetworkArchitecture(5, new int[] {0}, 3, new int[] {}));
    assertThrows(
        IllegalArgumentException.class,
        () -> new NetworkArchitecture(5, new int[] {4}, 1, new int[] {}));
  }

  private static List<String> shapes(LayerStack stack) {
    return stack.parameterShapes().stream().map(Arrays::toString).toList();
  }
}
