package io.sparkda.ml.meda;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sparkda.internal.params.ConstructionUid;
import io.sparkda.internal.persistence.SavedFormat;
import io.sparkda.internal.shallow.AdaptationRegularizedLeastSquares;
import io.sparkda.internal.shallow.AffineMap;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.ml.classification.ProbabilisticClassificationModel;
import org.apache.spark.ml.linalg.DenseMatrix;
import org.apache.spark.ml.linalg.DenseVector;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructType;
import scala.Tuple3;

/**
 * What {@link ManifoldEmbeddedDistributionAlignment} learnt: the manifold map, the rows of the
 * kernel machine (in manifold features, unit length) and their coefficients. A row is mapped,
 * scaled to unit length and scored against every kept row: {@code rawPrediction} holds the class
 * scores {@code sum_i k(x, x_i) beta_i} (a least-squares fit of one-hot classes), {@code
 * probability} the scores clipped at 0 and scaled to sum to 1 (uniform if none is positive).
 */
public class ManifoldEmbeddedDistributionAlignmentModel
    extends ProbabilisticClassificationModel<Vector, ManifoldEmbeddedDistributionAlignmentModel>
    implements MLWritable {
  private static final long serialVersionUID = 1L;
  private static final String DATA_DIR = "/data";
  private static final StructType DATA_SCHEMA =
      new StructType()
          .add("row", SQLDataTypes.VectorType(), false)
          .add("coefficients", SQLDataTypes.VectorType(), false);
  private static final String MAP_DIR = "/map";
  private static final StructType MAP_SCHEMA =
      new StructType()
          .add("matrix", SQLDataTypes.MatrixType(), false)
          .add("offset", SQLDataTypes.VectorType(), false);

  private final String uid;
  private final AffineMap map;
  private final double[][] rows;
  private final double[][] coefficients;
  private final int numClasses;

  ManifoldEmbeddedDistributionAlignmentModel(
      String uid, AffineMap map, double[][] rows, double[] beta, int numClasses) {
    this(uid, map, rows, byRow(beta, rows.length, numClasses), numClasses);
  }

  private ManifoldEmbeddedDistributionAlignmentModel(
      String uid, AffineMap map, double[][] rows, double[][] coefficients, int numClasses) {
    this(ConstructionUid.begin(uid), map, rows, coefficients, numClasses, true);
  }

  private ManifoldEmbeddedDistributionAlignmentModel(
      String uid,
      AffineMap map,
      double[][] rows,
      double[][] coefficients,
      int numClasses,
      boolean constructing) {
    this.uid = uid;
    ConstructionUid.end();
    this.map = map;
    this.rows = rows;
    this.coefficients = coefficients;
    this.numClasses = numClasses;
  }

  @Override
  public String uid() {
    return uid != null ? uid : ConstructionUid.pending();
  }

  @Override
  public int numClasses() {
    return numClasses;
  }

  @Override
  public int numFeatures() {
    return map.inputSize();
  }

  /** Rows the kernel machine was fitted on, which every prediction is scored against. */
  public int numRows() {
    return rows.length;
  }

  /** Manifold features per row: twice the geodesic flow's dimension. */
  public int numManifoldFeatures() {
    return map.outputSize();
  }

  @Override
  public Vector predictRaw(Vector features) {
    double[] x = unit(map.apply(features));
    double[] scores = new double[numClasses];
    for (int i = 0; i < rows.length; i++) {
      double k = AdaptationRegularizedLeastSquares.kernel(x, rows[i]);
      for (int c = 0; c < numClasses; c++) {
        scores[c] += k * coefficients[i][c];
      }
    }
    return Vectors.dense(scores);
  }

  @Override
  public Vector raw2probabilityInPlace(Vector rawPrediction) {
    double[] values = ((DenseVector) rawPrediction).values();
    double total = 0;
    for (int i = 0; i < values.length; i++) {
      values[i] = Math.max(0, values[i]);
      total += values[i];
    }
    for (int i = 0; i < values.length; i++) {
      values[i] = total > 0 ? values[i] / total : 1.0 / values.length;
    }
    return rawPrediction;
  }

  /** The row scaled to unit length (a zero row stays zero). */
  static double[] unit(Vector x) {
    double[] out = x.toArray();
    double norm = Vectors.norm(x, 2);
    if (norm > 0) {
      for (int i = 0; i < out.length; i++) {
        out[i] /= norm;
      }
    }
    return out;
  }

  private static double[][] byRow(double[] columnMajor, int n, int numClasses) {
    double[][] out = new double[n][numClasses];
    for (int i = 0; i < n; i++) {
      for (int c = 0; c < numClasses; c++) {
        out[i][c] = columnMajor[c * n + i];
      }
    }
    return out;
  }

  /** Java sees this Scala method twice (two traits); one override settles which (as DANN's). */
  @Override
  @SuppressWarnings({"rawtypes", "unchecked"})
  public Tuple3 findSummaryModel() {
    return super.findSummaryModel();
  }

  @Override
  public ManifoldEmbeddedDistributionAlignmentModel copy(ParamMap extra) {
    return copyValues(
            new ManifoldEmbeddedDistributionAlignmentModel(
                uid, map, rows, coefficients, numClasses),
            extra)
        .setParent(parent());
  }

  @Override
  public MLWriter write() {
    return new SavedFormat.Writer<ManifoldEmbeddedDistributionAlignmentModel>(this) {
      @Override
      protected ObjectNode metadataFields() {
        return SavedFormat.fields().put("numClasses", numClasses);
      }

      @Override
      protected void saveData(String path) {
        List<Row> data = new ArrayList<>();
        for (int i = 0; i < rows.length; i++) {
          data.add(RowFactory.create(Vectors.dense(rows[i]), Vectors.dense(coefficients[i])));
        }
        saveRows(path, DATA_DIR, DATA_SCHEMA, data);
        saveRows(path, MAP_DIR, MAP_SCHEMA, List.of(RowFactory.create(map.matrix(), map.offset())));
      }
    };
  }

  public static MLReader<ManifoldEmbeddedDistributionAlignmentModel> read() {
    return new SavedFormat.Reader<ManifoldEmbeddedDistributionAlignmentModel>(
        ManifoldEmbeddedDistributionAlignmentModel.class) {
      @Override
      protected ManifoldEmbeddedDistributionAlignmentModel create(
          String path, SavedFormat.Loaded loaded) {
        List<Row> data = readRows(path, DATA_DIR).collectAsList();
        double[][] rows = new double[data.size()][];
        double[][] coefficients = new double[data.size()][];
        for (int i = 0; i < data.size(); i++) {
          rows[i] = ((Vector) data.get(i).get(0)).toArray();
          coefficients[i] = ((Vector) data.get(i).get(1)).toArray();
        }
        Row map = readRows(path, MAP_DIR).head();
        return new ManifoldEmbeddedDistributionAlignmentModel(
            loaded.metadata.uid(),
            AffineMap.of((DenseMatrix) map.get(0), (DenseVector) map.get(1)),
            rows,
            coefficients,
            loaded.json.path("numClasses").asInt(2));
      }
    };
  }

  public static ManifoldEmbeddedDistributionAlignmentModel load(String path) {
    return read().load(path);
  }
}
