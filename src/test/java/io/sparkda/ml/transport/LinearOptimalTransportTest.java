package io.sparkda.ml.transport;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkda.testutil.Covariance;
import io.sparkda.testutil.GaussianDomains;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.ml.linalg.DenseMatrix;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class LinearOptimalTransportTest {
  private static Dataset<Row> data;

  /** Source: correlated 3-d Gaussian; target: another mixing, scale and mean. */
  @BeforeAll
  static void data() {
    data =
        GaussianDomains.of(
            400,
            1,
            (domainClass, z) ->
                domainClass < 2
                    ? new double[] {z[0], z[0] + 0.5 * z[1], z[2]}
                    : new double[] {3 * z[0] + 1, 0.5 * z[1] - z[2] - 2, 2 * z[2] + z[1]});
  }

  @Test
  void movedSourceHasTheTargetMeanAndCovariance() {
    LinearOptimalTransportModel model =
        new LinearOptimalTransport()
            .setRegularization(1e-12)
            .setRegularizationType("absolute")
            .setOutputCol("moved")
            .fit(data);
    Dataset<Row> out = model.transform(data);
    Dataset<Row> source = out.filter(col("domain").equalTo(0.0));
    Dataset<Row> target = out.filter(col("domain").equalTo(1.0));
    double[][] moved = Covariance.of(source, "moved");
    double[][] expected = Covariance.of(target, "features");
    for (int i = 0; i < 3; i++) {
      assertArrayEquals(expected[i], moved[i], 1e-6, "covariance row " + i);
    }
    assertArrayEquals(mean(target, "features"), mean(source, "moved"), 1e-9);
    // The Monge map between Gaussians is symmetric (a gradient of a convex function).
    DenseMatrix a = model.sourceMap();
    for (int i = 0; i < 3; i++) {
      for (int j = 0; j < 3; j++) {
        assertEquals(a.apply(i, j), a.apply(j, i), 1e-9);
      }
    }
    // Target rows keep their features.
    for (Row row : target.select("features", "moved").collectAsList()) {
      assertEquals(row.get(0), row.get(1));
    }
    assertNull(model.targetMap());
  }

  @Test
  void savesAndLoadsTheEstimatorAndTheModel() throws Exception {
    Path dir = Files.createTempDirectory("linear-ot");
    LinearOptimalTransport estimator = new LinearOptimalTransport().setRegularization(0.5);
    estimator.write().save(dir.resolve("estimator").toString());
    assertEquals(
        0.5, LinearOptimalTransport.load(dir.resolve("estimator").toString()).getRegularization());
    LinearOptimalTransportModel model = estimator.setOutputCol("moved").fit(data);
    model.write().save(dir.resolve("model").toString());
    LinearOptimalTransportModel loaded =
        LinearOptimalTransportModel.load(dir.resolve("model").toString());
    assertEquals("moved", loaded.getOutputCol());
    List<Row> expected = model.transform(data).select("moved").collectAsList();
    assertEquals(expected, loaded.transform(data).select("moved").collectAsList());
  }

  @Test
  void refusesAZeroRegularization() {
    assertThrows(
        IllegalArgumentException.class, () -> new LinearOptimalTransport().setRegularization(0));
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> new LinearOptimalTransport().fit(data.filter(col("domain").equalTo(1.0))));
    assertTrue(e.getMessage().contains("'domain'"), e.getMessage());
  }

  static double[] mean(Dataset<Row> rows, String column) {
    double[] sum = new double[3];
    List<Row> all = rows.select(column).collectAsList();
    for (Row row : all) {
      double[] x = ((Vector) row.get(0)).toArray();
      for (int i = 0; i < 3; i++) {
        sum[i] += x[i] / all.size();
      }
    }
    return sum;
  }
}
