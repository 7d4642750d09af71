package io.sparkda.ml.neighbors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.sparkda.testutil.SparkTestSession;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class NearestNeighborClassifierTest {
  private static final StructType SCHEMA =
      new StructType()
          .add("features", SQLDataTypes.VectorType(), false)
          .add("label", DataTypes.DoubleType, true);

  private static Dataset<Row> rows(Object[]... rows) {
    return SparkTestSession.get()
        .createDataFrame(List.of(rows).stream().map(RowFactory::create).toList(), SCHEMA);
  }

  private static final Dataset<Row> TRAIN =
      rows(
          new Object[] {Vectors.dense(0, 0), 0.0},
          new Object[] {Vectors.dense(1, 0), 0.0},
          new Object[] {Vectors.dense(10, 10), 1.0},
          new Object[] {Vectors.dense(20, 0), 2.0},
          new Object[] {Vectors.dense(21, 0), 2.0});

  @Test
  void votesOfTheNearestRows() {
    Dataset<Row> queries =
        rows(
            new Object[] {Vectors.dense(0.9, 0.2), null},
            new Object[] {Vectors.dense(9, 9), null},
            new Object[] {Vectors.dense(19, 1), null});
    List<Row> one =
        new NearestNeighborClassifier()
            .fit(TRAIN)
            .transform(queries)
            .select("prediction")
            .collectAsList();
    assertEquals(List.of(0.0, 1.0, 2.0), one.stream().map(r -> r.getDouble(0)).toList());
    // Three voters for (9, 9): (10, 10) and the two rows of class 0 or 2 nearest to it.
    List<Row> three =
        new NearestNeighborClassifier()
            .setK(3)
            .fit(TRAIN)
            .transform(queries)
            .select("probability", "prediction")
            .collectAsList();
    double[] p = ((Vector) three.get(0).get(0)).toArray();
    assertEquals(1.0, p[0] + p[1] + p[2], 1e-12);
    assertEquals(0.0, three.get(0).getDouble(1), "two of three voters near (0.9, 0.2) are class 0");
    assertEquals(2.0, three.get(2).getDouble(1));
  }

  @Test
  void cosineComparesDirectionsNotLengths() {
    Dataset<Row> diagonal = rows(new Object[] {Vectors.dense(100, 95), null});
    assertEquals(
        1.0,
        (double)
            new NearestNeighborClassifier()
                .setMetric("cosine")
                .fit(TRAIN)
                .transform(diagonal)
                .head()
                .getAs("prediction"),
        "by direction (100, 95) is (10, 10)'s");
    assertEquals(
        2.0,
        (double)
            new NearestNeighborClassifier()
                .fit(TRAIN)
                .transform(diagonal)
                .head()
                .getAs("prediction"),
        "by distance it is nearest (21, 0)");
  }

  @Test
  void savesAndLoads() throws Exception {
    NearestNeighborClassificationModel model =
        new NearestNeighborClassifier().setK(2).setMetric("cosine").fit(TRAIN);
    Path dir = Files.createTempDirectory("knn").resolve("model");
    model.write().save(dir.toString());
    NearestNeighborClassificationModel loaded =
        NearestNeighborClassificationModel.load(dir.toString());
    assertEquals(2, loaded.getK());
    assertEquals("cosine", loaded.getMetric());
    assertEquals(3, loaded.numClasses());
    assertEquals(5, loaded.numRows());
    Dataset<Row> query = rows(new Object[] {Vectors.dense(3, 4), null});
    assertArrayEquals(
        ((Vector) model.transform(query).head().getAs("probability")).toArray(),
        ((Vector) loaded.transform(query).head().getAs("probability")).toArray(),
        0);
  }

  @Test
  void refusesKZero() {
    assertThrows(IllegalArgumentException.class, () -> new NearestNeighborClassifier().setK(0));
  }
}
