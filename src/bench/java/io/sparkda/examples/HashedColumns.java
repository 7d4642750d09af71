package io.sparkda.examples;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.udf;

import java.util.Arrays;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.SparseVector;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.unsafe.hash.Murmur3_x86_32;

/**
 * Remaps feature columns by a hash into a wider space, as a text pipeline's {@code HashingTF}
 * (MurmurHash3, seed 42) would place the terms: the same data, but 2^18-wide sparse vectors.
 * Colliding columns add up.
 */
final class HashedColumns {
  private HashedColumns() {}

  static Dataset<Row> remap(Dataset<Row> rows, int width) {
    UDF1<Vector, Vector> hash = v -> hashed(v, width);
    return rows.withColumn("features", udf(hash, SQLDataTypes.VectorType()).apply(col("features")));
  }

  static Vector hashed(Vector vector, int width) {
    SparseVector sparse = vector.toSparse();
    return hashed(sparse.indices(), sparse.values(), sparse.indices().length, width);
  }

  /** The first {@code n} terms (ids in any order, repeats allowed) with their counts, hashed. */
  static Vector hashed(int[] terms, double[] counts, int n, int width) {
    long[] keyed = new long[n];
    for (int i = 0; i < n; i++) {
      int column = Math.floorMod(Murmur3_x86_32.hashInt(terms[i], 42), width);
      keyed[i] = (long) column << 32 | i;
    }
    Arrays.sort(keyed);
    int[] indices = new int[n];
    double[] values = new double[n];
    int m = 0;
    for (long k : keyed) {
      int column = (int) (k >>> 32);
      double value = counts[(int) k];
      if (m > 0 && indices[m - 1] == column) {
        values[m - 1] += value;
      } else {
        indices[m] = column;
        values[m++] = value;
      }
    }
    return Vectors.sparse(width, Arrays.copyOf(indices, m), Arrays.copyOf(values, m));
  }
}
