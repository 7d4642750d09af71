package io.sparkda.internal.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class NeighbourhoodDensityTest {
  @Test
  void identicalPredictionsSpreadEveryRowsSimilarityEvenly() {
    double[][] rows = new double[10][];
    for (int i = 0; i < rows.length; i++) {
      rows[i] = new double[] {0.7, 0.2, 0.1};
    }
    assertEquals(Math.log(9), NeighbourhoodDensity.of(rows, 0.05), 1e-9);
  }

  @Test
  void twoConfidentClustersConcentrateOnTheRowsOwnCluster() {
    double[][] rows = new double[12][];
    for (int i = 0; i < rows.length; i++) {
      rows[i] = i < 6 ? new double[] {1, 0} : new double[] {0, 1};
    }
    // Cosine 1 inside a cluster, 0 across: at temperature 0.05 the other cluster's weight is
    // e^-20 of a neighbour's, so each row's distribution is uniform over its 5 neighbours.
    assertEquals(Math.log(5), NeighbourhoodDensity.of(rows, 0.05), 1e-6);
  }

  @Test
  void theTemperatureSharpensTheNeighbourhood() {
    Random random = new Random(3);
    double[][] rows = new double[30][];
    for (int i = 0; i < rows.length; i++) {
      double a = random.nextDouble();
      rows[i] = new double[] {a, 1 - a};
    }
    assertTrue(NeighbourhoodDensity.of(rows, 0.01) < NeighbourhoodDensity.of(rows, 1.0));
  }

  @Test
  void needsTwoRows() {
    assertThrows(
        IllegalArgumentException.class,
        () -> NeighbourhoodDensity.of(new double[][] {{1, 0}}, 0.05));
  }
}
