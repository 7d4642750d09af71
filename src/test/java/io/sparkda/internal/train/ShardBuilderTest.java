package io.sparkda.internal.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkda.internal.nn.FeatureRows;
import io.sparkda.testutil.FeatureRowValues;
import io.sparkda.testutil.SparkTestSession;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import scala.Tuple2;

class ShardBuilderTest {
  private static final StructType SCHEMA =
      new StructType()
          .add("features", SQLDataTypes.VectorType())
          .add("label", DataTypes.DoubleType)
          .add("isTarget", DataTypes.BooleanType);

  @ParameterizedTest
  @ValueSource(strings = {FeatureLayout.DENSE, FeatureLayout.SPARSE})
  void everyShardGetsItsShareOfBothDomainsAndNoRowIsLost(String layout) {
    List<Row> rows = new ArrayList<>();
    // Skewed on purpose: all target rows come after all source rows.
    for (int i = 0; i < 103; i++) {
      rows.add(
          RowFactory.create(
              Vectors.sparse(3, new int[] {i % 3}, new double[] {i}), (double) (i % 2), false));
    }
    for (int i = 0; i < 41; i++) {
      rows.add(RowFactory.create(Vectors.dense(i, -i, 0.5), null, true));
    }
    Dataset<Row> data = SparkTestSession.get().createDataFrame(rows, SCHEMA).repartition(5);
    ShardBuilder.Shards shards = ShardBuilder.build(data, 3, 3, layout);
    List<Shard> built = shards.rdd.collect();
    shards.rdd.unpersist();
    assertEquals(layout.equals(FeatureLayout.SPARSE), shards.sparse);
    assertEquals(3, built.size());
    int source = 0;
    int target = 0;
    double sourceSum = 0;
    double targetSum = 0;
    for (Shard s : built) {
      assertTrue(Math.abs(s.sourceRows() - 103 / 3.0) <= 1, "source rows " + s.sourceRows());
      assertTrue(Math.abs(s.targetRows() - 41 / 3.0) <= 1, "target rows " + s.targetRows());
      source += s.sourceRows();
      target += s.targetRows();
      float[] features = values(s.features);
      for (int i = 0; i < features.length; i++) {
        if (i < 3 * s.sourceRows()) {
          sourceSum += features[i];
        } else {
          targetSum += features[i];
        }
      }
      for (long label : s.sourceLabels) {
        assertTrue(label == 0 || label == 1);
      }
    }
    assertEquals(103, source);
    assertEquals(41, target);
    assertEquals(102 * 103 / 2.0, sourceSum, 1e-6, "source rows first, values in place");
    assertEquals(0.5 * 41, targetSum, 1e-6, "then the target rows");
  }

  @Test
  void autoKeepsMostlyZeroRowsSparseInMemoryProportionalToTheNonZeros() {
    int width = 1 << 18;
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      int[] columns = {i, 1000 + 7 * i, width - 1 - i};
      rows.add(
          RowFactory.create(
              Vectors.sparse(width, columns, new double[] {1, 2, 3}),
              i < 100 ? (double) (i % 2) : null,
              i >= 100));
    }
    Dataset<Row> data = SparkTestSession.get().createDataFrame(rows, SCHEMA).repartition(2);
    ShardBuilder.Shards shards = ShardBuilder.build(data, width, 2, FeatureLayout.AUTO);
    List<Shard> built = shards.rdd.collect();
    shards.rdd.unpersist();
    assertTrue(shards.sparse, "0.001% non-zero: auto chose sparse");
    long bytes = built.stream().mapToLong(Shard::bytes).sum();
    // 600 non-zeros: 8 bytes each for column and value; then per row a CSR offset and a label.
    assertTrue(bytes <= 2 * (600 * 8 + 200 * 12), bytes + " bytes");
    double sum = 0;
    for (Shard s : built) {
      sum += s.features.rows();
    }
    assertEquals(200, sum);
  }

  /**
   * A shard rebuilt after its executor is lost gets its rows from the shuffle in whatever order the
   * map outputs are fetched; it must hold them at the same positions as the first build, or a
   * re-run task would draw other batches than the attempt it replaces.
   */
  @Test
  void aShardHoldsItsRowsInTheSameOrderWhateverOrderTheShuffleDeliversThem() {
    List<Tuple2<Integer, ShardBuilder.Example>> delivered = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      boolean target = i % 3 == 0;
      delivered.add(
          new Tuple2<>(
              0,
              new ShardBuilder.Example(i, Vectors.dense(i, 2.0 * i), target ? -1 : i % 2, target)));
    }
    Shard inOrder = ShardBuilder.toShard(delivered.iterator(), 2, false);
    Collections.shuffle(delivered, new Random(3));
    Shard shuffled = ShardBuilder.toShard(delivered.iterator(), 2, false);
    assertArrayEquals(values(inOrder.features), values(shuffled.features));
    assertArrayEquals(inOrder.sourceLabels, shuffled.sourceLabels);
    assertArrayEquals(inOrder.targetLabels, shuffled.targetLabels);
  }

  private static float[] values(FeatureRows rows) {
    return FeatureRowValues.of(rows);
  }
}
