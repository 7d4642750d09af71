package io.sparkda.train;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.HashPartitioner;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;
import scala.Tuple2;

/**
 * Turns training rows into cached, domain-balanced {@link Shard}s: the i-th source row (in input
 * order) goes to shard {@code i mod K}, and so does the i-th target row, so every shard holds
 * about {@code 1/K} of each domain. A first pass counts rows per input partition and domain so
 * that the indices are global, as {@code zipWithIndex} does.
 *
 * <p>Input columns, by position: 0 features (Vector), 1 label (double; null on unlabelled target
 * rows), 2 isTarget (boolean).
 */
public final class ShardBuilder {
  private ShardBuilder() {}

  public static JavaRDD<Shard> build(Dataset<Row> rows, int numFeatures, int numShards) {
    JavaRDD<Row> input = rows.javaRDD();
    List<long[]> counts = input.mapPartitions(ShardBuilder::countDomains).collect();
    long[][] firstIndex = new long[counts.size()][2];
    long source = 0;
    long target = 0;
    for (int p = 0; p < counts.size(); p++) {
      firstIndex[p][0] = source;
      firstIndex[p][1] = target;
      source += counts.get(p)[0];
      target += counts.get(p)[1];
    }
    JavaPairRDD<Integer, Example> keyed = JavaPairRDD.fromJavaRDD(input.mapPartitionsWithIndex(
        (partition, it) -> new KeyingIterator(it, firstIndex[partition], numShards, numFeatures),
        true));
    return keyed
        .partitionBy(new HashPartitioner(numShards))
        .mapPartitions(it -> List.of(toShard(it, numFeatures)).iterator(), true)
        .persist(StorageLevel.MEMORY_AND_DISK());
  }

  private static Iterator<long[]> countDomains(Iterator<Row> rows) {
    long[] count = new long[2];
    while (rows.hasNext()) {
      count[rows.next().getBoolean(2) ? 1 : 0]++;
    }
    return List.of(count).iterator();
  }

  private static Shard toShard(Iterator<Tuple2<Integer, Example>> examples, int numFeatures) {
    List<Example> source = new ArrayList<>();
    List<Example> target = new ArrayList<>();
    while (examples.hasNext()) {
      Example e = examples.next()._2();
      (e.target ? target : source).add(e);
    }
    float[] sourceFeatures = new float[source.size() * numFeatures];
    long[] sourceLabels = new long[source.size()];
    for (int i = 0; i < source.size(); i++) {
      System.arraycopy(source.get(i).features, 0, sourceFeatures, i * numFeatures, numFeatures);
      sourceLabels[i] = source.get(i).label;
    }
    float[] targetFeatures = new float[target.size() * numFeatures];
    long[] targetLabels = new long[target.size()];
    for (int i = 0; i < target.size(); i++) {
      System.arraycopy(target.get(i).features, 0, targetFeatures, i * numFeatures, numFeatures);
      targetLabels[i] = target.get(i).label;
    }
    return new Shard(numFeatures, sourceFeatures, sourceLabels, targetFeatures, targetLabels);
  }

  /** One row on its way to a shard. */
  private static final class Example implements Serializable {
    private static final long serialVersionUID = 1L;
    final float[] features;
    final long label;
    final boolean target;

    Example(float[] features, long label, boolean target) {
      this.features = features;
      this.label = label;
      this.target = target;
    }
  }

  /** Streams one input partition, keying each row by its shard (no partition held in memory). */
  private static final class KeyingIterator implements Iterator<Tuple2<Integer, Example>> {
    private final Iterator<Row> rows;
    private final long[] nextIndex;
    private final int numShards;
    private final int numFeatures;

    KeyingIterator(Iterator<Row> rows, long[] firstIndex, int numShards, int numFeatures) {
      this.rows = rows;
      this.nextIndex = firstIndex.clone();
      this.numShards = numShards;
      this.numFeatures = numFeatures;
    }

    @Override
    public boolean hasNext() {
      return rows.hasNext();
    }

    @Override
    public Tuple2<Integer, Example> next() {
      Row row = rows.next();
      float[] features = FeatureArrays.toFloats(row.getAs(0), numFeatures);
      boolean target = row.getBoolean(2);
      long label = row.isNullAt(1) ? -1 : (long) row.getDouble(1);
      int domain = target ? 1 : 0;
      int shard = (int) (nextIndex[domain]++ % numShards);
      return new Tuple2<>(shard, new Example(features, label, target));
    }
  }
}
