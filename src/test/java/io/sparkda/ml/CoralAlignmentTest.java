package io.sparkda.ml;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkda.testutil.Covariance;
import io.sparkda.testutil.SparkTestSession;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class CoralAlignmentTest {
  private static final StructType SCHEMA =
      new StructType()
          .add("features", SQLDataTypes.VectorType(), true)
          .add("label", DataTypes.DoubleType, true)
          .add("domain", DataTypes.DoubleType, true);
  private static Dataset<Row> data;

  /** Source: correlated 3-d Gaussian; target: another mixing, another scale, another mean. */
  @BeforeAll
  static void data() {
    Random random = new Random(1);
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < 400; i++) {
      double a = random.nextGaussian();
      double b = random.nextGaussian();
      double c = random.nextGaussian();
      rows.add(RowFactory.create(Vectors.dense(a, a + 0.5 * b, c), a > 0 ? 1.0 : 0.0, 0.0));
      rows.add(RowFactory.create(Vectors.dense(3 * a + 1, 0.5 * b - c, 2 * c + b), null, 1.0));
    }
    data = SparkTestSession.get().createDataFrame(rows, SCHEMA).repartition(3).cache();
  }

  @Test
  void recolouredSourceHasTheTargetCovariance() {
    // Without regularization the map is exact: cov(x A) = C_t on the sample.
    CoralAlignmentModel model = new CoralAlignment().setRegularization(0).fit(data);
    Dataset<Row> out = model.transform(data);
    double[][] recoloured = Covariance.of(out.filter(col("domain").equalTo(0.0)), "coralFeatures");
    double[][] target = Covariance.of(out.filter(col("domain").equalTo(1.0)), "features");
    for (int i = 0; i < 3; i++) {
      assertArrayEquals(target[i], recoloured[i], 1e-6, "row " + i);
    }
    // Target rows are left as they are.
    for (Row row :
        out.filter(col("domain").equalTo(1.0))
            .select("features", "coralFeatures")
            .collectAsList()) {
      assertEquals(row.get(0), row.get(1));
    }
    assertEquals(data.count(), out.count(), "no row lost");
  }

  @Test
  void dataWithoutTheDomainColumnPassesThroughUnchanged() {
    CoralAlignmentModel model = new CoralAlignment().fit(data);
    Row row = model.transform(data.drop("domain")).select("features", "coralFeatures").head();
    assertEquals(row.get(0), row.get(1));
  }

  @Test
  void savesAndLoads() throws Exception {
    CoralAlignmentModel model = new CoralAlignment().setOutputCol("aligned").fit(data);
    Path dir = Files.createTempDirectory("coral").resolve("model");
    model.write().save(dir.toString());
    CoralAlignmentModel loaded = CoralAlignmentModel.load(dir.toString());
    assertEquals("aligned", loaded.getOutputCol());
    assertEquals(model.uid(), loaded.uid());
    assertArrayEquals(model.map().toArray(), loaded.map().toArray(), 0);
    Dataset<Row> source = data.filter(col("domain").equalTo(0.0)).limit(5);
    List<Row> expected = model.transform(source).select("aligned").collectAsList();
    assertEquals(expected, loaded.transform(source).select("aligned").collectAsList());
  }

  @Test
  void badInputIsRefusedWithTheColumnName() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> new CoralAlignment().fit(data.filter(col("domain").equalTo(0.0))));
    assertTrue(e.getMessage().contains("'domain'"), e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> new CoralAlignment().setFeaturesCol("label").fit(data));
    assertTrue(e.getMessage().contains("'label'"), e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> new CoralAlignment().setOutputCol("features").fit(data));
    assertTrue(e.getMessage().contains("outputCol"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new CoralAlignment().setRegularization(-1));
  }
}
