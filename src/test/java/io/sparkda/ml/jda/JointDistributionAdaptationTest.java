package io.sparkda.ml.jda;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkda.ml.DomainMapModel;
import io.sparkda.ml.tca.TransferComponentAnalysis;
import io.sparkda.testutil.GaussianDomains;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.ml.classification.DecisionTreeClassifier;
import org.apache.spark.ml.linalg.DenseMatrix;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class JointDistributionAdaptationTest {
  private static Dataset<Row> data;

  /**
   * Classes differ along the first axis in both domains; in the target they also move apart along
   * the second, one up and one down, so the marginal means stay together: only JDA's class
   * conditional term sees that shift.
   */
  @BeforeAll
  static void data() {
    data =
        GaussianDomains.of(
            400,
            4,
            (domainClass, z) -> {
              double sign = domainClass % 2 == 0 ? -1 : 1;
              boolean target = domainClass >= 2;
              return new double[] {2 * sign + z[0], (target ? 1.5 * sign : 0) + 0.5 * z[1], z[2]};
            });
  }

  @Test
  void withoutPseudoLabelRoundsItIsTca() {
    DenseMatrix tca = new TransferComponentAnalysis().setNumComponents(2).fit(data).sourceMap();
    DenseMatrix jda =
        new JointDistributionAdaptation().setNumComponents(2).setMaxIter(0).fit(data).sourceMap();
    assertArrayEquals(tca.toArray(), jda.toArray(), 1e-12);
  }

  @Test
  void pseudoLabelRoundsBringTheClassMeansTogether() {
    // A lambda large enough that TCA keeps the class axis despite the sampling noise in its mean.
    double tca =
        classDiscrepancy(
            new TransferComponentAnalysis().setNumComponents(2).setLambda(10).fit(data));
    double jda =
        classDiscrepancy(
            new JointDistributionAdaptation()
                .setNumComponents(2)
                .setLambda(10)
                .setMaxIter(3)
                .fit(data));
    assertTrue(jda < 0.2 * tca, "class-mean discrepancy: TCA " + tca + ", JDA " + jda);
  }

  @Test
  void takesAnyClassifierAndSavesItWithTheEstimator() throws Exception {
    JointDistributionAdaptation jda =
        new JointDistributionAdaptation()
            .setNumComponents(2)
            .setMaxIter(1)
            .setClassifier(new DecisionTreeClassifier().setMaxDepth(3));
    JointDistributionAdaptationModel model = jda.fit(data);
    assertEquals(2, model.outputSize());
    Path dir = Files.createTempDirectory("jda").resolve("estimator");
    jda.write().save(dir.toString());
    JointDistributionAdaptation loaded = JointDistributionAdaptation.load(dir.toString());
    assertTrue(loaded.getClassifier() instanceof DecisionTreeClassifier);
    assertEquals(3, ((DecisionTreeClassifier) loaded.getClassifier()).getMaxDepth());
    assertEquals(1, loaded.getMaxIter());
  }

  @Test
  void needsSourceLabels() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> new JointDistributionAdaptation().setLabelCol("nothing").fit(data));
    assertTrue(e.getMessage().contains("'nothing'"), e.getMessage());
  }

  /**
   * {@code sum_c |(m_sc - m_tc) A|^2} over the projected total variance, with the true target
   * classes: what JDA minimises, measured without its pseudo-labels.
   */
  private static double classDiscrepancy(DomainMapModel<?> model) {
    List<Row> rows =
        model.setOutputCol("z").transform(data).select("z", "domain", "trueLabel").collectAsList();
    int k = model.outputSize();
    double[][] sums = new double[4][k];
    int[] counts = new int[4];
    double[] total = new double[k];
    double[] squares = new double[k];
    for (Row row : rows) {
      double[] z = ((Vector) row.get(0)).toArray();
      int group = (int) row.getDouble(1) * 2 + (int) row.getDouble(2);
      counts[group]++;
      for (int i = 0; i < k; i++) {
        sums[group][i] += z[i];
        total[i] += z[i];
        squares[i] += z[i] * z[i];
      }
    }
    double discrepancy = 0;
    double variance = 0;
    for (int i = 0; i < k; i++) {
      for (int c = 0; c < 2; c++) {
        double gap = sums[c][i] / counts[c] - sums[2 + c][i] / counts[2 + c];
        discrepancy += gap * gap;
      }
      double mean = total[i] / rows.size();
      variance += squares[i] / rows.size() - mean * mean;
    }
    return discrepancy / variance;
  }
}
