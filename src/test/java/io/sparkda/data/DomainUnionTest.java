package io.sparkda.data;

import static org.apache.spark.sql.functions.lit;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkda.testutil.SparkTestSession;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

class DomainUnionTest {
  @Test
  void targetLabelsMoveToTheEvaluationColumn() {
    SparkSession spark = SparkTestSession.get();
    Dataset<Row> source = TwoMoons.toDataFrame(spark, TwoMoons.generate(4, 0.1, 0, 1));
    Dataset<Row> target = TwoMoons.toDataFrame(spark, TwoMoons.generate(6, 0.1, 30, 2));
    List<Row> rows =
        DomainUnion.of(source, target, "label", "domain", "trueLabel")
            .select("label", "domain", "trueLabel")
            .collectAsList();
    assertEquals(10, rows.size());
    for (Row r : rows) {
      boolean isTarget = r.getDouble(1) == DomainColumns.TARGET;
      assertTrue(isTarget ? r.isNullAt(0) : r.getDouble(0) == r.getDouble(2));
      assertTrue(!r.isNullAt(2), "true label kept for evaluation");
    }
    assertEquals(6, rows.stream().filter(r -> r.isNullAt(0)).count());
  }

  @Test
  void aColumnOnlyOneDomainHasIsNullInTheOthersRows() {
    // Failed before with NUM_COLUMNS_MISMATCH: a target with a row key the source lacks.
    SparkSession spark = SparkTestSession.get();
    Dataset<Row> source = TwoMoons.toDataFrame(spark, TwoMoons.generate(4, 0.1, 0, 1));
    Dataset<Row> target =
        TwoMoons.toDataFrame(spark, TwoMoons.generate(3, 0.1, 30, 2)).withColumn("id", lit(7L));
    Dataset<Row> both = DomainUnion.of(source, target, "label", "domain", "trueLabel");
    assertEquals(4, both.filter("id IS NULL AND domain = 0").count());
    assertEquals(3, both.filter("id = 7 AND domain = 1").count());
  }

  @Test
  void targetWithoutLabelsIsAccepted() {
    SparkSession spark = SparkTestSession.get();
    Dataset<Row> source = TwoMoons.toDataFrame(spark, TwoMoons.generate(4, 0.1, 0, 1));
    Dataset<Row> target =
        TwoMoons.toDataFrame(spark, TwoMoons.generate(3, 0.1, 30, 2)).drop("label");
    Dataset<Row> both = DomainUnion.of(source, target, "label", "domain", "trueLabel");
    assertEquals(3, both.filter("trueLabel IS NULL").count());
    assertThrows(
        IllegalArgumentException.class,
        () -> DomainUnion.of(source.drop("label"), target, "label", "domain", "trueLabel"));
  }

  @Test
  void stringLabelsAreRefusedWithHowToIndexThemInsteadOfBecomingNull() {
    SparkSession spark = SparkTestSession.get();
    Dataset<Row> source =
        TwoMoons.toDataFrame(spark, TwoMoons.generate(4, 0.1, 0, 1))
            .withColumn(
                "label",
                org.apache.spark.sql.functions.expr(
                    "CASE WHEN label = 0 THEN 'neg' ELSE 'pos' END"));
    Dataset<Row> target = TwoMoons.toDataFrame(spark, TwoMoons.generate(3, 0.1, 30, 2));
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> DomainUnion.of(source, target, "label", "domain", "trueLabel"));
    assertTrue(
        e.getMessage().contains("label column 'label' must be numeric")
            && e.getMessage().contains("StringIndexer"),
        e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> DomainUnion.of(target, source, "label", "domain", "trueLabel"));
    assertTrue(e.getMessage().contains("StringIndexer"), "target labels too: " + e.getMessage());
  }
}
