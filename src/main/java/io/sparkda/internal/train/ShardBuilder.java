package io.sparkda.internal.train;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.HashPartitioner;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.ml.linalg.DenseVector;
import org.apache.spark.ml.linalg.SparseVector;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.Tuple2;

/**
 * Turns training rows into cached, domain-balanced {@link Shard}s: the i-th source row (in input
 * order) goes to shard {@code i mod K}, and so does the i-th target row, so every shard holds about
 * {@code 1/K} of each domain. A first pass counts rows per input partition and domain so that the
 * indices are global, as {@code zipWithIndex} does.
 *
 * <p>A shard holds its rows in global-index order, not in the order the shuffle delivered them
 * (which depends on which map output is fetched first): a shard rebuilt from lineage after its
 * executor is lost holds the same rows at the same positions, so a re-run task draws the same
 * batches.
 *
 * <p>The first pass also counts non-zero feature values, from which {@link FeatureLayout#AUTO}
 * decides whether the shards hold dense or CSR rows.
 *
 * <p>Input columns, by position: 0 features (Vector), 1 label (double; null on unlabelled target
 * rows), 2 isTarget (boolean).
 */
public final class ShardBuilder {
  private static final Logger LOG = LoggerFactory.getLogger(ShardBuilder.class);

  private ShardBuilder() {}

  /** The cached shards, the layout their features were stored in, and what data they hold. */
  public static final class Shards {
    public final JavaRDD<Shard> rdd;
    public final boolean sparse;
    final DataFingerprint data;

    Shards(JavaRDD<Shard> rdd, boolean sparse, DataFingerprint data) {
      this.rdd = rdd;
      this.sparse = sparse;
      this.data = data;
    }
  }

  /**
   * Row counts and a hash of every row's features, label and domain, in input order (a checkpoint
   * resumes only on the same rows in the same order, which the shards' batches depend on).
   */
  static final class DataFingerprint {
    final long sourceRows;
    final long targetRows;
    final long hash;

    DataFingerprint(long sourceRows, long targetRows, long hash) {
      this.sourceRows = sourceRows;
      this.targetRows = targetRows;
      this.hash = hash;
    }

    @Override
    public String toString() {
      return String.format(
          "%d source rows, %d target rows, content hash %016x", sourceRows, targetRows, hash);
    }
  }

  /**
   * @param layout a {@link FeatureLayout} value: {@code auto} decides from the non-zeros
   */
  public static Shards build(Dataset<Row> rows, int numFeatures, int numShards, String layout) {
    JavaRDD<Row> input = rows.javaRDD();
    // Per input partition: source rows, target rows, non-zero feature values, content hash.
    List<long[]> counts = input.mapPartitions(ShardBuilder::countDomains).collect();
    long[][] firstIndex = new long[counts.size()][2];
    long source = 0;
    long target = 0;
    long nonZeros = 0;
    long hash = 17;
    for (int p = 0; p < counts.size(); p++) {
      firstIndex[p][0] = source;
      firstIndex[p][1] = target;
      source += counts.get(p)[0];
      target += counts.get(p)[1];
      nonZeros += counts.get(p)[2];
      hash = hash * 31 + counts.get(p)[3];
    }
    boolean sparse = FeatureLayout.sparse(layout, nonZeros, source + target, numFeatures);
    LOG.info(
        "spark-da shards: {} of {} x {} feature values non-zero ({}%): featureLayout {} -> {}",
        nonZeros,
        source + target,
        numFeatures,
        String.format(
            "%.2f", 100.0 * nonZeros / Math.max(1.0, (source + target) * (double) numFeatures)),
        layout,
        sparse ? "sparse (CSR)" : "dense");
    JavaPairRDD<Integer, Example> keyed =
        JavaPairRDD.fromJavaRDD(
            input.mapPartitionsWithIndex(
                (partition, it) -> new KeyingIterator(it, firstIndex[partition], numShards), true));
    JavaRDD<Shard> shards =
        keyed
            .partitionBy(new HashPartitioner(numShards))
            .mapPartitions(it -> List.of(toShard(it, numFeatures, sparse)).iterator(), true)
            .persist(StorageLevel.MEMORY_AND_DISK());
    return new Shards(shards, sparse, new DataFingerprint(source, target, hash));
  }

  private static Iterator<long[]> countDomains(Iterator<Row> rows) {
    long[] count = new long[4];
    while (rows.hasNext()) {
      Row row = rows.next();
      Vector features = row.getAs(0);
      count[row.getBoolean(2) ? 1 : 0]++;
      count[2] += FeatureLayout.nonZeros(features);
      long h = mix(features.size(), row.getBoolean(2) ? 1 : 0);
      h = mix(h, row.isNullAt(1) ? -1 : Double.doubleToLongBits(row.getDouble(1)));
      if (features instanceof DenseVector) {
        for (double v : ((DenseVector) features).values()) {
          h = mix(h, Double.doubleToLongBits(v));
        }
      } else {
        SparseVector sparse = (SparseVector) features;
        for (int i = 0; i < sparse.indices().length; i++) {
          h = mix(mix(h, sparse.indices()[i]), Double.doubleToLongBits(sparse.values()[i]));
        }
      }
      count[3] = mix(count[3], h);
    }
    return List.of(count).iterator();
  }

  /** One step of an order-dependent 64-bit hash (a multiply-xorshift mix). */
  private static long mix(long h, long value) {
    long x = (h ^ value) * 0x9E3779B97F4A7C15L;
    return x ^ (x >>> 29);
  }

  static Shard toShard(
      Iterator<Tuple2<Integer, Example>> examples, int numFeatures, boolean sparse) {
    List<Example> source = new ArrayList<>();
    List<Example> target = new ArrayList<>();
    while (examples.hasNext()) {
      Example e = examples.next()._2();
      (e.target ? target : source).add(e);
    }
    source.sort(BY_INDEX);
    target.sort(BY_INDEX);
    List<Vector> features = new ArrayList<>(source.size() + target.size());
    long[] sourceLabels = new long[source.size()];
    for (int i = 0; i < source.size(); i++) {
      features.add(source.get(i).features);
      sourceLabels[i] = source.get(i).label;
    }
    long[] targetLabels = new long[target.size()];
    for (int i = 0; i < target.size(); i++) {
      features.add(target.get(i).features);
      targetLabels[i] = target.get(i).label;
    }
    return new Shard(FeatureLayout.rows(features, numFeatures, sparse), sourceLabels, targetLabels);
  }

  private static final Comparator<Example> BY_INDEX = Comparator.comparingLong(e -> e.index);

  /** One row on its way to a shard, with its global index among its domain's rows. */
  static final class Example implements Serializable {
    private static final long serialVersionUID = 2L;
    final long index;
    final Vector features;
    final long label;
    final boolean target;

    Example(long index, Vector features, long label, boolean target) {
      this.index = index;
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

    KeyingIterator(Iterator<Row> rows, long[] firstIndex, int numShards) {
      this.rows = rows;
      this.nextIndex = firstIndex.clone();
      this.numShards = numShards;
    }

    @Override
    public boolean hasNext() {
      return rows.hasNext();
    }

    @Override
    public Tuple2<Integer, Example> next() {
      Row row = rows.next();
      Vector features = row.getAs(0);
      boolean target = row.getBoolean(2);
      long label = row.isNullAt(1) ? -1 : (long) row.getDouble(1);
      int domain = target ? 1 : 0;
      long index = nextIndex[domain]++;
      return new Tuple2<>((int) (index % numShards), new Example(index, features, label, target));
    }
  }
}
