package io.sparkda.ml;

import io.sparkda.data.DomainColumns;
import io.sparkda.internal.nn.NetworkArchitecture;
import io.sparkda.internal.nn.NetworkPredictor;
import io.sparkda.internal.nn.RowShape;
import io.sparkda.internal.params.ConstructionUid;
import io.sparkda.internal.train.FeatureLayout;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.ml.classification.ProbabilisticClassificationModel;
import org.apache.spark.ml.linalg.DenseVector;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.ml.param.IntArrayParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;

/**
 * A fitted DANN: the feature extractor and label head. {@code transform} adds Spark's standard
 * {@code rawPrediction}, {@code probability} and {@code prediction} columns (so Spark's
 * classification evaluators work) and, if {@code embeddingCol} is set, the feature extractor's
 * output. Inference is batched per partition.
 */
public class DannClassificationModel
    extends ProbabilisticClassificationModel<Vector, DannClassificationModel>
    implements MLWritable, HasDannParams, HasTrainingHistory {
  private static final long serialVersionUID = 1L;

  private final String uid;
  private final NetworkArchitecture architecture;
  private final float[] weights;
  private final Param<String> embeddingCol;
  private final IntArrayParam hiddenLayers;
  private final Param<String> featureExtractor;
  private final IntArrayParam inputShape;
  private final IntArrayParam domainHiddenLayers;
  private final IntParam threadsPerTask;
  private transient NetworkPredictor predictor;
  private DannTrainingSummary summary;

  DannClassificationModel(String uid, NetworkArchitecture architecture, float[] weights) {
    this(ConstructionUid.begin(uid), architecture, weights, true);
  }

  private DannClassificationModel(
      String uid, NetworkArchitecture architecture, float[] weights, boolean constructing) {
    super();
    this.uid = uid;
    ConstructionUid.end();
    if (weights.length != architecture.numParameters()) {
      throw new IllegalArgumentException(
          "weights hold "
              + weights.length
              + " floats but "
              + architecture
              + " needs "
              + architecture.numParameters());
    }
    this.architecture = architecture;
    this.weights = weights.clone();
    embeddingCol = DannParams.embeddingCol(this);
    hiddenLayers = DannParams.hiddenLayers(this);
    featureExtractor = DannParams.featureExtractor(this);
    inputShape = DannParams.inputShape(this);
    domainHiddenLayers = DannParams.domainHiddenLayers(this);
    threadsPerTask = DannParams.threadsPerTask(this);
    setDefault(embeddingCol, "");
    setDefault(threadsPerTask, 1);
    recordArchitecture();
  }

  /**
   * Sets the Params that describe the network from its architecture, in canonical form: they are
   * read-only, fixed by the weights, and recorded in the saved metadata. The estimator calls it
   * again after Spark's {@code fit} has copied its own (user-written) values over them.
   */
  DannClassificationModel recordArchitecture() {
    set(featureExtractor, architecture.extractor().toString());
    RowShape input = architecture.inputShape();
    set(inputShape, input.rank() == 1 ? new int[0] : input.dims());
    if (architecture.isMlp()) {
      set(hiddenLayers, architecture.extractor().denseWidths());
    }
    set(domainHiddenLayers, architecture.domainHiddenLayers());
    return this;
  }

  @Override
  public String uid() {
    return uid != null ? uid : ConstructionUid.pending();
  }

  public Param<String> embeddingCol() {
    return embeddingCol;
  }

  /** Read-only: the MLP feature extractor's layer sizes; not set for other extractors. */
  public IntArrayParam hiddenLayers() {
    return hiddenLayers;
  }

  /** Read-only: the feature extractor this model was trained with, in canonical form. */
  public Param<String> featureExtractor() {
    return featureExtractor;
  }

  /** Read-only: the shape each feature vector is read as; empty for flat vectors. */
  public IntArrayParam inputShape() {
    return inputShape;
  }

  /** Read-only: the domain head's hidden layer sizes this model was trained with. */
  public IntArrayParam domainHiddenLayers() {
    return domainHiddenLayers;
  }

  public IntParam threadsPerTask() {
    return threadsPerTask;
  }

  public DannClassificationModel setEmbeddingCol(String value) {
    return (DannClassificationModel) set(embeddingCol, value);
  }

  public DannClassificationModel setThreadsPerTask(int value) {
    return (DannClassificationModel) set(threadsPerTask, value);
  }

  /** A copy of the flat weight vector (layout: {@link NetworkArchitecture}). */
  public float[] weights() {
    return weights.clone();
  }

  NetworkArchitecture architecture() {
    return architecture;
  }

  @Override
  public int numClasses() {
    return architecture.numClasses();
  }

  @Override
  public int numFeatures() {
    return architecture.numFeatures();
  }

  public boolean hasSummary() {
    return summary != null;
  }

  @Override
  public TrainingHistory trainingHistory() {
    return summary == null
        ? TrainingHistory.NONE
        : new TrainingHistory(
            summary.rounds(),
            new SelfTrainingRound[0],
            summary.rowsPerSecond(),
            summary.partitions());
  }

  /** The training summary; only on a model fresh from {@code fit} (it is not saved). */
  public DannTrainingSummary summary() {
    if (summary == null) {
      throw new IllegalStateException(
          "No training summary available for this "
              + getClass().getSimpleName()
              + ": it exists only on a model returned by fit");
    }
    return summary;
  }

  DannClassificationModel setSummary(DannTrainingSummary value) {
    this.summary = value;
    return this;
  }

  private NetworkPredictor predictor() {
    if (predictor == null) {
      predictor = new NetworkPredictor(architecture, weights);
    }
    return predictor;
  }

  // ---- Inference ----

  @Override
  public StructType transformSchema(StructType schema) {
    DomainColumns.requireFeatures(schema, getFeaturesCol());
    StructType out = super.transformSchema(schema);
    if (!getEmbeddingCol().isEmpty()) {
      if (Arrays.asList(schema.fieldNames()).contains(getEmbeddingCol())) {
        throw new IllegalArgumentException(
            "embedding column '"
                + getEmbeddingCol()
                + "' already exists: choose another embeddingCol");
      }
      out = out.add(getEmbeddingCol(), SQLDataTypes.VectorType(), false);
    }
    return out;
  }

  @Override
  public Dataset<Row> transform(Dataset<?> dataset) {
    StructType outputSchema = transformSchema(dataset.schema(), true);
    Dataset<Row> input = dataset.toDF();
    DannBatchScorer scorer =
        new DannBatchScorer(
            predictor(),
            input.schema().fieldIndex(getFeaturesCol()),
            getFeaturesCol(),
            appendedOutputs(input.schema(), outputSchema),
            isDefined(thresholds()) ? getThresholds() : null,
            getThreadsPerTask());
    return input.mapPartitions(
        (MapPartitionsFunction<Row, Row>) scorer::score, Encoders.row(outputSchema));
  }

  /** The kinds of the columns that {@code outputSchema} adds to {@code inputSchema}, in order. */
  private DannBatchScorer.Output[] appendedOutputs(
      StructType inputSchema, StructType outputSchema) {
    String[] names = outputSchema.fieldNames();
    DannBatchScorer.Output[] outputs =
        new DannBatchScorer.Output[names.length - inputSchema.size()];
    for (int i = 0; i < outputs.length; i++) {
      String name = names[inputSchema.size() + i];
      if (name.equals(getRawPredictionCol())) {
        outputs[i] = DannBatchScorer.Output.RAW;
      } else if (name.equals(getProbabilityCol())) {
        outputs[i] = DannBatchScorer.Output.PROBABILITY;
      } else if (name.equals(getPredictionCol())) {
        outputs[i] = DannBatchScorer.Output.PREDICTION;
      } else if (name.equals(getEmbeddingCol())) {
        outputs[i] = DannBatchScorer.Output.EMBEDDING;
      } else {
        throw new IllegalStateException("unexpected output column " + name);
      }
    }
    return outputs;
  }

  /** One row's logits (Spark's single-instance API; {@link #transform} batches instead). */
  @Override
  public Vector predictRaw(Vector features) {
    int d = architecture.numFeatures();
    boolean sparse =
        FeatureLayout.sparseForScoring(architecture, FeatureLayout.nonZeros(features), 1);
    float[] logits;
    try (NetworkPredictor.Session session = predictor().session()) {
      logits = session.predict(FeatureLayout.rows(List.of(features), d, sparse), false).logits;
    }
    double[] raw = new double[logits.length];
    for (int i = 0; i < raw.length; i++) {
      raw[i] = logits[i];
    }
    return Vectors.dense(raw);
  }

  @Override
  public Vector raw2probabilityInPlace(Vector rawPrediction) {
    double[] values = ((DenseVector) rawPrediction).values();
    double[] p = DannBatchScorer.softmax(values);
    System.arraycopy(p, 0, values, 0, p.length);
    return rawPrediction;
  }

  @Override
  public DannClassificationModel copy(ParamMap extra) {
    DannClassificationModel copied = new DannClassificationModel(uid(), architecture, weights);
    copyValues(copied, extra);
    copied.summary = summary;
    return (DannClassificationModel) copied.setParent(parent());
  }

  /**
   * Spark's internal hook for evaluation summaries, inherited twice in Java's eyes; resolved here
   * to the probabilistic version (raw type: the two inherited signatures differ only in their Scala
   * generic types).
   */
  @Override
  @SuppressWarnings({"rawtypes", "unchecked"})
  public scala.Tuple3 findSummaryModel() {
    return super.findSummaryModel();
  }

  // ---- Persistence ----

  @Override
  public MLWriter write() {
    return new DannModelPersistence.Writer(this);
  }

  @Override
  public void save(String path) throws IOException {
    write().save(path);
  }

  public static MLReader<DannClassificationModel> read() {
    return new DannModelPersistence.Reader();
  }

  public static DannClassificationModel load(String path) {
    return read().load(path);
  }

  static DannClassificationModel restore(
      String uid, NetworkArchitecture architecture, float[] weights) {
    return new DannClassificationModel(uid, architecture, weights);
  }

  @Override
  public String toString() {
    return "DannClassificationModel: uid=" + uid() + ", " + architecture;
  }
}
