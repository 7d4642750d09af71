package io.sparkda.ml.tca;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkda.testutil.GaussianDomains;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class TransferComponentAnalysisTest {
  private static Dataset<Row> data;

  /** The domains differ by a mean shift along the first axis, the axis of most variance. */
  @BeforeAll
  static void data() {
    data =
        GaussianDomains.of(
            400,
            3,
            (domainClass, z) ->
                new double[] {3 * z[0] + (domainClass < 2 ? 0 : 4), z[1] + 0.5 * z[0], 0.7 * z[2]});
  }

  @Test
  void theComponentMaximisesVarianceOverDiscrepancy() {
    double lambda = 0.05;
    TransferComponentAnalysisModel model =
        new TransferComponentAnalysis().setNumComponents(1).setLambda(lambda).fit(data);
    double[] a = model.sourceMap().toArray();
    assertEquals(1, norm(a), 1e-9, "unit length");
    double[][] scatter = new double[3][3];
    double[] shift = new double[3];
    double both = statistics(scatter, shift);
    double best = ratio(a, scatter, shift, both, lambda);
    Random random = new Random(7);
    for (int trial = 0; trial < 2000; trial++) {
      double[] v = {random.nextGaussian(), random.nextGaussian(), random.nextGaussian()};
      assertTrue(ratio(v, scatter, shift, both, lambda) <= best * (1 + 1e-9), "trial " + trial);
    }
    // Plain PCA would take the first axis; TCA avoids the direction the domains differ in.
    assertTrue(Math.abs(a[0]) < 0.5, "first component " + Arrays.toString(a));
  }

  @Test
  void bothDomainsShareOneProjectionThatSavesAndLoads() throws Exception {
    TransferComponentAnalysisModel model =
        new TransferComponentAnalysis().setNumComponents(2).setOutputCol("tc").fit(data);
    assertEquals(model.sourceMap(), model.targetMap());
    Path dir = Files.createTempDirectory("tca").resolve("model");
    model.write().save(dir.toString());
    TransferComponentAnalysisModel loaded = TransferComponentAnalysisModel.load(dir.toString());
    assertEquals(
        model.transform(data).select("tc").collectAsList(),
        loaded.transform(data).select("tc").collectAsList());
  }

  /**
   * The total scatter and the mean shift of {@link #data}, with {@code 1/ns + 1/nt}: the norm that
   * scales TCA's discrepancy term.
   */
  private static double statistics(double[][] scatter, double[] shift) {
    List<Row> rows = data.select("features", "domain").collectAsList();
    double[] mean = new double[3];
    double[][] domainMean = new double[2][3];
    int[] counts = new int[2];
    for (Row row : rows) {
      double[] x = ((Vector) row.get(0)).toArray();
      int d = (int) row.getDouble(1);
      counts[d]++;
      for (int i = 0; i < 3; i++) {
        mean[i] += x[i] / rows.size();
        domainMean[d][i] += x[i];
      }
    }
    for (Row row : rows) {
      double[] x = ((Vector) row.get(0)).toArray();
      for (int i = 0; i < 3; i++) {
        for (int j = 0; j < 3; j++) {
          scatter[i][j] += (x[i] - mean[i]) * (x[j] - mean[j]);
        }
      }
    }
    for (int i = 0; i < 3; i++) {
      shift[i] = domainMean[0][i] / counts[0] - domainMean[1][i] / counts[1];
    }
    return 1.0 / counts[0] + 1.0 / counts[1];
  }

  /** {@code a^T S a / a^T (shift shift^T / both + lambda I) a}. */
  private static double ratio(
      double[] a, double[][] scatter, double[] shift, double both, double lambda) {
    double variance = 0;
    double along = 0;
    for (int i = 0; i < 3; i++) {
      along += a[i] * shift[i];
      for (int j = 0; j < 3; j++) {
        variance += a[i] * scatter[i][j] * a[j];
      }
    }
    double squared = norm(a) * norm(a);
    return variance / (along * along / both + lambda * squared);
  }

  private static double norm(double[] a) {
    return Math.sqrt(a[0] * a[0] + a[1] * a[1] + a[2] * a[2]);
  }
}
