package io.sparkda.internal.selftraining;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sparkda.testutil.SparkTestSession;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/** One round's pick on hand-made scores: which rows get a pseudo-label, and the statistics. */
class PseudoLabelSelectionTest {
  private static final StructType SCHEMA =
      new StructType()
          .add("id", DataTypes.IntegerType, false)
          .add("label", DataTypes.DoubleType, true)
          .add("domain", DataTypes.DoubleType, false)
          .add("pseudo", DataTypes.DoubleType, true)
          .add("trueLabel", DataTypes.DoubleType, true)
          .add("probability", SQLDataTypes.VectorType(), false)
          .add("prediction", DataTypes.DoubleType, false);

  private static Object[] row(
      int id, Double label, double domain, Double pseudo, double p1, double truth) {
    return new Object[] {
      id, label, domain, pseudo, truth, Vectors.dense(1 - p1, p1), p1 > 0.5 ? 1.0 : 0.0
    };
  }

  /** Ids 1-2 source, 3 a labelled target row, 4 already pseudo-labelled, 5-10 candidates. */
  private static Dataset<Row> scored() {
    List<Row> rows = new ArrayList<>();
    for (Object[] r :
        new Object[][] {
          row(1, 0.0, 0, null, 0.01, 0), row(2, 1.0, 0, null, 0.99, 1),
          row(3, 1.0, 1, null, 0.97, 1), row(4, null, 1, 0.0, 0.02, 0),
          row(5, null, 1, null, 0.95, 1), row(6, null, 1, null, 0.60, 0),
          row(7, null, 1, null, 0.05, 0), row(8, null, 1, null, 0.30, 1),
          row(9, null, 1, null, 0.85, 1), row(10, null, 1, null, 0.20, 0)
        }) {
      rows.add(RowFactory.create(r));
    }
    return SparkTestSession.get().createDataFrame(rows, SCHEMA).repartition(2);
  }

  private static final Column CANDIDATE =
      col("domain").equalTo(1.0).and(col("label").isNull()).and(col("pseudo").isNull());

  private static Map<Integer, Double> pseudoLabels(Dataset<Row> rows) {
    Map<Integer, Double> labels = new TreeMap<>();
    for (Row r : rows.filter(col("pseudo").isNotNull()).select("id", "pseudo").collectAsList()) {
      labels.put(r.getInt(0), r.getDouble(1));
    }
    return labels;
  }

  @Test
  void thresholdPicksConfidentCandidatesOnly() {
    PseudoLabelSelection.Outcome out =
        new PseudoLabelSelection("threshold", 0.9, 0)
            .apply(
                scored(),
                CANDIDATE,
                "pseudo",
                "probability",
                "prediction",
                col("domain").equalTo(1.0),
                "trueLabel");
    // Candidates with confidence >= 0.9: 5 (0.95 -> 1) and 7 (0.95 -> 0); 4 keeps its label.
    assertEquals(Map.of(4, 0.0, 5, 1.0, 7, 0.0), pseudoLabels(out.rows));
    assertEquals(2, out.added);
    assertEquals(0.95, out.meanConfidence, 1e-9);
    // Target rows 3..10 against trueLabel: wrong on 6 and 8 -> 6 of 8.
    assertEquals(0.75, out.targetAccuracy, 1e-9);
    // Both added pseudo-labels (5 -> 1, 7 -> 0) are right.
    assertEquals(1.0, out.addedAccuracy, 1e-9);
    assertEquals(10, out.rows.count(), "no row lost");
  }

  @Test
  void topFractionIsClassBalanced() {
    PseudoLabelSelection.Outcome out =
        new PseudoLabelSelection("top-fraction", 0, 0.3)
            .apply(scored(), CANDIDATE, "pseudo", "probability", "prediction", null, null);
    // Predicted 1: 5 (0.95), 9 (0.85), 6 (0.60); predicted 0: 7 (0.95), 10 (0.80), 8 (0.70).
    // The top 30% of each class (one of three): 5 and 7.
    assertEquals(Map.of(4, 0.0, 5, 1.0, 7, 0.0), pseudoLabels(out.rows));
    assertEquals(Double.NaN, out.targetAccuracy);
  }

  @Test
  void nothingAboveTheThresholdAddsNothing() {
    PseudoLabelSelection.Outcome out =
        new PseudoLabelSelection("threshold", 0.99, 0)
            .apply(scored(), CANDIDATE, "pseudo", "probability", "prediction", null, null);
    assertEquals(0, out.added);
    assertEquals(Double.NaN, out.meanConfidence);
    assertEquals(Map.of(4, 0.0), pseudoLabels(out.rows));
  }
}
