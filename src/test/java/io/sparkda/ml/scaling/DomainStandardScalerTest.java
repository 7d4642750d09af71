package io.sparkda.ml.scaling;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkda.testutil.SparkTestSession;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.SparkException;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.SparseVector;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DomainStandardScalerTest {
  private static final StructType SCHEMA =
      new StructType()
          .add("features", SQLDataTypes.VectorType())
          .add("domain", DataTypes.DoubleType);

  @TempDir Path dir;

  /**
   * Source rows (i, 10 i, 5), target rows (100 + 3 i, 0.1 i, 5) for i = 0..n-1: each domain on its
   * own scale, and a third feature constant in both.
   */
  private static Dataset<Row> data(int n) {
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      rows.add(RowFactory.create(Vectors.dense(i, 10.0 * i, 5), 0.0));
      rows.add(RowFactory.create(Vectors.dense(100 + 3.0 * i, 0.1 * i, 5), 1.0));
    }
    return SparkTestSession.get().createDataFrame(rows, SCHEMA);
  }

  /** Per-feature mean and (population) standard deviation of a vector column. */
  private static double[][] moments(Dataset<Row> rows, String column) {
    List<Row> collected = rows.select(column).collectAsList();
    int d = ((Vector) collected.get(0).get(0)).size();
    double[] mean = new double[d];
    double[] sq = new double[d];
    for (Row r : collected) {
      double[] x = ((Vector) r.get(0)).toArray();
      for (int i = 0; i < d; i++) {
        mean[i] += x[i] / collected.size();
        sq[i] += x[i] * x[i] / collected.size();
      }
    }
    double[] std = new double[d];
    for (int i = 0; i < d; i++) {
      std[i] = Math.sqrt(Math.max(0, sq[i] - mean[i] * mean[i]));
    }
    return new double[][] {mean, std};
  }

  @Test
  void eachDomainComesOutCentredWithUnitSpreadAndConstantsBecomeZero() {
    int n = 50;
    DomainStandardScalerModel model = new DomainStandardScaler().fit(data(n));
    Dataset<Row> out = model.transform(data(n));
    // Sample standard deviation (n - 1), as Spark's Summarizer and StandardScaler use.
    double unit = Math.sqrt((n - 1.0) / n);
    for (double domain : new double[] {0, 1}) {
      double[][] m = moments(out.filter(col("domain").equalTo(domain)), "scaledFeatures");
      assertArrayEquals(new double[] {0, 0, 0}, m[0], 1e-9, "means of domain " + domain);
      assertArrayEquals(new double[] {unit, unit, 0}, m[1], 1e-9, "spread of domain " + domain);
    }
    assertEquals(100 + 3 * (n - 1) / 2.0, model.mean(1).apply(0), 1e-9);
    assertEquals(10 * Math.sqrt(n * (n + 1) / 12.0), model.std(0).apply(1), 1e-9);
  }

  @Test
  void rowsWithoutADomainAreScaledAsTargetRows() {
    DomainStandardScalerModel model = new DomainStandardScaler().fit(data(20));
    Dataset<Row> target = data(20).filter(col("domain").equalTo(1.0));
    List<Row> withDomain = model.transform(target).select("scaledFeatures").collectAsList();
    List<Row> without =
        model.transform(target.drop("domain")).select("scaledFeatures").collectAsList();
    assertEquals(withDomain, without);
  }

  @Test
  void withoutCentringSparseRowsStaySparse() {
    List<Row> rows = new ArrayList<>();
    for (int i = 1; i <= 10; i++) {
      rows.add(
          RowFactory.create(Vectors.sparse(4, new int[] {0, 3}, new double[] {i, 2 * i}), 0.0));
      rows.add(RowFactory.create(Vectors.sparse(4, new int[] {1}, new double[] {i}), 1.0));
    }
    Dataset<Row> data = SparkTestSession.get().createDataFrame(rows, SCHEMA);
    DomainStandardScalerModel model = new DomainStandardScaler().setWithMean(false).fit(data);
    for (Row r : model.transform(data).select("scaledFeatures").collectAsList()) {
      assertTrue(r.get(0) instanceof SparseVector, "sparse in, sparse out: " + r.get(0));
    }
    Vector first = (Vector) model.transform(data).select("scaledFeatures").head().get(0);
    assertEquals(1 / model.std(0).apply(0), first.apply(0), 1e-12);
  }

  @Test
  void savedInsideAPipelineItScoresTheSame() throws Exception {
    PipelineModel fitted =
        new Pipeline()
            .setStages(new PipelineStage[] {new DomainStandardScaler().setOutputCol("scaled")})
            .fit(data(30));
    String path = dir.resolve("pipeline").toString();
    fitted.write().save(path);
    PipelineModel loaded = PipelineModel.load(path);
    assertEquals(
        fitted.transform(data(30)).select("scaled").collectAsList(),
        loaded.transform(data(30)).select("scaled").collectAsList());
    DomainStandardScalerModel stage = (DomainStandardScalerModel) loaded.stages()[0];
    assertEquals("scaled", stage.getOutputCol());
  }

  @Test
  void refusesADomainValueThatIsNeitherSourceNorTargetAndAMissingDomain() {
    List<Row> rows = new ArrayList<>(data(5).collectAsList());
    rows.add(RowFactory.create(Vectors.dense(1, 2, 3), 2.0));
    Dataset<Row> bad = SparkTestSession.get().createDataFrame(rows, SCHEMA);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> new DomainStandardScaler().fit(bad));
    assertTrue(
        e.getMessage().contains("must be 0 (source) or 1 (target), got 2.0"), e.getMessage());
    Dataset<Row> sourceOnly = data(5).filter(col("domain").equalTo(0.0));
    e =
        assertThrows(
            IllegalArgumentException.class, () -> new DomainStandardScaler().fit(sourceOnly));
    assertTrue(e.getMessage().contains("no target rows"), e.getMessage());
    DomainStandardScalerModel model = new DomainStandardScaler().fit(data(5));
    Throwable atTransform =
        assertThrows(SparkException.class, () -> model.transform(bad).collectAsList());
    while (atTransform.getCause() != null) {
      atTransform = atTransform.getCause();
    }
    assertTrue(
        String.valueOf(atTransform.getMessage()).contains("must be 0 (source)"),
        String.valueOf(atTransform));
  }
}
