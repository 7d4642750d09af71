package io.sparkda.internal.train;

import io.sparkda.internal.nn.CsrRows;
import io.sparkda.internal.nn.DenseRows;
import io.sparkda.internal.nn.FeatureRows;
import io.sparkda.internal.nn.NetworkArchitecture;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.spark.ml.linalg.DenseVector;
import org.apache.spark.ml.linalg.SparseVector;
import org.apache.spark.ml.linalg.Vector;

/**
 * How feature rows are held: dense floats, or CSR for mostly-zero input (hashed text: 2^18 columns,
 * a few hundred non-zeros per row), chosen once for a fit and per batch in transform ({@link
 * #sparseForScoring}).
 */
public final class FeatureLayout {
  public static final String AUTO = "auto";
  public static final String DENSE = "dense";
  public static final String SPARSE = "sparse";

  /**
   * {@link #AUTO} picks CSR when at most this share of the values are non-zero. CSR costs 8 bytes
   * per non-zero against 4 per value, and libtorch's sparse product costs more per non-zero than
   * the dense one per value (bench/results/log-2026-12.md has the measured break-even).
   */
  static final double SPARSE_WHEN_DENSITY_AT_MOST = 0.1;

  private FeatureLayout() {}

  /**
   * The layout a fit uses. Only a dense first layer takes CSR rows (libtorch's sparse product);
   * image rows (conv blocks) are reshaped and a TorchScript module takes what its forward takes, so
   * for those {@code auto} means dense and {@code sparse} is refused.
   */
  static String forNetwork(String layout, NetworkArchitecture architecture) {
    boolean denseFirst =
        architecture.inputShape().rank() == 1 && architecture.extractor().torchScript() == null;
    if (denseFirst) {
      return layout;
    }
    if (SPARSE.equals(layout)) {
      throw new IllegalArgumentException(
          "featureLayout sparse cannot feed featureExtractor "
              + architecture.extractor()
              + " on rows of shape "
              + architecture.inputShape()
              + ": only a dense first layer takes sparse rows; use featureLayout auto or dense");
    }
    return DENSE;
  }

  /**
   * Whether a batch to score goes through the network sparse: by the same density rule as {@link
   * #AUTO}, for networks whose first layer is dense (the others take dense rows). Amazon's 5,000
   * columns at 1.6 % non-zero scored 2.3x faster sparse than dense on libtorch 2.10
   * (bench/results/log-2026-12.md; on DJL's libtorch the dense path had been faster at that width).
   */
  public static boolean sparseForScoring(
      NetworkArchitecture architecture, long nonZeros, long rows) {
    return AUTO.equals(forNetwork(AUTO, architecture))
        && sparse(AUTO, nonZeros, rows, architecture.numFeatures());
  }

  /** Whether rows with {@code nonZeros} non-zeros over {@code rows x numFeatures} go to CSR. */
  public static boolean sparse(String layout, long nonZeros, long rows, int numFeatures) {
    switch (layout) {
      case DENSE:
        return false;
      case SPARSE:
        return true;
      case AUTO:
        return rows > 0 && nonZeros <= SPARSE_WHEN_DENSITY_AT_MOST * rows * (double) numFeatures;
      default:
        throw new IllegalArgumentException("unknown feature layout " + layout);
    }
  }

  /**
   * The values a CSR row of {@code vector} would hold: a sparse vector's stored entries (explicit
   * zeros are rare and cost nothing to count this way), a dense vector's non-zeros.
   */
  public static int nonZeros(Vector vector) {
    return vector instanceof SparseVector
        ? ((SparseVector) vector).indices().length
        : vector.numNonzeros();
  }

  /** The vectors as rows of the network's input, in order. */
  public static FeatureRows rows(List<Vector> vectors, int numFeatures, boolean sparse) {
    long entries = 0;
    if (sparse) {
      for (Vector vector : vectors) {
        entries += nonZeros(vector);
      }
    }
    RowsBuilder builder = builder(numFeatures, vectors.size(), entries, sparse);
    for (Vector vector : vectors) {
      builder.add(vector);
    }
    return builder.build();
  }

  /**
   * Fills {@code rows} rows one at a time into arrays of their final size: {@code nonZeros} is what
   * the rows hold in all ({@link #nonZeros}), needed for CSR only.
   */
  public static RowsBuilder builder(int numFeatures, int rows, long nonZeros, boolean sparse) {
    return sparse
        ? new CsrBuilder(numFeatures, rows, nonZeros)
        : new DenseBuilder(numFeatures, rows);
  }

  /** Feature rows filled one row at a time. */
  public interface RowsBuilder {
    void add(Vector row);

    FeatureRows build();
  }

  private static final class CsrBuilder implements RowsBuilder {
    private final CsrRows.Builder builder;
    private final int numFeatures;
    private int[] all;

    CsrBuilder(int numFeatures, int rows, long nonZeros) {
      this.builder = new CsrRows.Builder(numFeatures, rows, nonZeros);
      this.numFeatures = numFeatures;
    }

    @Override
    public void add(Vector row) {
      if (row instanceof SparseVector) {
        SparseVector v = (SparseVector) row;
        builder.add(v.indices(), v.values(), v.indices().length);
      } else {
        if (all == null) {
          all = IntStream.range(0, numFeatures).toArray();
        }
        builder.add(all, ((DenseVector) row).values(), numFeatures);
      }
    }

    @Override
    public FeatureRows build() {
      return builder.build();
    }
  }

  private static final class DenseBuilder implements RowsBuilder {
    private final float[] values;
    private final int rows;
    private final int numFeatures;
    private int offset;

    DenseBuilder(int numFeatures, int rows) {
      this.values = new float[Math.multiplyExact(rows, numFeatures)];
      this.rows = rows;
      this.numFeatures = numFeatures;
    }

    @Override
    public void add(Vector row) {
      copyInto(row, values, offset);
      offset += numFeatures;
    }

    @Override
    public FeatureRows build() {
      return new DenseRows(values, rows, numFeatures);
    }
  }

  /** The vectors, densely and in order, into {@code out} (row-major, zero-filled). */
  public static void copyRows(List<Vector> vectors, float[] out) {
    int offset = 0;
    for (Vector vector : vectors) {
      copyInto(vector, out, offset);
      offset += vector.size();
    }
  }

  private static void copyInto(Vector vector, float[] out, int offset) {
    if (vector instanceof SparseVector) {
      SparseVector sparse = (SparseVector) vector;
      int[] indices = sparse.indices();
      double[] values = sparse.values();
      for (int i = 0; i < indices.length; i++) {
        out[offset + indices[i]] = (float) values[i];
      }
    } else {
      double[] values = vector.toArray();
      for (int i = 0; i < values.length; i++) {
        out[offset + i] = (float) values[i];
      }
    }
  }
}
