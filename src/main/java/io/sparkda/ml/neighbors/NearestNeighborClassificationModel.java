package io.sparkda.ml.neighbors;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sparkda.internal.params.ConstructionUid;
import io.sparkda.internal.persistence.SavedFormat;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.ml.classification.ProbabilisticClassificationModel;
import org.apache.spark.ml.linalg.DenseVector;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import scala.Tuple3;

/**
 * The labelled rows {@link NearestNeighborClassifier} kept: {@code rawPrediction} holds each
 * class's votes among the {@code k} nearest rows, {@code probability} their shares; a tie goes to
 * the class of the nearest voter.
 */
public class NearestNeighborClassificationModel
    extends ProbabilisticClassificationModel<Vector, NearestNeighborClassificationModel>
    implements MLWritable {
  private static final long serialVersionUID = 1L;
  private static final String DATA_DIR = "/data";
  private static final StructType DATA_SCHEMA =
      new StructType()
          .add("features", SQLDataTypes.VectorType(), false)
          .add("label", DataTypes.DoubleType, false);

  private final String uid;
  private final double[][] features;
  private final double[] labels;
  private final int numClasses;
  private final IntParam k;
  private final Param<String> metric;

  /** Unit-length copies of {@link #features}, for the cosine metric; made on first use. */
  private transient double[][] unitFeatures;

  NearestNeighborClassificationModel(
      String uid, double[][] features, double[] labels, int numClasses) {
    this(ConstructionUid.begin(uid), features, labels, numClasses, true);
  }

  private NearestNeighborClassificationModel(
      String uid, double[][] features, double[] labels, int numClasses, boolean constructing) {
    this.uid = uid;
    ConstructionUid.end();
    this.features = features;
    this.labels = labels;
    this.numClasses = numClasses;
    k = new IntParam(this, "k", NearestNeighborClassifier.K_DOC);
    metric = new Param<>(this, "metric", NearestNeighborClassifier.METRIC_DOC);
    setDefault(k, 1);
    setDefault(metric, "euclidean");
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
    return features.length == 0 ? 0 : features[0].length;
  }

  /** Labelled rows the model votes with. */
  public int numRows() {
    return labels.length;
  }

  public IntParam k() {
    return k;
  }

  public Param<String> metric() {
    return metric;
  }

  public int getK() {
    return (Integer) $(k);
  }

  public String getMetric() {
    return $(metric);
  }

  @Override
  public Vector predictRaw(Vector features) {
    boolean cosine = getMetric().equals("cosine");
    double[][] rows = cosine ? unitRows() : this.features;
    double[] x = cosine ? unit(features.toArray()) : features.toArray();
    int neighbours = Math.min(getK(), labels.length);
    // The k nearest so far, nearest first (k is small: insertion into a short array).
    double[] bestDistance = new double[neighbours];
    int[] best = new int[neighbours];
    Arrays.fill(bestDistance, Double.POSITIVE_INFINITY);
    for (int i = 0; i < rows.length; i++) {
      double distance = squaredDistance(rows[i], x);
      if (distance < bestDistance[neighbours - 1]) {
        int j = neighbours - 1;
        while (j > 0 && bestDistance[j - 1] > distance) {
          bestDistance[j] = bestDistance[j - 1];
          best[j] = best[j - 1];
          j--;
        }
        bestDistance[j] = distance;
        best[j] = i;
      }
    }
    double[] votes = new double[numClasses];
    for (int j = 0; j < neighbours; j++) {
      votes[(int) labels[best[j]]] += 1;
    }
    // Ties go to the nearest voter's class: a small bonus below one vote.
    votes[(int) labels[best[0]]] += 0.5 / neighbours;
    return Vectors.dense(votes);
  }

  @Override
  public Vector raw2probabilityInPlace(Vector rawPrediction) {
    double[] values = ((DenseVector) rawPrediction).values();
    double total = 0;
    for (double v : values) {
      total += v;
    }
    for (int i = 0; i < values.length; i++) {
      values[i] /= total;
    }
    return rawPrediction;
  }

  private synchronized double[][] unitRows() {
    if (unitFeatures == null) {
      unitFeatures = new double[features.length][];
      for (int i = 0; i < features.length; i++) {
        unitFeatures[i] = unit(features[i]);
      }
    }
    return unitFeatures;
  }

  private static double[] unit(double[] x) {
    double norm = 0;
    for (double v : x) {
      norm += v * v;
    }
    norm = Math.sqrt(norm);
    double[] out = x.clone();
    if (norm > 0) {
      for (int i = 0; i < out.length; i++) {
        out[i] /= norm;
      }
    }
    return out;
  }

  private static double squaredDistance(double[] a, double[] b) {
    double sum = 0;
    for (int i = 0; i < a.length; i++) {
      double d = a[i] - b[i];
      sum += d * d;
    }
    return sum;
  }

  /** Java sees this Scala method twice (two traits); one override settles which (as DANN's). */
  @Override
  @SuppressWarnings({"rawtypes", "unchecked"})
  public Tuple3 findSummaryModel() {
    return super.findSummaryModel();
  }

  @Override
  public NearestNeighborClassificationModel copy(ParamMap extra) {
    return copyValues(
            new NearestNeighborClassificationModel(uid, features, labels, numClasses), extra)
        .setParent(parent());
  }

  @Override
  public MLWriter write() {
    return new SavedFormat.Writer<NearestNeighborClassificationModel>(this) {
      @Override
      protected ObjectNode metadataFields() {
        return SavedFormat.fields().put("numClasses", numClasses);
      }

      @Override
      protected void saveData(String path) {
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < labels.length; i++) {
          rows.add(RowFactory.create(Vectors.dense(features[i]), labels[i]));
        }
        saveRows(path, DATA_DIR, DATA_SCHEMA, rows);
      }
    };
  }

  public static MLReader<NearestNeighborClassificationModel> read() {
    return new SavedFormat.Reader<NearestNeighborClassificationModel>(
        NearestNeighborClassificationModel.class) {
      @Override
      protected NearestNeighborClassificationModel create(String path, SavedFormat.Loaded loaded) {
        List<Row> rows = readRows(path, DATA_DIR).collectAsList();
        double[][] features = new double[rows.size()][];
        double[] labels = new double[rows.size()];
        int numClasses = loaded.json.path("numClasses").asInt(2);
        for (int i = 0; i < rows.size(); i++) {
          features[i] = ((Vector) rows.get(i).get(0)).toArray();
          labels[i] = rows.get(i).getDouble(1);
        }
        return new NearestNeighborClassificationModel(
            loaded.metadata.uid(), features, labels, numClasses);
      }
    };
  }

  public static NearestNeighborClassificationModel load(String path) {
    return read().load(path);
  }
}
