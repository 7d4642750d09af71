package io.sparkda.internal.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class NetworkArchitectureTest {
  @Test
  void layoutIsContiguousAndCountsEveryWeight() {
    NetworkArchitecture a = new NetworkArchitecture(5, new int[] {8, 6}, 3, new int[] {4});
    List<DenseLayerShape> features = a.featureLayers();
    assertEquals(0, features.get(0).weightOffset());
    assertEquals(5 * 8 + 8, features.get(1).weightOffset());
    assertEquals(features.get(1).end(), a.labelLayer().weightOffset());
    assertEquals(a.labelLayer().end(), a.numInferenceParameters());
    List<DenseLayerShape> domain = a.domainLayers();
    assertEquals(6, domain.get(0).in());
    assertEquals(NetworkArchitecture.DOMAIN_CLASSES, domain.get(1).out());
    int expected = (5 * 8 + 8) + (8 * 6 + 6) + (6 * 3 + 3) + (6 * 4 + 4) + (4 * 2 + 2);
    assertEquals(expected, a.numParameters());
    assertEquals(6, a.embeddingSize());
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
    assertThrows(IllegalArgumentException.class, () -> new NetworkArchitecture(5, new int[] {}, 3, new int[] {}));
    assertThrows(IllegalArgumentException.class, () -> new NetworkArchitecture(5, new int[] {0}, 3, new int[] {}));
    assertThrows(IllegalArgumentException.class, () -> new NetworkArchitecture(5, new int[] {4}, 1, new int[] {}));
  }
}
