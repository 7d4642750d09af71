package io.sparkda.internal.shallow;

import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.mllib.linalg.Matrix;
import org.apache.spark.mllib.linalg.Vector;
import org.apache.spark.mllib.linalg.Vectors;
import org.apache.spark.mllib.linalg.distributed.RowMatrix;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Shallow CORAL (Sun, Feng and Saenko, AAAI 2016): the linear map {@code A = C_s^(-1/2) C_t^(1/2)}
 * that whitens source features with the source covariance and recolours them with the target
 * covariance, {@code C = cov + regularization I}. The covariances come from Spark's distributed
 * {@link RowMatrix#computeCovariance()} (a tree-aggregated Gramian); only the two {@code d x d}
 * matrices reach the driver.
 */
public final class CoralStatistics {
  private static final Logger LOG = LoggerFactory.getLogger(CoralStatistics.class);

  private CoralStatistics() {}

  /**
   * @param source one column of ml Vectors, the source rows
   * @param target one column of ml Vectors, the target rows
   * @return {@code A}, column-major {@code d x d}: a source row {@code x} maps to {@code x A}
   */
  public static double[] recolouringMatrix(
      Dataset<Row> source, Dataset<Row> target, int numFeatures, double regularization) {
    long start = System.nanoTime();
    double[] sourceCovariance = covariance(source, numFeatures, regularization);
    double[] targetCovariance = covariance(target, numFeatures, regularization);
    long covariances = System.nanoTime();
    double[] whiten = SymmetricMatrices.power(sourceCovariance, numFeatures, -0.5);
    double[] recolour = SymmetricMatrices.power(targetCovariance, numFeatures, 0.5);
    double[] map = SymmetricMatrices.multiply(whiten, recolour, numFeatures, false, false);
    // Which LAPACK did the work matters: netlib's pure-Java fallback is ~100x slower than a
    // native one at d in the thousands (docs/benchmarks.md).
    LOG.info(
        "spark-da CORAL: {} features, covariances {} s (distributed), matrix powers {} s "
            + "(driver, {})",
        numFeatures,
        Math.round((covariances - start) / 1e9),
        Math.round((System.nanoTime() - covariances) / 1e9),
        dev.ludovic.netlib.lapack.LAPACK.getInstance().getClass().getSimpleName());
    return map;
  }

  private static double[] covariance(Dataset<Row> rows, int numFeatures, double regularization) {
    JavaRDD<Vector> vectors = rows.javaRDD().map(row -> Vectors.fromML(row.getAs(0)));
    Matrix covariance = new RowMatrix(vectors.rdd(), 0, numFeatures).computeCovariance();
    double[] values = covariance.toArray();
    for (int i = 0; i < numFeatures; i++) {
      values[i * numFeatures + i] += regularization;
    }
    return values;
  }
}
