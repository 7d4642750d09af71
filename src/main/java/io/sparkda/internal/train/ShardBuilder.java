package io.sparkda.internal.train;

import java.io.Serializable;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.Partitioner;
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
 * batches. Spark's shuffle sorts them ({@code repartitionAndSortWithinPartitions}, which spills to
 * disk), and each shard's arrays are filled as the sorted rows stream past: no row is held as an
 * object, so a shard needs about its own size in memory (holding every row as a {@code Vector}
 * first took 1.3 KB per hashed-text row and ran 1.5 GB executors out of heap at a million rows).
 *
 * <p>The first pass also counts non-zero feature values, from which {@link FeatureLayout#AUTO}
 * decides whether the shards hold dense or CSR rows, and each shard's rows and non-zeros, so its
 * arrays are allocated once at their final size.
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
    List<long[]> counts =
        input.mapPartitions(it -> List.of(countDomains(it, numShards)).iterator()).collect();
    long[][] firstIndex = new long[counts.size()][2];
    long[] shardNonZeros = new long[numShards];
    long source = 0;
    long target = 0;
    long nonZeros = 0;
    long hash = 17;
    for (int p = 0; p < counts.size(); p++) {
      long[] c = counts.get(p);
      firstIndex[p][0] = source;
      firstIndex[p][1] = target;
      for (int domain = 0; domain < 2; domain++) {
        long first = firstIndex[p][domain];
        for (int j = 0; j < numShards; j++) {
          shardNonZeros[(int) ((first + j) % numShards)] += c[COUNTS + domain * numShards + j];
        }
      }
      source += c[0];
      target += c[1];
      nonZeros += c[2];
      hash = hash * 31 + c[3];
    }
    ShardSizes sizes = new ShardSizes(source, target, shardNonZeros);
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
    JavaPairRDD<Long, Example> keyed =
        JavaPairRDD.fromJavaRDD(
            input.mapPartitionsWithIndex(
                (partition, it) -> new KeyingIterator(it, firstIndex[partition]), true));
    JavaRDD<Shard> shards =
        keyed
            .repartitionAndSortWithinPartitions(new ByShard(numShards), new ByKey())
            .mapPartitionsWithIndex(
                (shard, it) -> List.of(toShard(it, shard, sizes, numFeatures, sparse)).iterator(),
                true)
            .persist(StorageLevel.MEMORY_AND_DISK());
    return new Shards(shards, sparse, new DataFingerprint(source, target, hash));
  }

  /** Where {@link #countDomains}'s per-shard non-zeros start, after its four totals. */
  private static final int COUNTS = 4;

  /**
   * One input partition's source rows, target rows, non-zero feature values and content hash; then
   * per domain, the non-zeros of its rows by local index mod {@code numShards} (the driver turns
   * those into each shard's, once it knows the partition's first global index).
   */
  private static long[] countDomains(Iterator<Row> rows, int numShards) {
    long[] count = new long[COUNTS + 2 * numShards];
    while (rows.hasNext()) {
      Row row = rows.next();
      Vector features = row.getAs(0);
      int domain = row.getBoolean(2) ? 1 : 0;
      int nonZeros = FeatureLayout.nonZeros(features);
      count[COUNTS + domain * numShards + (int) (count[domain] % numShards)] += nonZeros;
      count[domain]++;
      count[2] += nonZeros;
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
    return count;
  }

  /** One step of an order-dependent 64-bit hash (a multiply-xorshift mix). */
  private static long mix(long h, long value) {
    long x = (h ^ value) * 0x9E3779B97F4A7C15L;
    return x ^ (x >>> 29);
  }

  /**
   * Shard {@code shard} from its rows, sorted by key (source rows, then target rows, each by global
   * index), into arrays allocated at their final size.
   */
  static Shard toShard(
      Iterator<Tuple2<Long, Example>> sorted,
      int shard,
      ShardSizes sizes,
      int numFeatures,
      boolean sparse) {
    int sourceRows = sizes.rows(shard, 0);
    int targetRows = sizes.rows(shard, 1);
    int rows = sourceRows + targetRows;
    FeatureLayout.RowsBuilder features =
        FeatureLayout.builder(numFeatures, rows, sizes.nonZeros[shard], sparse);
    long[] sourceLabels = new long[sourceRows];
    long[] targetLabels = new long[targetRows];
    int row = 0;
    long previous = -1;
    while (sorted.hasNext()) {
      Tuple2<Long, Example> next = sorted.next();
      if (next._1() <= previous || row >= rows) {
        throw new IllegalStateException(
            "shard " + shard + ": row key " + next._1() + " out of order or beyond " + rows);
      }
      previous = next._1();
      features.add(next._2().features);
      if (row < sourceRows) {
        sourceLabels[row] = next._2().label;
      } else {
        targetLabels[row - sourceRows] = next._2().label;
      }
      row++;
    }
    if (row != rows) {
      throw new IllegalStateException(
          "shard " + shard + " received " + row + " rows, the first pass counted " + rows);
    }
    return new Shard(features.build(), sourceLabels, targetLabels);
  }

  /** A row's shuffle key: its domain above its global index, so source rows sort first. */
  static long key(boolean target, long index) {
    return (target ? TARGET_BIT : 0) | index;
  }

  private static final long TARGET_BIT = 1L << 62;

  /** Each shard's rows per domain and non-zeros, from the first pass. */
  static final class ShardSizes implements Serializable {
    private static final long serialVersionUID = 1L;
    private final long[] domainRows;
    final long[] nonZeros;

    ShardSizes(long sourceRows, long targetRows, long[] nonZeros) {
      this.domainRows = new long[] {sourceRows, targetRows};
      this.nonZeros = nonZeros;
    }

    /** Rows of {@code domain} with a global index = shard mod K. */
    int rows(int shard, int domain) {
      long all = domainRows[domain];
      int k = nonZeros.length;
      return Math.toIntExact(all / k + (shard < all % k ? 1 : 0));
    }
  }

  /** Sends a row to shard (global index mod K). */
  static final class ByShard extends Partitioner {
    private static final long serialVersionUID = 1L;
    private final int shards;

    ByShard(int shards) {
      this.shards = shards;
    }

    @Override
    public int numPartitions() {
      return shards;
    }

    @Override
    public int getPartition(Object key) {
      return (int) (((Long) key & (TARGET_BIT - 1)) % shards);
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof ByShard && ((ByShard) other).shards == shards;
    }

    @Override
    public int hashCode() {
      return shards;
    }
  }

  /** The keys' natural order, serializable for the shuffle. */
  private static final class ByKey implements Comparator<Long>, Serializable {
    private static final long serialVersionUID = 1L;

    @Override
    public int compare(Long a, Long b) {
      return Long.compare(a, b);
    }
  }

  /** One row on its way to a shard: its features and label (-1 where unlabelled). */
  static final class Example implements Serializable {
    private static final long serialVersionUID = 3L;
    final Vector features;
    final long label;

    Example(Vector features, long label) {
      this.features = features;
      this.label = label;
    }
  }

  /** Streams one input partition, keying each row by domain and global index (none held). */
  private static final class KeyingIterator implements Iterator<Tuple2<Long, Example>> {
    private final Iterator<Row> rows;
    private final long[] nextIndex;

    KeyingIterator(Iterator<Row> rows, long[] firstIndex) {
      this.rows = rows;
      this.nextIndex = firstIndex.clone();
    }

    @Override
    public boolean hasNext() {
      return rows.hasNext();
    }

    @Override
    public Tuple2<Long, Example> next() {
      Row row = rows.next();
      Vector features = row.getAs(0);
      boolean target = row.getBoolean(2);
      long label = row.isNullAt(1) ? -1 : (long) row.getDouble(1);
      long index = nextIndex[target ? 1 : 0]++;
      return new Tuple2<>(key(target, index), new Example(features, label));
    }
  }
}
