package io.sparkda.internal.shallow;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import dev.ludovic.netlib.blas.BLAS;
import java.io.Serializable;
import org.apache.spark.ml.linalg.DenseVector;
import org.apache.spark.ml.linalg.SparseVector;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sufficient statistics the shallow methods share, from one distributed pass over both domains:
 * per domain the row count, the feature sum and the upper triangle of {@code X^T X} (packed, as
 * BLAS {@code dspr} keeps it); per domain and class the row count and feature sum. Means,
 * covariances and class means follow on the driver. Partitions are combined by a tree aggregation,
 * so the driver receives a few partial sums, not rows.
 *
 * <p>Memory: {@code 2 d (d + 1) / 2} doubles per task for the two Gramians (d = 5,000: 200 MB).
 */
public final class DomainMoments implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(DomainMoments.class);

  private final int numFeatures;
  private final int numClasses;
  private final long[] counts = new long[2];
  private final double[][] sums;
  private final double[][] packedGrams;
  private final long[][] classCounts;
  private final double[][][] classSums;

  private DomainMoments(int numFeatures, int numClasses, boolean withGrams) {
    this.numFeatures = numFeatures;
    this.numClasses = numClasses;
    int packed = withGrams ? Math.toIntExact((long) numFeatures * (numFeatures + 1) / 2) : 0;
    sums = new double[2][numFeatures];
    packedGrams = new double[2][packed];
    classCounts = new long[2][numClasses];
    classSums = new double[2][numClasses][numFeatures];
  }

  /**
   * @param rows columns, in this order: features (ml Vector of {@code numFeatures}), domain
   *     (double, 0 = source, 1 = target), class (double in [0, numClasses), or null for a row
   *     without one)
   * @param numClasses classes whose per-domain means are wanted; 0 = none
   */
  public static DomainMoments of(Dataset<Row> rows, int numFeatures, int numClasses) {
    return aggregate(rows, numFeatures, numClasses, true);
  }

  /** Both domains' moments, without classes, from two columns of {@code data}. */
  public static DomainMoments of(
      Dataset<Row> data, String featuresCol, String domainCol, int numFeatures) {
    return of(
        data.select(
            col(featuresCol),
            col(domainCol).cast(DataTypes.DoubleType),
            lit(null).cast(DataTypes.DoubleType)),
        numFeatures,
        0);
  }

  /**
   * Counts, sums and class sums only, without the Gramians ({@link #covariance} is not available):
   * what an iteration that only moves class means needs (JDA's pseudo-labels).
   */
  public static DomainMoments withoutCovariances(
      Dataset<Row> rows, int numFeatures, int numClasses) {
    return aggregate(rows, numFeatures, numClasses, false);
  }

  private static DomainMoments aggregate(
      Dataset<Row> rows, int numFeatures, int numClasses, boolean withGrams) {
    long start = System.nanoTime();
    DomainMoments moments =
        rows.javaRDD()
            .treeAggregate(
                new DomainMoments(numFeatures, numClasses, withGrams),
                DomainMoments::add,
                DomainMoments::merge,
                2);
    LOG.info(
        "spark-da domain moments: {} + {} rows of {} features, one pass in {} s",
        moments.counts[0],
        moments.counts[1],
        numFeatures,
        Math.round((System.nanoTime() - start) / 1e9));
    return moments;
  }

  private DomainMoments add(Row row) {
    int domain = (int) row.getDouble(1);
    Vector x = row.getAs(0);
    counts[domain]++;
    addTo(sums[domain], x);
    if (packedGrams[domain].length > 0) {
      addOuterProduct(packedGrams[domain], x);
    }
    if (numClasses > 0 && !row.isNullAt(2)) {
      int c = (int) row.getDouble(2);
      classCounts[domain][c]++;
      addTo(classSums[domain][c], x);
    }
    return this;
  }

  private DomainMoments merge(DomainMoments other) {
    for (int domain = 0; domain < 2; domain++) {
      counts[domain] += other.counts[domain];
      addTo(sums[domain], other.sums[domain]);
      addTo(packedGrams[domain], other.packedGrams[domain]);
      for (int c = 0; c < numClasses; c++) {
        classCounts[domain][c] += other.classCounts[domain][c];
        addTo(classSums[domain][c], other.classSums[domain][c]);
      }
    }
    return this;
  }

  private static void addTo(double[] total, double[] values) {
    for (int i = 0; i < total.length; i++) {
      total[i] += values[i];
    }
  }

  private static void addTo(double[] total, Vector x) {
    if (x instanceof DenseVector dense) {
      addTo(total, dense.values());
    } else {
      SparseVector sparse = (SparseVector) x;
      int[] index = sparse.indices();
      double[] value = sparse.values();
      for (int a = 0; a < index.length; a++) {
        total[index[a]] += value[a];
      }
    }
  }

  /** {@code x x^T} into the packed upper triangle: (i, j), i <= j, is at i + j (j + 1) / 2. */
  private void addOuterProduct(double[] packed, Vector x) {
    if (x instanceof DenseVector dense) {
      BLAS.getInstance().dspr("U", numFeatures, 1.0, dense.values(), 1, packed);
    } else {
      SparseVector sparse = (SparseVector) x;
      int[] index = sparse.indices();
      double[] value = sparse.values();
      for (int b = 0; b < index.length; b++) {
        int j = index[b];
        int column = packedColumn(j);
        for (int a = 0; a <= b; a++) {
          packed[column + index[a]] += value[a] * value[b];
        }
      }
    }
  }

  /** Where column j of the packed upper triangle starts (long arithmetic: j (j + 1) > 2^31). */
  private static int packedColumn(int j) {
    return (int) ((long) j * (j + 1) / 2);
  }

  public int numFeatures() {
    return numFeatures;
  }

  public long count(int domain) {
    return counts[domain];
  }

  public double[] mean(int domain) {
    return scaled(sums[domain], 1.0 / counts[domain]);
  }

  /**
   * The unbiased covariance {@code (X^T X - n m m^T) / (n - 1)} of one domain, column-major {@code
   * d x d} (the estimate of Spark's {@code RowMatrix.computeCovariance}).
   */
  public double[] covariance(int domain) {
    return centredGram(packedGrams[domain], counts[domain], mean(domain), counts[domain] - 1);
  }

  /**
   * {@link #covariance} plus {@code r I}: {@code r} is {@code regularization} itself, or, when
   * {@code relative}, times the covariance's mean variance {@code trace / d} (1 for a constant
   * domain, so that the result stays invertible): the same shrinkage at any feature scale.
   */
  public double[] regularizedCovariance(int domain, double regularization, boolean relative) {
    double[] covariance = covariance(domain);
    int d = numFeatures;
    double trace = 0;
    for (int i = 0; i < d; i++) {
      trace += covariance[i * d + i];
    }
    double meanVariance = trace > 0 ? trace / d : 1.0;
    double r = relative ? regularization * meanVariance : regularization;
    for (int i = 0; i < d; i++) {
      covariance[i * d + i] += r;
    }
    return covariance;
  }

  /**
   * The scatter of both domains' rows around their joint mean, {@code sum (x - m)(x - m)^T} ({@code
   * X H X^T} in TCA and JDA), column-major {@code d x d}.
   */
  public double[] totalScatter() {
    long n = counts[0] + counts[1];
    double[] mean = new double[numFeatures];
    for (int i = 0; i < numFeatures; i++) {
      mean[i] = (sums[0][i] + sums[1][i]) / n;
    }
    double[] gram = packedGrams[0].clone();
    addTo(gram, packedGrams[1]);
    return centredGram(gram, n, mean, 1);
  }

  /** {@code (G - n m m^T) / divisor} from a packed Gramian, as a full column-major matrix. */
  private double[] centredGram(double[] packed, long n, double[] mean, double divisor) {
    if (packed.length == 0) {
      throw new IllegalStateException("these moments were aggregated without covariances");
    }
    int d = numFeatures;
    double[] out = new double[d * d];
    for (int j = 0; j < d; j++) {
      int column = packedColumn(j);
      for (int i = 0; i <= j; i++) {
        double value = (packed[column + i] - n * mean[i] * mean[j]) / divisor;
        out[j * d + i] = value;
        out[i * d + j] = value;
      }
    }
    return out;
  }

  public int numClasses() {
    return numClasses;
  }

  public long classCount(int domain, int c) {
    return classCounts[domain][c];
  }

  /** The mean of one class's rows in one domain; NaN where the class has no row there. */
  public double[] classMean(int domain, int c) {
    return scaled(classSums[domain][c], 1.0 / classCounts[domain][c]);
  }

  private static double[] scaled(double[] values, double factor) {
    double[] out = new double[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = values[i] * factor;
    }
    return out;
  }
}
