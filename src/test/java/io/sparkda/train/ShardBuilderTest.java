package io.sparkda.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkda.testutil.SparkTestSession;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class ShardBuilderTest {
  @Test
  void everyShardGetsItsShareOfBothDomainsAndNoRowIsLost() {
    StructType schema = new StructType()
        .add("features", SQLDataTypes.VectorType())
        .add("label", DataTypes.DoubleType)
        .add("isTarget", DataTypes.BooleanType);
    List<Row> rows = new ArrayList<>();
    // Skewed on purpose: all target rows come after all source rows.
    for (int i = 0; i < 103; i++) {
      rows.add(RowFactory.create(Vectors.sparse(3, new int[] {i % 3}, new double[] {i}), (double) (i % 2), false));
    }
    for (int i = 0; i < 41; i++) {
      rows.add(RowFactory.create(Vectors.dense(i, -i, 0.5), null, true));
    }
    Dataset<Row> data = SparkTestSession.get().createDataFrame(rows, schema).repartition(5);
    JavaRDD<Shard> shards = ShardBuilder.build(data, 3, 3);
    List<Shard> built = shards.collect();
    shards.unpersist();
    assertEquals(3, built.size());
    int source = 0;
    int target = 0;
    double featureSum = 0;
    for (Shard s : built) {
      assertTrue(Math.abs(s.sourceRows() - 103 / 3.0) <= 1, "source rows " + s.sourceRows());
      assertTrue(Math.abs(s.targetRows() - 41 / 3.0) <= 1, "target rows " + s.targetRows());
      source += s.sourceRows();
      target += s.targetRows();
      for (float f : s.sourceFeatureArray()) {
        featureSum += f;
      }
      for (long label : s.sourceLabels) {
        assertTrue(label == 0 || label == 1);
      }
    }
    assertEquals(103, source);
    assertEquals(41, target);
    assertEquals(102 * 103 / 2.0, featureSum, 1e-6, "sparse vectors densified in place");
  }
}
