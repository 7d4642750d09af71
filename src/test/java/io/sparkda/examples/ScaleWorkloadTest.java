package io.sparkda.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkda.testutil.SparkTestSession;
import java.util.List;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

class ScaleWorkloadTest {

  @Test
  void denseRowsAreTheSameWhateverThePartitioning() {
    List<Row> one = ScaleWorkload.dense(SparkTestSession.get(), 300, 1, 7).collectAsList();
    List<Row> three = ScaleWorkload.dense(SparkTestSession.get(), 300, 3, 7).collectAsList();
    List<Row> otherSeed = ScaleWorkload.dense(SparkTestSession.get(), 300, 1, 8).collectAsList();
    assertEquals(one, three);
    assertTrue(!one.get(0).equals(otherSeed.get(0)), "another seed draws other rows");
    for (int i = 0; i < one.size(); i++) {
      Row row = one.get(i);
      boolean target = i % 2 == 1;
      assertEquals(target ? 1.0 : 0.0, row.getDouble(2), "domain of row " + i);
      if (target) {
        assertNull(row.get(1), "target rows are unlabelled");
      } else {
        assertEquals(row.getDouble(3), row.getDouble(1), "source label of row " + i);
      }
      assertEquals(ShiftedGaussians.FEATURES, ((Vector) row.get(0)).size());
    }
  }

  /**
   * The target is shifted: the classes' means classify source rows far better than target rows, and
   * the rotation back restores it.
   */
  @Test
  void theTargetIsRotatedAwayFromTheSource() {
    List<Row> rows = ScaleWorkload.dense(SparkTestSession.get(), 4000, 2, 3).collectAsList();
    double[][] means = new ShiftedGaussians().classMeans();
    double source = nearestMeanAccuracy(rows, means, 0.0, 0);
    double target = nearestMeanAccuracy(rows, means, 1.0, 0);
    double targetRotatedBack = nearestMeanAccuracy(rows, means, 1.0, -45);
    assertTrue(source > 0.6, "source accuracy " + source);
    assertTrue(target < source - 0.1, "target " + target + " against source " + source);
    assertTrue(
        Math.abs(targetRotatedBack - source) < 0.05,
        "rotated back " + targetRotatedBack + " against source " + source);
  }

  private static double nearestMeanAccuracy(
      List<Row> rows, double[][] means, double domain, double degrees) {
    double cos = Math.cos(Math.toRadians(degrees));
    double sin = Math.sin(Math.toRadians(degrees));
    int right = 0;
    int total = 0;
    for (Row row : rows) {
      if (row.getDouble(2) != domain) {
        continue;
      }
      double[] x = ((Vector) row.get(0)).toArray();
      for (int i = 0; i + 1 < x.length; i += 2) {
        double a = x[i];
        x[i] = cos * a - sin * x[i + 1];
        x[i + 1] = sin * a + cos * x[i + 1];
      }
      int best = 0;
      double bestDistance = Double.MAX_VALUE;
      for (int c = 0; c < means.length; c++) {
        double distance = 0;
        for (int i = 0; i < x.length; i++) {
          distance += (x[i] - means[c][i]) * (x[i] - means[c][i]);
        }
        if (distance < bestDistance) {
          bestDistance = distance;
          best = c;
        }
      }
      right += best == (int) row.getDouble(3) ? 1 : 0;
      total++;
    }
    return (double) right / total;
  }
}
