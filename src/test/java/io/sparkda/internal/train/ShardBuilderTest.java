package io.sparkda.internal.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkda.internal.nn.FeatureRows;
import io.sparkda.testutil.FeatureRowValues;
import io.sparkda.testutil.SparkTestSession;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.spark.api.java.JavaSparkContext;
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
   * re-run task would draw other batches than the attempt it replaces. The shuffle sorts them by
   * domain and global index: shard s holds the rows whose index in their domain is s mod K, in
   * index order, sources first.
   */
  @ParameterizedTest
  @ValueSource(strings = {FeatureLayout.DENSE, FeatureLayout.SPARSE})
  void aShardHoldsTheRowsOfItsIndicesInIndexOrderSourcesFirst(String layout) {
    int shards = 3;
    List<Row> rows = new ArrayList<>();
    List<List<float[]>> sourceExpected = new ArrayList<>();
    List<List<Long>> sourceLabels = new ArrayList<>();
    List<List<float[]>> targetExpected = new ArrayList<>();
    for (int s = 0; s < shards; s++) {
      sourceExpected.add(new ArrayList<>());
      sourceLabels.add(new ArrayList<>());
      targetExpected.add(new ArrayList<>());
    }
    Random random = new Random(5);
    int source = 0;
    int target = 0;
    for (int i = 0; i < 95; i++) {
      boolean isTarget = random.nextInt(3) == 0;
      float a = i;
      float b = random.nextInt(4) == 0 ? 0f : -0.5f * i;
      long label = i % 2;
      rows.add(
          RowFactory.create(
              Vectors.dense(a, b, 1.0), isTarget ? null : Double.valueOf(label), isTarget));
      if (isTarget) {
        targetExpected.get(target++ % shards).add(new float[] {a, b, 1f});
      } else {
        sourceExpected.get(source % shards).add(new float[] {a, b, 1f});
        sourceLabels.get(source++ % shards).add(label);
      }
    }
    // Seven input partitions in input order: the global indices run across them.
    Dataset<Row> data =
        SparkTestSession.get()
            .createDataFrame(
                JavaSparkContext.fromSparkContext(SparkTestSession.get().sparkContext())
                    .parallelize(rows, 7),
                SCHEMA);
    ShardBuilder.Shards built = ShardBuilder.build(data, 3, shards, layout);
    List<Shard> collected = built.rdd.collect();
    built.rdd.unpersist();
    for (int s = 0; s < shards; s++) {
      Shard shard = collected.get(s);
      List<float[]> expected = new ArrayList<>(sourceExpected.get(s));
      expected.addAll(targetExpected.get(s));
      float[] flat = new float[3 * expected.size()];
      for (int r = 0; r < expected.size(); r++) {
        System.arraycopy(expected.get(r), 0, flat, 3 * r, 3);
      }
      assertArrayEquals(flat, values(shard.features), "shard " + s);
      assertArrayEquals(
          sourceLabels.get(s).stream().mapToLong(Long::longValue).toArray(),
          shard.sourceLabels,
          "shard " + s);
      assertEquals(targetExpected.get(s).size(), shard.targetRows(), "shard " + s);
    }
  }

  @Test
  void rowsOutOfKeyOrderAreRefusedRatherThanPlacedWhereTheyArrive() {
    ShardBuilder.ShardSizes sizes = new ShardBuilder.ShardSizes(2, 0, new long[] {4});
    List<Tuple2<Long, ShardBuilder.Example>> delivered =
        List.of(
            new Tuple2<>(
                ShardBuilder.key(false, 1), new ShardBuilder.Example(Vectors.dense(1, 1), 0)),
            new Tuple2<>(
                ShardBuilder.key(false, 0), new ShardBuilder.Example(Vectors.dense(0, 0), 1)));
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () -> ShardBuilder.toShard(delivered.iterator(), 0, sizes, 2, false));
    assertTrue(e.getMessage().contains("out of order"), e.getMessage());
  }

  private static float[] values(FeatureRows rows) {
    return FeatureRowValues.of(rows);
  }
}
