package io.sparkda.ml;

import static org.apache.spark.sql.functions.col;

import io.sparkda.data.DomainColumns;
import io.sparkda.internal.data.DomainDataProfile;
import io.sparkda.internal.nn.Alignment;
import io.sparkda.internal.nn.FeatureExtractorSpec;
import io.sparkda.internal.nn.NativeOptimizer;
import io.sparkda.internal.nn.NetworkArchitecture;
import io.sparkda.internal.nn.RowShape;
import io.sparkda.internal.nn.TorchScriptLayer;
import io.sparkda.internal.params.ConstructionUid;
import io.sparkda.internal.params.FitSettings;
import io.sparkda.internal.persistence.SavedFormat;
import io.sparkda.internal.train.DistributedTrainer;
import io.sparkda.internal.train.FeatureLayout;
import io.sparkda.internal.train.FitCheckpoints;
import io.sparkda.internal.train.OuterOptimizer;
import io.sparkda.internal.train.Schedules;
import io.sparkda.internal.train.TrainingConfig;
import io.sparkda.internal.train.TrainingResult;
import java.io.IOException;
import java.util.Arrays;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.Path;
import org.apache.spark.ml.classification.ProbabilisticClassifier;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntArrayParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Domain-adversarial neural network (DANN, Ganin et al., JMLR 2016) as a Spark ML Estimator,
 * trained data-parallel on the executors with libtorch (PyTorch's C++ library).
 *
 * <p>{@code fit} takes ONE DataFrame holding both domains: {@code featuresCol} (Vector), {@code
 * labelCol} (class index 0..k-1; null on unlabelled target rows) and {@code domainCol}: 0 = source
 * row, 1 = target row. Target rows that do carry a label (semi-supervised adaptation) enter the
 * label loss too (each step adds half a batch of them; the alignment term keeps a uniform target
 * batch); keep evaluation labels in another column.
 *
 * <p>{@code alignment} picks the adaptation term on the same network and training loop: {@code
 * adversarial} (DANN, default), {@code mmd} (multi-kernel MMD as in DAN), {@code coral} (Deep
 * CORAL) or {@code none}. {@code lambdaMax} weighs it (with {@code lambdaSchedule}); {@code
 * alignment = none} or {@code lambdaMax = 0} trains the source-only baseline.
 *
 * <p>Faults: a task lost with its executor is re-run by Spark and computes what the lost attempt
 * would have; with {@code checkpointDir} set, a fit stopped by the driver's loss resumes from its
 * latest checkpoint when it is fitted again (docs/reliability.md).
 */
public class DannClassifier
    extends ProbabilisticClassifier<Vector, DannClassifier, DannClassificationModel>
    implements MLWritable, HasDannParams {
  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(DannClassifier.class);

  private final String uid;
  private final Param<String> domainCol;
  private final Param<String> embeddingCol;
  private final Param<String> alignment;
  private final IntArrayParam hiddenLayers;
  private final Param<String> featureExtractor;
  private final Param<String> featureExtractorPath;
  private final IntArrayParam inputShape;
  private final IntArrayParam domainHiddenLayers;
  private final IntParam maxEpochs;
  private final IntParam minSteps;
  private final IntParam batchSize;
  private final Param<String> optimizer;
  private final DoubleParam learningRate;
  private final Param<String> learningRateSchedule;
  private final Param<String> lambdaSchedule;
  private final DoubleParam lambdaMax;
  private final IntParam localSteps;
  private final IntParam optimizerSyncInterval;
  private final Param<String> deltaPrecision;
  private final DoubleParam outerLearningRate;
  private final DoubleParam outerMomentum;
  private final IntParam numPartitions;
  private final Param<String> batchMode;
  private final Param<String> featureLayout;
  private final IntParam threadsPerTask;
  private final LongParam seed;
  private final Param<String> checkpointDir;
  private final IntParam checkpointInterval;

  public DannClassifier() {
    this(Identifiable.randomUID("dannClassifier"));
  }

  public DannClassifier(String uid) {
    this(ConstructionUid.begin(uid), true);
  }

  private DannClassifier(String uid, boolean constructing) {
    super();
    this.uid = uid;
    ConstructionUid.end();
    domainCol = DannParams.domainCol(this);
    embeddingCol = DannParams.embeddingCol(this);
    alignment = DannParams.alignment(this);
    hiddenLayers = DannParams.hiddenLayers(this);
    featureExtractor = DannParams.featureExtractor(this);
    featureExtractorPath = DannParams.featureExtractorPath(this);
    inputShape = DannParams.inputShape(this);
    domainHiddenLayers = DannParams.domainHiddenLayers(this);
    maxEpochs = DannParams.maxEpochs(this);
    minSteps = DannParams.minSteps(this);
    batchSize = DannParams.batchSize(this);
    optimizer = DannParams.optimizer(this);
    learningRate = DannParams.learningRate(this);
    learningRateSchedule = DannParams.learningRateSchedule(this);
    lambdaSchedule = DannParams.lambdaSchedule(this);
    lambdaMax = DannParams.lambdaMax(this);
    localSteps = DannParams.localSteps(this);
    optimizerSyncInterval = DannParams.optimizerSyncInterval(this);
    deltaPrecision = DannParams.deltaPrecision(this);
    outerLearningRate = DannParams.outerLearningRate(this);
    outerMomentum = DannParams.outerMomentum(this);
    numPartitions = DannParams.numPartitions(this);
    batchMode = DannParams.batchMode(this);
    featureLayout = DannParams.featureLayout(this);
    threadsPerTask = DannParams.threadsPerTask(this);
    seed = DannParams.seed(this);
    checkpointDir = DannParams.checkpointDir(this);
    checkpointInterval = DannParams.checkpointInterval(this);
    setDefault(domainCol, "domain");
    setDefault(embeddingCol, "");
    setDefault(alignment, Alignment.ADVERSARIAL.paramValue());
    setDefault(hiddenLayers, new int[] {64});
    setDefault(featureExtractor, "");
    setDefault(featureExtractorPath, "");
    setDefault(inputShape, new int[0]);
    setDefault(domainHiddenLayers, new int[] {64});
    setDefault(maxEpochs, 20);
    setDefault(minSteps, 0);
    setDefault(batchSize, 64);
    setDefault(optimizer, "adam");
    setDefault(learningRate, 0.001);
    setDefault(learningRateSchedule, "constant");
    setDefault(lambdaSchedule, "ganin");
    setDefault(lambdaMax, 1.0);
    // docs/scaling.md, "The default localSteps": chosen with target labels.
    setDefault(localSteps, 50);
    setDefault(optimizerSyncInterval, 10);
    setDefault(deltaPrecision, DannParams.FLOAT32);
    setDefault(outerLearningRate, 1.0);
    setDefault(outerMomentum, 0.0);
    setDefault(numPartitions, 0);
    setDefault(batchMode, TrainingConfig.BatchMode.SPLIT.paramValue());
    setDefault(featureLayout, FeatureLayout.AUTO);
    setDefault(threadsPerTask, 1);
    setDefault(seed, (long) DannClassifier.class.getName().hashCode());
    setDefault(checkpointDir, "");
    setDefault(checkpointInterval, 20);
  }

  @Override
  public String uid() {
    return uid != null ? uid : ConstructionUid.pending();
  }

  // ---- Params: accessors (found by Spark through reflection), getters, setters ----

  public Param<String> domainCol() {
    return domainCol;
  }

  public Param<String> embeddingCol() {
    return embeddingCol;
  }

  public Param<String> alignment() {
    return alignment;
  }

  public IntArrayParam hiddenLayers() {
    return hiddenLayers;
  }

  public Param<String> featureExtractor() {
    return featureExtractor;
  }

  public Param<String> featureExtractorPath() {
    return featureExtractorPath;
  }

  public String getFeatureExtractorPath() {
    return $(featureExtractorPath);
  }

  public IntArrayParam inputShape() {
    return inputShape;
  }

  public IntArrayParam domainHiddenLayers() {
    return domainHiddenLayers;
  }

  public IntParam maxEpochs() {
    return maxEpochs;
  }

  public IntParam minSteps() {
    return minSteps;
  }

  public IntParam batchSize() {
    return batchSize;
  }

  public Param<String> optimizer() {
    return optimizer;
  }

  public DoubleParam learningRate() {
    return learningRate;
  }

  public Param<String> learningRateSchedule() {
    return learningRateSchedule;
  }

  public Param<String> lambdaSchedule() {
    return lambdaSchedule;
  }

  public DoubleParam lambdaMax() {
    return lambdaMax;
  }

  public IntParam localSteps() {
    return localSteps;
  }

  public IntParam optimizerSyncInterval() {
    return optimizerSyncInterval;
  }

  public Param<String> deltaPrecision() {
    return deltaPrecision;
  }

  public String getDeltaPrecision() {
    return $(deltaPrecision);
  }

  public DannClassifier setDeltaPrecision(String value) {
    return (DannClassifier) set(deltaPrecision, value);
  }

  public DoubleParam outerLearningRate() {
    return outerLearningRate;
  }

  public DoubleParam outerMomentum() {
    return outerMomentum;
  }

  public IntParam numPartitions() {
    return numPartitions;
  }

  public Param<String> batchMode() {
    return batchMode;
  }

  public String getBatchMode() {
    return $(batchMode);
  }

  public DannClassifier setBatchMode(String value) {
    return (DannClassifier) set(batchMode, value);
  }

  public Param<String> featureLayout() {
    return featureLayout;
  }

  public String getFeatureLayout() {
    return $(featureLayout);
  }

  public DannClassifier setFeatureLayout(String value) {
    return (DannClassifier) set(featureLayout, value);
  }

  public IntParam threadsPerTask() {
    return threadsPerTask;
  }

  public LongParam seed() {
    return seed;
  }

  public String getDomainCol() {
    return $(domainCol);
  }

  public String getAlignment() {
    return $(alignment);
  }

  public int getMaxEpochs() {
    return (Integer) $(maxEpochs);
  }

  public int getMinSteps() {
    return (Integer) $(minSteps);
  }

  public int getBatchSize() {
    return (Integer) $(batchSize);
  }

  public String getOptimizer() {
    return $(optimizer);
  }

  public double getLearningRate() {
    return (Double) $(learningRate);
  }

  public String getLearningRateSchedule() {
    return $(learningRateSchedule);
  }

  public String getLambdaSchedule() {
    return $(lambdaSchedule);
  }

  public double getLambdaMax() {
    return (Double) $(lambdaMax);
  }

  public int getLocalSteps() {
    return (Integer) $(localSteps);
  }

  public int getOptimizerSyncInterval() {
    return (Integer) $(optimizerSyncInterval);
  }

  public double getOuterLearningRate() {
    return (Double) $(outerLearningRate);
  }

  public double getOuterMomentum() {
    return (Double) $(outerMomentum);
  }

  public int getNumPartitions() {
    return (Integer) $(numPartitions);
  }

  public long getSeed() {
    return (Long) $(seed);
  }

  public DannClassifier setDomainCol(String value) {
    return (DannClassifier) set(domainCol, value);
  }

  public DannClassifier setEmbeddingCol(String value) {
    return (DannClassifier) set(embeddingCol, value);
  }

  /**
   * adversarial (DANN, the default), mmd, coral (Deep CORAL), mcc (minimum class confusion) or none
   * (source only).
   */
  public DannClassifier setAlignment(String value) {
    return (DannClassifier) set(alignment, value);
  }

  public DannClassifier setHiddenLayers(int[] value) {
    return (DannClassifier) set(hiddenLayers, value);
  }

  /**
   * The feature extractor as text, e.g. {@code conv(32,5)-maxpool(2)-conv(64,5)-maxpool(2)-
   * dense(256)} or {@code lenet}; replaces the MLP of {@code hiddenLayers}.
   */
  public DannClassifier setFeatureExtractor(String value) {
    return (DannClassifier) set(featureExtractor, value);
  }

  /**
   * A TorchScript feature extractor, saved from PyTorch with {@code
   * torch.jit.script(module).save(path)}; any Hadoop path. Replaces featureExtractor and
   * hiddenLayers.
   */
  public DannClassifier setFeatureExtractorPath(String value) {
    return (DannClassifier) set(featureExtractorPath, value);
  }

  /** Channels, height and width that each feature vector is read as (row-major). */
  public DannClassifier setInputShape(int[] value) {
    return (DannClassifier) set(inputShape, value);
  }

  public DannClassifier setDomainHiddenLayers(int[] value) {
    return (DannClassifier) set(domainHiddenLayers, value);
  }

  public DannClassifier setMaxEpochs(int value) {
    return (DannClassifier) set(maxEpochs, value);
  }

  public DannClassifier setMinSteps(int value) {
    return (DannClassifier) set(minSteps, value);
  }

  public DannClassifier setBatchSize(int value) {
    return (DannClassifier) set(batchSize, value);
  }

  public DannClassifier setOptimizer(String value) {
    return (DannClassifier) set(optimizer, value);
  }

  public DannClassifier setLearningRate(double value) {
    return (DannClassifier) set(learningRate, value);
  }

  public DannClassifier setLearningRateSchedule(String value) {
    return (DannClassifier) set(learningRateSchedule, value);
  }

  public DannClassifier setLambdaSchedule(String value) {
    return (DannClassifier) set(lambdaSchedule, value);
  }

  public DannClassifier setLambdaMax(double value) {
    return (DannClassifier) set(lambdaMax, value);
  }

  public DannClassifier setLocalSteps(int value) {
    return (DannClassifier) set(localSteps, value);
  }

  public DannClassifier setOptimizerSyncInterval(int value) {
    return (DannClassifier) set(optimizerSyncInterval, value);
  }

  public DannClassifier setOuterLearningRate(double value) {
    return (DannClassifier) set(outerLearningRate, value);
  }

  public DannClassifier setOuterMomentum(double value) {
    return (DannClassifier) set(outerMomentum, value);
  }

  public DannClassifier setNumPartitions(int value) {
    return (DannClassifier) set(numPartitions, value);
  }

  public DannClassifier setThreadsPerTask(int value) {
    return (DannClassifier) set(threadsPerTask, value);
  }

  public DannClassifier setSeed(long value) {
    return (DannClassifier) set(seed, value);
  }

  public Param<String> checkpointDir() {
    return checkpointDir;
  }

  public String getCheckpointDir() {
    return getOrDefault(checkpointDir);
  }

  public DannClassifier setCheckpointDir(String value) {
    return (DannClassifier) set(checkpointDir, value);
  }

  public IntParam checkpointInterval() {
    return checkpointInterval;
  }

  public int getCheckpointInterval() {
    return (Integer) getOrDefault(checkpointInterval);
  }

  public DannClassifier setCheckpointInterval(int value) {
    return (DannClassifier) set(checkpointInterval, value);
  }

  // ---- Fitting ----

  /** Checks the columns first, so that mistakes fail with the column's name and the fix. */
  @Override
  public DannClassificationModel fit(Dataset<?> dataset) {
    checkColumns(dataset.schema());
    return super.fit(dataset).recordArchitecture();
  }

  @Override
  public StructType transformSchema(StructType schema) {
    checkColumns(schema);
    return super.transformSchema(schema);
  }

  private void checkColumns(StructType schema) {
    DomainColumns.requireFeatures(schema, getFeaturesCol());
    DomainColumns.requireLabel(schema, getLabelCol());
    DomainColumns.requireDomain(schema, getDomainCol());
  }

  @Override
  public DannClassificationModel train(Dataset<?> dataset) {
    Dataset<Row> rows =
        dataset.select(
            col(getFeaturesCol()),
            col(getLabelCol()).cast(DataTypes.DoubleType),
            col(getDomainCol()).cast(DataTypes.DoubleType));
    DomainDataProfile profile;
    try {
      rows.sparkSession()
          .sparkContext()
          .setJobDescription("spark-da: checking the network's input");
      profile = DomainDataProfile.of(rows);
    } finally {
      rows.sparkSession().sparkContext().setJobDescription(null);
    }
    profile.check(getFeaturesCol(), getLabelCol(), getDomainCol());
    profile.requireTwoSourceClasses(getLabelCol());

    NetworkArchitecture architecture =
        architecture(
            profile.numFeatures(),
            profile.numClasses(),
            rows.sparkSession().sparkContext().hadoopConfiguration());
    TrainingConfig config =
        TrainingConfig.builder(architecture)
            .alignment(Alignment.fromParam(getAlignment()))
            .maxEpochs(getMaxEpochs())
            .minSteps(getMinSteps())
            .batchSize(getBatchSize())
            .optimizer(NativeOptimizer.named(getOptimizer()))
            .learningRate(Schedules.learningRate(getLearningRateSchedule(), getLearningRate()))
            .lambda(Schedules.lambda(getLambdaSchedule(), getLambdaMax()))
            .localSteps(getLocalSteps())
            .optimizerSyncInterval(getOptimizerSyncInterval())
            .bfloat16Deltas(getDeltaPrecision().equals(DannParams.BFLOAT16))
            .outer(new OuterOptimizer(getOuterLearningRate(), getOuterMomentum()))
            .numPartitions(getNumPartitions())
            .batchMode(TrainingConfig.BatchMode.fromParam(getBatchMode()))
            .featureLayout(getFeatureLayout())
            .threadsPerTask(getThreadsPerTask())
            .seed(getSeed())
            .build();
    LOG.info(
        "spark-da {} fit {}: {}; {} labelled target rows; {}",
        Alignment.fromParam(getAlignment()).method(),
        uid(),
        architecture,
        profile.labelledTargetRows(),
        paramsLine());

    Dataset<Row> training =
        rows.select(
            col(getFeaturesCol()),
            col(getLabelCol()),
            col(getDomainCol()).equalTo(DomainColumns.TARGET));
    TrainingResult result =
        DistributedTrainer.train(
            training,
            profile.sourceRows(),
            profile.targetRows(),
            config,
            checkpoints(rows.sparkSession().sparkContext().hadoopConfiguration()));
    DannTrainingSummary summary =
        new DannTrainingSummary(
            result.rounds,
            profile.sourceRows(),
            profile.targetRows(),
            result.partitions,
            result.trainSeconds,
            result.rowsPerSecond,
            result.shardBytes,
            result.sparseFeatures);
    return new DannClassificationModel(uid(), architecture, result.params).setSummary(summary);
  }

  /**
   * The network the Params describe for this input, or an error that names the Param and the fix:
   * two extractors set, conv blocks without {@code inputShape}, a shape that does not hold the
   * feature count, blocks or a TorchScript module that do not fit the shape.
   */
  private NetworkArchitecture architecture(
      int numFeatures, int numClasses, Configuration hadoopConf) {
    String spec = getFeatureExtractor();
    String path = getFeatureExtractorPath();
    if (!path.isEmpty() && (!spec.isEmpty() || isSet(hiddenLayers))) {
      throw new IllegalArgumentException(
          "featureExtractorPath ("
              + path
              + ") replaces featureExtractor and hiddenLayers, but one of them is set too: set one");
    }
    if (!spec.isEmpty() && isSet(hiddenLayers)) {
      throw new IllegalArgumentException(
          "both featureExtractor ("
              + spec
              + ") and hiddenLayers are set: featureExtractor replaces hiddenLayers, set one");
    }
    RowShape input = inputShape(numFeatures);
    FeatureExtractorSpec extractor;
    if (!path.isEmpty()) {
      extractor =
          FeatureExtractorSpec.torchScript(
              TorchScriptLayer.load(readFile(path, hadoopConf), new Path(path).getName(), input));
    } else {
      extractor =
          spec.isEmpty()
              ? FeatureExtractorSpec.mlp(getHiddenLayers())
              : FeatureExtractorSpec.parse(spec);
      if (extractor.spatial() && input.rank() == 1) {
        throw new IllegalArgumentException(
            "featureExtractor "
                + extractor
                + " has conv or pooling blocks, which read images: set inputShape to the channels, "
                + "height and width of the "
                + numFeatures
                + " values of column "
                + getFeaturesCol()
                + squareHint(numFeatures));
      }
    }
    return new NetworkArchitecture(input, extractor, numClasses, getDomainHiddenLayers());
  }

  /** {@code inputShape}, checked against the feature count; flat rows when it is empty. */
  private RowShape inputShape(int numFeatures) {
    int[] shape = getInputShape();
    if (shape.length == 0) {
      return RowShape.of(numFeatures);
    }
    RowShape input = RowShape.of(shape);
    if (input.size() != numFeatures) {
      throw new IllegalArgumentException(
          "inputShape "
              + Arrays.toString(shape)
              + " holds "
              + input.size()
              + " values, but column "
              + getFeaturesCol()
              + " has "
              + numFeatures
              + " per row"
              + squareHint(numFeatures));
    }
    return input;
  }

  private static byte[] readFile(String path, Configuration hadoopConf) {
    Path file = new Path(path);
    try (FSDataInputStream in = file.getFileSystem(hadoopConf).open(file)) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "featureExtractorPath " + path + " cannot be read: " + e.getMessage(), e);
    }
  }

  private static String squareHint(int numFeatures) {
    int side = (int) Math.round(Math.sqrt(numFeatures));
    return side * side == numFeatures
        ? " (e.g. " + Arrays.toString(new int[] {1, side, side}) + " for square grey images)"
        : "";
  }

  /** Where this fit checkpoints, with the Params that make it this fit (checkpointDir's doc). */
  private FitCheckpoints checkpoints(Configuration hadoopConf) {
    if (getCheckpointDir().isEmpty()) {
      return FitCheckpoints.NONE;
    }
    return FitCheckpoints.in(
        getCheckpointDir(), getCheckpointInterval(), FitSettings.of(this, ""), hadoopConf);
  }

  /** The effective Params on one log line. */
  private String paramsLine() {
    StringBuilder line = new StringBuilder();
    boolean mlp = getFeatureExtractor().isEmpty() && getFeatureExtractorPath().isEmpty();
    for (Param<?> param : params()) {
      // hiddenLayers says nothing when a featureExtractor replaces its MLP.
      if (isDefined(param) && (mlp || param != hiddenLayers)) {
        line.append(param.name())
            .append('=')
            .append(FitSettings.text(getOrDefault(param)))
            .append(' ');
      }
    }
    return line.toString().trim();
  }

  @Override
  public DannClassifier copy(ParamMap extra) {
    return defaultCopy(extra);
  }

  @Override
  public MLWriter write() {
    return new SavedFormat.Writer<>(this);
  }

  public static MLReader<DannClassifier> read() {
    return SavedFormat.paramsReader(DannClassifier.class, DannClassifier::new);
  }

  public static DannClassifier load(String path) {
    return read().load(path);
  }
}
