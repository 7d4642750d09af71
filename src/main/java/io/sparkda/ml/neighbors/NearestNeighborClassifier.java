package io.sparkda.ml.neighbors;

import static org.apache.spark.sql.functions.col;

import io.sparkda.internal.params.ConstructionUid;
import io.sparkda.internal.params.ParamChecks;
import io.sparkda.internal.persistence.SavedFormat;
import java.util.List;
import org.apache.spark.ml.classification.ProbabilisticClassifier;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;

/**
 * k-nearest-neighbour classification by brute force: the model keeps every labelled row and scores
 * a row by the votes of its {@code k} nearest ({@code metric}: Euclidean, or cosine, which is
 * Euclidean on rows scaled to unit length). Probabilities are the vote shares. It is the classifier
 * of the TCA and JDA papers (1-NN), for labelled sets that fit in a task's memory (the rows travel
 * with the model: 100,000 rows of 256 features are 200 MB).
 */
public class NearestNeighborClassifier
    extends ProbabilisticClassifier<
        Vector, NearestNeighborClassifier, NearestNeighborClassificationModel>
    implements MLWritable {
  private static final long serialVersionUID = 1L;

  static final String K_DOC = "neighbours that vote (>= 1)";
  static final String METRIC_DOC =
      "distance: 'euclidean', or 'cosine' (Euclidean between rows scaled to unit length)";

  private final String uid;
  private final IntParam k;
  private final Param<String> metric;

  public NearestNeighborClassifier() {
    this(Identifiable.randomUID("nearestNeighbor"));
  }

  public NearestNeighborClassifier(String uid) {
    this(ConstructionUid.begin(uid), true);
  }

  private NearestNeighborClassifier(String uid, boolean constructing) {
    this.uid = uid;
    ConstructionUid.end();
    k = new IntParam(this, "k", K_DOC, ParamChecks.intAtLeast(1));
    metric = new Param<>(this, "metric", METRIC_DOC, ParamChecks.oneOf("euclidean", "cosine"));
    setDefault(k, 1);
    setDefault(metric, "euclidean");
  }

  @Override
  public String uid() {
    return uid != null ? uid : ConstructionUid.pending();
  }

  public IntParam k() {
    return k;
  }

  public int getK() {
    return (Integer) $(k);
  }

  public NearestNeighborClassifier setK(int value) {
    return (NearestNeighborClassifier) set(k, value);
  }

  public Param<String> metric() {
    return metric;
  }

  public String getMetric() {
    return $(metric);
  }

  public NearestNeighborClassifier setMetric(String value) {
    return (NearestNeighborClassifier) set(metric, value);
  }

  @Override
  public NearestNeighborClassificationModel train(Dataset<?> dataset) {
    List<Row> rows =
        dataset
            .select(col(getFeaturesCol()), col(getLabelCol()).cast(DataTypes.DoubleType))
            .collectAsList();
    double[][] features = new double[rows.size()][];
    double[] labels = new double[rows.size()];
    int numClasses = 0;
    for (int i = 0; i < rows.size(); i++) {
      features[i] = ((Vector) rows.get(i).get(0)).toArray();
      labels[i] = rows.get(i).getDouble(1);
      numClasses = Math.max(numClasses, (int) labels[i] + 1);
    }
    return copyValues(
        new NearestNeighborClassificationModel(uid, features, labels, Math.max(2, numClasses)),
        extractParamMap());
  }

  @Override
  public NearestNeighborClassifier copy(ParamMap extra) {
    return defaultCopy(extra);
  }

  @Override
  public MLWriter write() {
    return new SavedFormat.Writer<>(this);
  }

  public static MLReader<NearestNeighborClassifier> read() {
    return SavedFormat.paramsReader(
        NearestNeighborClassifier.class, NearestNeighborClassifier::new);
  }

  public static NearestNeighborClassifier load(String path) {
    return read().load(path);
  }
}
