package io.sparkda.ml.subspace;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkda.testutil.Covariance;
import io.sparkda.testutil.GaussianDomains;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SubspaceAlignmentTest {
  private static Dataset<Row> data;

  @BeforeAll
  static void data() {
    data =
        GaussianDomains.of(
            500,
            2,
            (domainClass, z) ->
                domainClass < 2
                    ? new double[] {3 * z[0], z[0] + z[1], 0.3 * z[2]}
                    : new double[] {z[0] + 5, 2 * z[1] - z[2], 4 * z[2]});
  }

  @Test
  void targetRowsGetTheirPrincipalCoordinates() {
    SubspaceAlignmentModel model =
        new SubspaceAlignment().setNumComponents(2).setOutputCol("aligned").fit(data);
    assertEquals(2, model.outputSize());
    Dataset<Row> out = model.transform(data);
    double[][] target = Covariance.of(out.filter(col("domain").equalTo(1.0)), "aligned");
    double[][] raw = Covariance.of(data.filter(col("domain").equalTo(1.0)), "features");
    // The top two eigenvalues of the target covariance, on the diagonal, nothing off it.
    double trace = raw[0][0] + raw[1][1] + raw[2][2];
    assertEquals(0, target[0][1], 1e-9 * trace);
    assertTrue(target[0][0] >= target[1][1], "largest first");
    assertTrue(target[0][0] + target[1][1] > 0.8 * trace, "most of the variance is kept");
    for (String domain : new String[] {"0.0", "1.0"}) {
      double[] mean = mean(out.filter(col("domain").equalTo(Double.parseDouble(domain))));
      assertArrayEquals(new double[] {0, 0}, mean, 1e-9, "centred, domain " + domain);
    }
  }

  @Test
  void withEveryComponentBothDomainsShareTheTargetBasis() {
    // k = d: P_s P_s^T = I, so the source map is the target basis, M_s = P_t.
    SubspaceAlignmentModel model = new SubspaceAlignment().setNumComponents(3).fit(data);
    assertArrayEquals(model.targetMap().toArray(), model.sourceMap().toArray(), 1e-9);
  }

  @Test
  void worksInAPipelineAndSavesAndLoads() throws Exception {
    Pipeline pipeline =
        new Pipeline()
            .setStages(
                new PipelineStage[] {
                  new SubspaceAlignment().setNumComponents(2).setOutputCol("a")
                });
    PipelineModel fitted = pipeline.fit(data);
    Path dir = Files.createTempDirectory("subspace").resolve("pipeline");
    fitted.write().save(dir.toString());
    PipelineModel loaded = PipelineModel.load(dir.toString());
    List<Row> expected = fitted.transform(data).select("a").collectAsList();
    assertEquals(expected, loaded.transform(data).select("a").collectAsList());
    // Data without the domain column is mapped as target.
    assertEquals(
        fitted.transform(data.filter(col("domain").equalTo(1.0))).select("a").collectAsList(),
        fitted
            .transform(data.filter(col("domain").equalTo(1.0)).drop("domain"))
            .select("a")
            .collectAsList());
  }

  @Test
  void moreComponentsThanFeaturesMeansAllOfThem() {
    SubspaceAlignmentModel model = new SubspaceAlignment().setNumComponents(50).fit(data);
    assertEquals(3, model.outputSize());
    assertArrayEquals(
        new SubspaceAlignment().setNumComponents(3).fit(data).sourceMap().toArray(),
        model.sourceMap().toArray(),
        1e-12);
  }

  private static double[] mean(Dataset<Row> rows) {
    double[] sum = new double[2];
    List<Row> all = rows.select("aligned").collectAsList();
    for (Row row : all) {
      double[] x = ((Vector) row.get(0)).toArray();
      sum[0] += x[0] / all.size();
      sum[1] += x[1] / all.size();
    }
    return sum;
  }
}
