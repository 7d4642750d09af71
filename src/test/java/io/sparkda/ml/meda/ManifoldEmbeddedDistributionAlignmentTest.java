package io.sparkda.ml.meda;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkda.ml.neighbors.NearestNeighborClassifier;
import io.sparkda.testutil.GaussianDomains;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ManifoldEmbeddedDistributionAlignmentTest {
  private static Dataset<Row> data;

  /**
   * Two classes apart along the first axis; the target's class 0 sits 1.6 closer to class 1, so a
   * source-only boundary cuts into it, while each domain's classes stay two clusters.
   */
  @BeforeAll
  static void data() {
    data =
        GaussianDomains.of(
            300,
            11,
            (domainClass, z) -> {
              boolean target = domainClass >= 2;
              int c = domainClass % 2;
              double shift = target ? 1.6 : 0;
              return new double[] {(c == 0 ? -2 + shift : 2) + 0.6 * z[0], 0.6 * z[1], 4 + z[2]};
            });
  }

  private static double targetAccuracy(Dataset<Row> predictions) {
    Dataset<Row> target = predictions.filter(col("domain").equalTo(1.0));
    return (double) target.filter(col("prediction").equalTo(col("trueLabel"))).count()
        / target.count();
  }

  @Test
  void beatsItsOneNearestNeighbourStartOnAShiftedTarget() {
    double nearest =
        targetAccuracy(
            new NearestNeighborClassifier()
                .setMetric("cosine")
                .fit(data.filter(col("domain").equalTo(0.0)))
                .transform(data));
    double meda =
        targetAccuracy(new ManifoldEmbeddedDistributionAlignment().fit(data).transform(data));
    assertTrue(meda > nearest + 0.05, "1-NN " + nearest + ", MEDA " + meda);
  }

  @Test
  void savedModelScoresAsTheFittedOneAndTheSameInputGivesTheSameModel() throws Exception {
    ManifoldEmbeddedDistributionAlignment meda =
        new ManifoldEmbeddedDistributionAlignment().setMaxIter(2).setDimension(2);
    ManifoldEmbeddedDistributionAlignmentModel model = meda.fit(data);
    assertEquals(4, model.numManifoldFeatures());
    assertEquals(600, model.numRows());
    Path dir = Files.createTempDirectory("meda").resolve("model");
    model.write().save(dir.toString());
    ManifoldEmbeddedDistributionAlignmentModel loaded =
        ManifoldEmbeddedDistributionAlignmentModel.load(dir.toString());
    assertEquals(4, loaded.numManifoldFeatures());
    List<Row> before = model.transform(data).select("rawPrediction", "probability").collectAsList();
    List<Row> after = loaded.transform(data).select("rawPrediction", "probability").collectAsList();
    List<Row> again = meda.fit(data).transform(data).select("rawPrediction").collectAsList();
    for (int i = 0; i < before.size(); i++) {
      double[] raw = ((Vector) before.get(i).get(0)).toArray();
      assertArrayEquals(raw, ((Vector) after.get(i).get(0)).toArray(), 1e-12);
      assertArrayEquals(raw, ((Vector) again.get(i).get(0)).toArray(), 1e-12);
      double[] probability = ((Vector) before.get(i).get(1)).toArray();
      assertEquals(1, probability[0] + probability[1], 1e-12);
    }
  }

  @Test
  void aboveMaxRowsTheKernelMachineTakesASampleOfBothDomains() {
    ManifoldEmbeddedDistributionAlignmentModel model =
        new ManifoldEmbeddedDistributionAlignment().setMaxRows(200).setMaxIter(1).fit(data);
    assertTrue(model.numRows() > 120 && model.numRows() < 280, "rows " + model.numRows());
    // Every row is still scored, against the sample.
    assertEquals(600, model.transform(data).filter(col("prediction").isNotNull()).count());
  }

  @Test
  void namesAMissingDomainColumn() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> new ManifoldEmbeddedDistributionAlignment().setDomainCol("site").fit(data));
    assertTrue(e.getMessage().contains("'site'"), e.getMessage());
  }
}
