package io.sparkda.internal.shallow;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkda.testutil.SparkTestSession;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.ml.linalg.DenseVector;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.mllib.linalg.Vectors;
import org.apache.spark.mllib.linalg.distributed.RowMatrix;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/** The one-pass statistics against Spark's own covariance and against sums made by hand. */
class DomainMomentsTest {
  private static final int D = 6;
  private static final int K = 3;
  private static final StructType SCHEMA =
      new StructType()
          .add("features", SQLDataTypes.VectorType())
          .add("domain", DataTypes.DoubleType)
          .add("class", DataTypes.DoubleType, true);

  /** Dense and sparse rows mixed; the target shifted and scaled; some rows without a class. */
  private static List<Row> rows(long seed) {
    Random random = new Random(seed);
    List<Row> rows = new ArrayList<>();
    for (int domain = 0; domain < 2; domain++) {
      for (int r = 0; r < 150; r++) {
        double[] x = new double[D];
        for (int i = 0; i < D; i++) {
          // Zeros in about a third of the entries, so the sparse rows are really sparse.
          x[i] = random.nextInt(3) == 0 ? 0 : random.nextGaussian() * (1 + domain) + domain + i;
        }
        Vector v = r % 2 == 0 ? new DenseVector(x) : new DenseVector(x).toSparse();
        Double c = r % 5 == 0 ? null : (double) random.nextInt(K);
        rows.add(RowFactory.create(v, (double) domain, c));
      }
    }
    return rows;
  }

  private static Dataset<Row> frame(List<Row> rows, int partitions) {
    return SparkTestSession.get().createDataFrame(rows, SCHEMA).repartition(partitions);
  }

  @Test
  void covarianceIsSparksAndMeansAreTheRowsMeans() {
    List<Row> rows = rows(3);
    DomainMoments moments = DomainMoments.of(frame(rows, 3), D, K);
    SparkSession spark = SparkTestSession.get();
    for (int domain = 0; domain < 2; domain++) {
      List<double[]> vectors = new ArrayList<>();
      double[] sum = new double[D];
      double[][] classSum = new double[K][D];
      long[] classCount = new long[K];
      for (Row row : rows) {
        if ((int) row.getDouble(1) != domain) {
          continue;
        }
        double[] x = ((Vector) row.getAs(0)).toArray();
        vectors.add(x);
        for (int i = 0; i < D; i++) {
          sum[i] += x[i];
        }
        if (!row.isNullAt(2)) {
          int c = (int) row.getDouble(2);
          classCount[c]++;
          for (int i = 0; i < D; i++) {
            classSum[c][i] += x[i];
          }
        }
      }
      double[] expected =
          new RowMatrix(
                  JavaSparkContext.fromSparkContext(spark.sparkContext())
                      .parallelize(vectors, 2)
                      .map(Vectors::dense)
                      .rdd())
              .computeCovariance()
              .toArray();
      assertEquals(vectors.size(), moments.count(domain));
      assertArrayEquals(expected, moments.covariance(domain), 1e-9, "domain " + domain);
      for (int i = 0; i < D; i++) {
        assertEquals(sum[i] / vectors.size(), moments.mean(domain)[i], 1e-12);
      }
      for (int c = 0; c < K; c++) {
        assertTrue(classCount[c] > 0, "every class present");
        assertEquals(classCount[c], moments.classCount(domain, c));
        for (int i = 0; i < D; i++) {
          assertEquals(classSum[c][i] / classCount[c], moments.classMean(domain, c)[i], 1e-12);
        }
      }
    }
    // The target was scaled by 2: its variances are about 4 times the source's.
    assertTrue(moments.covariance(1)[0] > 2.5 * moments.covariance(0)[0]);
  }

  @Test
  void partitioningDoesNotChangeTheStatistics() {
    List<Row> rows = rows(5);
    DomainMoments one = DomainMoments.of(frame(rows, 1), D, K);
    DomainMoments four = DomainMoments.of(frame(rows, 4), D, K);
    for (int domain = 0; domain < 2; domain++) {
      assertEquals(one.count(domain), four.count(domain));
      assertArrayEquals(one.covariance(domain), four.covariance(domain), 1e-9);
      assertArrayEquals(one.classMean(domain, 1), four.classMean(domain, 1), 1e-12);
    }
  }
}
