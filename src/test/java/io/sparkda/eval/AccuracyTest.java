package io.sparkda.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkda.testutil.SparkTestSession;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class AccuracyTest {
  private static final StructType SCHEMA =
      new StructType()
          .add("prediction", DataTypes.DoubleType)
          .add("label", DataTypes.DoubleType, true);

  @Test
  void countsOnlyLabelledRows() {
    Dataset<Row> scored =
        SparkTestSession.get()
            .createDataFrame(
                List.of(
                    RowFactory.create(1.0, 1.0),
                    RowFactory.create(0.0, 1.0),
                    RowFactory.create(2.0, 2.0),
                    RowFactory.create(1.0, null)),
                SCHEMA);
    assertEquals(2 / 3.0, Accuracy.of(scored, "prediction", "label"), 1e-12);
  }

  @Test
  void isNaNWithoutLabels() {
    Dataset<Row> scored =
        SparkTestSession.get().createDataFrame(List.of(RowFactory.create(1.0, null)), SCHEMA);
    assertTrue(Double.isNaN(Accuracy.of(scored, "prediction", "label")));
  }
}
