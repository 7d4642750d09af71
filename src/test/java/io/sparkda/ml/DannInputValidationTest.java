package io.sparkda.ml;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkda.testutil.SparkTestSession;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/** Bad input fails fast with IllegalArgumentException naming the column and the fix. */
class DannInputValidationTest {
  private static final StructType SCHEMA =
      new StructType()
          .add("features", SQLDataTypes.VectorType(), true)
          .add("label", DataTypes.DoubleType, true)
          .add("domain", DataTypes.DoubleType, true);

  private static Dataset<Row> rows(Object[]... rows) {
    List<Row> list = new ArrayList<>();
    for (Object[] r : rows) {
      list.add(RowFactory.create(r));
    }
    return SparkTestSession.get().createDataFrame(list, SCHEMA);
  }

  private static Object[] row(double[] features, Double label, Double domain) {
    return new Object[] {features == null ? null : Vectors.dense(features), label, domain};
  }

  private static Object[] source(double x, double label) {
    return row(new double[] {x, 1}, label, 0.0);
  }

  private static Object[] target(double x) {
    return row(new double[] {x, 2}, null, 1.0);
  }

  private static DannClassifier dann() {
    return new DannClassifier().setMaxEpochs(1).setNumPartitions(1);
  }

  private static void assertRejected(Dataset<?> data, String... mustMention) {
    assertRejected(dann(), data, mustMention);
  }

  private static void assertRejected(DannClassifier dann, Dataset<?> data, String... mustMention) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> dann.fit(data));
    for (String word : mustMention) {
      assertTrue(
          e.getMessage().contains(word),
          "message should mention '" + word + "': " + e.getMessage());
    }
  }

  private static Dataset<Row> good() {
    return rows(source(0, 0), source(1, 1), target(0.5), target(1.5));
  }

  @Test
  void goodDataFits() {
    assertTrue(dann().fit(good()).numFeatures() == 2);
  }

  @Test
  void aSourceWithOneClassIsRefused() {
    assertRejected(
        rows(source(0, 1), source(1, 1), target(0.5), target(1.5)),
        "every labelled source row has class 1.0",
        "'label'",
        "at least 2 classes");
  }

  @Test
  void missingColumns() {
    assertRejected(good().drop("features"), "'features'", "featuresCol");
    assertRejected(good().drop("label"), "'label'", "labelCol");
    assertRejected(good().drop("domain"), "'domain'", "domainCol");
    assertRejected(dann().setDomainCol("isTarget"), good(), "'isTarget'", "not found");
  }

  @Test
  void wrongColumnTypes() {
    assertRejected(
        good().withColumn("features", org.apache.spark.sql.functions.col("label").cast("string")),
        "'features'",
        "Vector",
        "VectorAssembler");
    assertRejected(
        good().withColumn("label", org.apache.spark.sql.functions.col("label").cast("string")),
        "'label'",
        "numeric",
        "StringIndexer");
    assertRejected(
        good().withColumn("domain", org.apache.spark.sql.functions.col("domain").cast("string")),
        "'domain'",
        "numeric");
  }

  @Test
  void noTargetRows() {
    assertRejected(rows(source(0, 0), source(1, 1)), "no target rows", "'domain'");
  }

  @Test
  void noLabelledSourceRows() {
    assertRejected(rows(target(0), target(1)), "no labelled source rows", "'domain'");
  }

  @Test
  void sourceRowWithNullLabel() {
    assertRejected(
        rows(source(0, 0), row(new double[] {1, 1}, null, 0.0), target(0)),
        "null label",
        "'label'");
  }

  @Test
  void nonIntegerOrNegativeLabels() {
    assertRejected(
        rows(source(0, 0), source(1, 0.5), target(0)), "'label'", "class indices", "0.5");
    assertRejected(rows(source(0, 0), source(1, -1), target(0)), "'label'", "class indices");
    // A labelled target row (semi-supervised) is checked like a source label.
    assertRejected(
        rows(source(0, 0), source(1, 1), row(new double[] {2, 2}, 2.5, 1.0)),
        "'label'",
        "class indices",
        "2.5");
  }

  @Test
  void coralAlignmentNeedsTwoRowsPerDomainInEachPartitionBatch() {
    assertRejected(dann().setAlignment("coral").setBatchSize(1), good(), "batchSize", "coral");
  }

  @Test
  void nonFiniteFeatures() {
    assertRejected(
        rows(source(0, 0), row(new double[] {Double.NaN, 1}, 1.0, 0.0), target(0)),
        "NaN",
        "'features'");
    assertRejected(
        rows(
            source(0, 0), source(1, 1), row(new double[] {Double.POSITIVE_INFINITY, 1}, null, 1.0)),
        "infinite",
        "'features'");
  }

  @Test
  void nullFeatures() {
    assertRejected(rows(source(0, 0), row(null, 1.0, 0.0), target(0)), "null", "'features'");
  }

  @Test
  void featureVectorsOfDifferentSizes() {
    assertRejected(
        rows(source(0, 0), source(1, 1), row(new double[] {1, 2, 3}, null, 1.0)),
        "different sizes",
        "'features'",
        "numFeatures");
  }

  @Test
  void domainValuesOtherThanZeroOrOne() {
    assertRejected(
        rows(source(0, 0), row(new double[] {1, 1}, 1.0, 2.0), target(0)),
        "'domain'",
        "0 (source) or 1 (target)");
    assertRejected(
        rows(source(0, 0), row(new double[] {1, 1}, 1.0, null), target(0)), "'domain'", "null");
  }

  @Test
  void invalidParamsAreRefusedWhenSet() {
    assertThrows(IllegalArgumentException.class, () -> dann().setBatchSize(0));
    assertThrows(IllegalArgumentException.class, () -> dann().setOptimizer("rmsprop"));
    assertThrows(IllegalArgumentException.class, () -> dann().setLambdaMax(-1));
    assertThrows(IllegalArgumentException.class, () -> dann().setHiddenLayers(new int[0]));
    assertThrows(IllegalArgumentException.class, () -> dann().setLearningRate(0));
    assertThrows(IllegalArgumentException.class, () -> dann().setLambdaSchedule("linear"));
    assertThrows(IllegalArgumentException.class, () -> dann().setAlignment("wasserstein"));
    assertTrue(Arrays.asList("sgd", "adam").contains(dann().setOptimizer("sgd").getOptimizer()));
  }

  @Test
  void transformRejectsFeatureVectorsOfAnotherSize() {
    DannClassificationModel model = dann().fit(good());
    Dataset<Row> wide = rows(row(new double[] {1, 2, 3}, null, 1.0));
    Exception e = assertThrows(Exception.class, () -> model.transform(wide).collect());
    Throwable cause = e;
    while (cause.getCause() != null && !(cause instanceof IllegalArgumentException)) {
      cause = cause.getCause();
    }
    assertTrue(cause instanceof IllegalArgumentException, e.toString());
    assertTrue(
        cause.getMessage().contains("'features'") && cause.getMessage().contains("2 features"),
        cause.getMessage());
  }
}
