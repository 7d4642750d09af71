package io.sparkda.internal.shallow;

import dev.ludovic.netlib.blas.BLAS;
import java.io.Serializable;
import org.apache.spark.ml.linalg.DenseMatrix;
import org.apache.spark.ml.linalg.DenseVector;
import org.apache.spark.ml.linalg.SparseVector;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;

/**
 * {@code x -> x M + b} for a row vector {@code x} of {@code d} features, {@code M} {@code d x k}:
 * one domain's part of a shallow adaptation model. Kept row-major ({@code M[i][*]} contiguous), so
 * a sparse row costs {@code nnz * k} and a dense one is one BLAS {@code dgemv}.
 */
public final class AffineMap implements Serializable {
  private static final long serialVersionUID = 1L;

  private final int inputSize;
  private final int outputSize;
  private final double[] rowMajor;
  private final double[] offset;

  private AffineMap(int inputSize, int outputSize, double[] rowMajor, double[] offset) {
    this.inputSize = inputSize;
    this.outputSize = outputSize;
    this.rowMajor = rowMajor;
    this.offset = offset;
  }

  /**
   * @param columnMajor {@code d x k}, as LAPACK and Spark's DenseMatrix keep it
   * @param offset {@code k} values added after the product, or null for none
   */
  public static AffineMap of(double[] columnMajor, int d, int k, double[] offset) {
    double[] rowMajor = new double[d * k];
    for (int j = 0; j < k; j++) {
      for (int i = 0; i < d; i++) {
        rowMajor[i * k + j] = columnMajor[j * d + i];
      }
    }
    return new AffineMap(d, k, rowMajor, offset == null ? new double[k] : offset.clone());
  }

  /** {@code x -> (x - mean) M}: the offset is {@code -mean M}. */
  public static AffineMap centred(double[] columnMajor, int d, int k, double[] mean) {
    AffineMap linear = of(columnMajor, d, k, null);
    double[] shifted = linear.apply(Vectors.dense(mean)).toArray();
    for (int j = 0; j < k; j++) {
      shifted[j] = -shifted[j];
    }
    return new AffineMap(d, k, linear.rowMajor, shifted);
  }

  /** {@code x -> (x - from) M + to}, {@code M} {@code d x d}: moves one mean onto another. */
  public static AffineMap moving(double[] columnMajor, int d, double[] from, double[] to) {
    AffineMap centred = centred(columnMajor, d, d, from);
    for (int i = 0; i < d; i++) {
      centred.offset[i] += to[i];
    }
    return centred;
  }

  /** The map as Spark keeps it: {@code M} ({@code d x k}) and {@code b}. */
  public static AffineMap of(DenseMatrix matrix, DenseVector offset) {
    DenseMatrix m = matrix.isTransposed() ? matrix.toDenseColMajor() : matrix;
    return of(m.values(), m.numRows(), m.numCols(), offset.values());
  }

  public DenseMatrix matrix() {
    // Spark's DenseMatrix with isTransposed = true is row-major.
    return new DenseMatrix(inputSize, outputSize, rowMajor.clone(), true).toDenseColMajor();
  }

  public DenseVector offset() {
    return new DenseVector(offset.clone());
  }

  public int inputSize() {
    return inputSize;
  }

  public int outputSize() {
    return outputSize;
  }

  public Vector apply(Vector x) {
    double[] out = offset.clone();
    if (x instanceof DenseVector dense) {
      // Row-major d x k is column-major k x d, i.e. M^T: out += M^T x.
      BLAS.getInstance()
          .dgemv(
              "N",
              outputSize,
              inputSize,
              1.0,
              rowMajor,
              outputSize,
              dense.values(),
              1,
              1.0,
              out,
              1);
    } else {
      SparseVector sparse = (SparseVector) x;
      int[] index = sparse.indices();
      double[] value = sparse.values();
      for (int a = 0; a < index.length; a++) {
        int row = index[a] * outputSize;
        for (int j = 0; j < outputSize; j++) {
          out[j] += value[a] * rowMajor[row + j];
        }
      }
    }
    return Vectors.dense(out);
  }
}
