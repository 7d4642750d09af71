package io.sparkda.ml;

import static org.apache.spark.sql.functions.bit_xor;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.xxhash64;

import io.sparkda.data.DomainColumns;
import io.sparkda.internal.params.FitSettings;
import io.sparkda.internal.params.ParamChecks;
import io.sparkda.internal.selftraining.PseudoLabelSelection;
import io.sparkda.internal.selftraining.SelfTrainingCheckpoints;
import io.sparkda.internal.selftraining.SelfTrainingLoop;
import io.sparkda.internal.train.FitIdentity;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.ml.Estimator;
import org.apache.spark.ml.Model;
import org.apache.spark.ml.classification.ProbabilisticClassifier;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;

/**
 * Self-training (pseudo-labelling) around any Spark ML probabilistic classifier:
 * LogisticRegression, RandomForestClassifier, {@link DannClassifier}, ...
 *
 * <p>{@code fit} takes source and target rows in one DataFrame ({@code domainCol}: 0 = source, 1 =
 * target). Labelled rows are every source row plus any target row with a label (semi-supervised
 * adaptation). Each round fits the base classifier on the labelled and pseudo-labelled rows, scores
 * the unlabelled target rows and pseudo-labels the confident ones ({@code selection}: {@code
 * threshold} on the largest class probability, or the class-balanced {@code top-fraction}); it
 * stops after {@code maxIter} rounds or when a round adds nothing. Every round is ordinary Spark
 * jobs; no row is collected to the driver.
 *
 * <p>A base classifier with a {@code domainCol} Param (DANN) gets every row, with the unlabelled
 * target rows' label null, so it keeps aligning on them; any other classifier gets the labelled and
 * pseudo-labelled rows only. {@code evaluationLabelCol} (optional) names held-out target labels
 * that are never trained on, only reported per round in the model's history.
 */
public class SelfTrainingClassifier extends Estimator<SelfTrainingClassificationModel>
    implements MLWritable {
  private static final long serialVersionUID = 1L;

  private final String uid;
  private final Param<ProbabilisticClassifier<?, ?, ?>> classifier;
  private final Param<String> domainCol;
  private final Param<String> evaluationLabelCol;
  private final IntParam maxIter;
  private final Param<String> selection;
  private final DoubleParam threshold;
  private final DoubleParam fraction;
  private final Param<String> checkpointDir;

  public SelfTrainingClassifier() {
    this(Identifiable.randomUID("selfTraining"));
  }

  public SelfTrainingClassifier(String uid) {
    this.uid = uid;
    classifier =
        new Param<>(
            this,
            "classifier",
            "the base probabilistic classifier, fitted once per round",
            ParamChecks.notNull());
    domainCol = DannParams.domainCol(this);
    evaluationLabelCol =
        new Param<>(
            this,
            "evaluationLabelCol",
            "optional column of held-out target labels, reported per round, never trained on; "
                + "empty = none",
            ParamChecks.notNull());
    maxIter =
        new IntParam(
            this,
            "maxIter",
            "pseudo-labelling rounds after the first fit (>= 0); 0 = fit on the labelled rows only",
            ParamChecks.intAtLeast(0));
    selection =
        new Param<>(
            this,
            "selection",
            "which unlabelled target rows get pseudo-labels: threshold (largest class probability >= "
                + "threshold) or top-fraction (per predicted class, the most confident fraction)",
            ParamChecks.oneOf(PseudoLabelSelection.THRESHOLD, PseudoLabelSelection.TOP_FRACTION));
    threshold =
        new DoubleParam(
            this,
            "threshold",
            "confidence threshold of the threshold rule, in (0, 1]",
            ParamChecks.doubleIn(0, 1, false));
    fraction =
        new DoubleParam(
            this,
            "fraction",
            "share of each predicted class's candidates taken per round by top-fraction, in (0, 1]",
            ParamChecks.doubleIn(0, 1, false));
    checkpointDir =
        new Param<>(
            this,
            "checkpointDir",
            "directory (any Hadoop path) for checkpoints; empty = none. Before each round the "
                + "pseudo-labelled rows and the history are saved there, and a network classifier "
                + "(DannClassifier) checkpoints each round's fit in a subdirectory, every "
                + "checkpointInterval of its own rounds; a fit resumes from the latest round of the "
                + "same fit (Params, base classifier, data) and refuses another fit's",
            ParamChecks.notNull());
    setDefault(domainCol, "domain");
    setDefault(checkpointDir, "");
    setDefault(evaluationLabelCol, "");
    setDefault(maxIter, 5);
    setDefault(selection, PseudoLabelSelection.THRESHOLD);
    setDefault(threshold, 0.9);
    setDefault(fraction, 0.2);
  }

  @Override
  public String uid() {
    return uid;
  }

  public Param<ProbabilisticClassifier<?, ?, ?>> classifier() {
    return classifier;
  }

  public Param<String> domainCol() {
    return domainCol;
  }

  public Param<String> evaluationLabelCol() {
    return evaluationLabelCol;
  }

  public IntParam maxIter() {
    return maxIter;
  }

  public Param<String> selection() {
    return selection;
  }

  public DoubleParam threshold() {
    return threshold;
  }

  public DoubleParam fraction() {
    return fraction;
  }

  public ProbabilisticClassifier<?, ?, ?> getClassifier() {
    return $(classifier);
  }

  public String getDomainCol() {
    return $(domainCol);
  }

  public String getEvaluationLabelCol() {
    return $(evaluationLabelCol);
  }

  public int getMaxIter() {
    return (Integer) $(maxIter);
  }

  public String getSelection() {
    return $(selection);
  }

  public double getThreshold() {
    return (Double) $(threshold);
  }

  public double getFraction() {
    return (Double) $(fraction);
  }

  public Param<String> checkpointDir() {
    return checkpointDir;
  }

  public String getCheckpointDir() {
    return $(checkpointDir);
  }

  public SelfTrainingClassifier setCheckpointDir(String value) {
    return (SelfTrainingClassifier) set(checkpointDir, value);
  }

  public SelfTrainingClassifier setClassifier(ProbabilisticClassifier<?, ?, ?> value) {
    return (SelfTrainingClassifier) set(classifier, value);
  }

  public SelfTrainingClassifier setDomainCol(String value) {
    return (SelfTrainingClassifier) set(domainCol, value);
  }

  public SelfTrainingClassifier setEvaluationLabelCol(String value) {
    return (SelfTrainingClassifier) set(evaluationLabelCol, value);
  }

  public SelfTrainingClassifier setMaxIter(int value) {
    return (SelfTrainingClassifier) set(maxIter, value);
  }

  public SelfTrainingClassifier setSelection(String value) {
    return (SelfTrainingClassifier) set(selection, value);
  }

  public SelfTrainingClassifier setThreshold(double value) {
    return (SelfTrainingClassifier) set(threshold, value);
  }

  public SelfTrainingClassifier setFraction(double value) {
    return (SelfTrainingClassifier) set(fraction, value);
  }

  /** Whether the base classifier takes unlabelled target rows itself (it has a domainCol). */
  private boolean domainAware() {
    return getClassifier().hasParam("domainCol");
  }

  /** The base classifier, reading this estimator's domain column when it takes one. */
  private ProbabilisticClassifier<?, ?, ?> configuredClassifier() {
    ProbabilisticClassifier<?, ?, ?> base = getClassifier();
    if (!domainAware()) {
      return base;
    }
    return (ProbabilisticClassifier<?, ?, ?>)
        base.copy(ParamMap.empty().put(base.getParam("domainCol"), getDomainCol()));
  }

  private String baseParam(String name) {
    return (String) getClassifier().getOrDefault(getClassifier().getParam(name));
  }

  @Override
  public SelfTrainingClassificationModel fit(Dataset<?> dataset) {
    transformSchema(dataset.schema());
    String labelCol = baseParam("labelCol");
    Dataset<Row> rows = dataset.toDF();
    String data = checkDomains(rows, labelCol);
    ProbabilisticClassifier<?, ?, ?> configured = configuredClassifier();
    SelfTrainingCheckpoints checkpoints = checkpoints(configured, data, rows);
    SelfTrainingLoop.Result result =
        SelfTrainingLoop.run(
            rows,
            (training, round) ->
                (Model<?>) roundClassifier(configured, checkpoints, round).fit(training),
            !domainAware(),
            labelCol,
            getDomainCol(),
            baseParam("probabilityCol"),
            baseParam("predictionCol"),
            getEvaluationLabelCol().isEmpty() ? null : getEvaluationLabelCol(),
            getMaxIter(),
            new PseudoLabelSelection(getSelection(), getThreshold(), getFraction()),
            checkpoints);
    SelfTrainingClassificationModel model =
        new SelfTrainingClassificationModel(
            uid(),
            result.model,
            result.rounds.toArray(new SelfTrainingRound[0]),
            result.networkFits.toArray(new RoundSummary[0][]));
    return model.setParent(this);
  }

  /**
   * The checkpoints of this fit, named by this estimator's and the base classifier's Params and a
   * fingerprint of the rows; null without checkpointDir.
   */
  private SelfTrainingCheckpoints checkpoints(
      ProbabilisticClassifier<?, ?, ?> base, String data, Dataset<Row> rows) {
    if (base.hasParam("checkpointDir")
        && !((String) base.getOrDefault(base.getParam("checkpointDir"))).isEmpty()) {
      throw new IllegalArgumentException(
          "the base classifier's checkpointDir is set: set checkpointDir on the "
              + "SelfTrainingClassifier instead, which gives each round's fit a directory of its own");
    }
    if (getCheckpointDir().isEmpty()) {
      return null;
    }
    Map<String, String> settings = new TreeMap<>(FitSettings.of(this, ""));
    settings.remove("classifier");
    settings.putAll(FitSettings.of(base, base.getClass().getSimpleName() + "."));
    settings.put("data", data);
    return new SelfTrainingCheckpoints(
        getCheckpointDir(), FitIdentity.of(settings), rows.sparkSession());
  }

  /** The base classifier for one round: its checkpoints, if any, in the round's own directory. */
  private static ProbabilisticClassifier<?, ?, ?> roundClassifier(
      ProbabilisticClassifier<?, ?, ?> base, SelfTrainingCheckpoints checkpoints, int round) {
    if (checkpoints == null || !base.hasParam("checkpointDir")) {
      return base;
    }
    return (ProbabilisticClassifier<?, ?, ?>)
        base.copy(
            ParamMap.empty().put(base.getParam("checkpointDir"), checkpoints.networkDir(round)));
  }

  /**
   * Source rows must all be labelled (they would be silently dropped otherwise), with at least 2
   * classes. Returns the rows' count and a hash of their content, for checkpoints.
   */
  private String checkDomains(Dataset<Row> rows, String labelCol) {
    Column sourceLabel = when(col(getDomainCol()).equalTo(DomainColumns.SOURCE), col(labelCol));
    Row counts =
        rows.agg(
                count(when(col(getDomainCol()).equalTo(DomainColumns.SOURCE), 1)),
                count(
                    when(
                        col(getDomainCol())
                            .equalTo(DomainColumns.SOURCE)
                            .and(col(labelCol).isNull()),
                        1)),
                count(when(col(getDomainCol()).equalTo(DomainColumns.TARGET), 1)),
                count(
                    when(
                        col(getDomainCol())
                            .isNull()
                            .or(
                                col(getDomainCol())
                                    .notEqual(DomainColumns.SOURCE)
                                    .and(col(getDomainCol()).notEqual(DomainColumns.TARGET))),
                        1)),
                min(sourceLabel),
                max(sourceLabel),
                count(lit(1)),
                bit_xor(
                    xxhash64(
                        Arrays.stream(rows.columns())
                            .map(c -> col("`" + c + "`"))
                            .toArray(Column[]::new))))
            .head();
    if (counts.getLong(3) > 0) {
      throw new IllegalArgumentException(
          String.format(
              "%d rows have domain column '%s' not 0 " + "(source) or 1 (target)",
              counts.getLong(3), getDomainCol()));
    }
    if (counts.getLong(0) == 0 || counts.getLong(2) == 0) {
      throw new IllegalArgumentException(
          String.format(
              "self-training needs source rows "
                  + "(%s = 0) and target rows (%s = 1); got %d and %d",
              getDomainCol(), getDomainCol(), counts.getLong(0), counts.getLong(2)));
    }
    if (counts.getLong(1) > 0) {
      throw new IllegalArgumentException(
          String.format(
              "%d source rows have a null label in column '%s': drop them, or mark them as target"
                  + " rows if they are unlabelled target data",
              counts.getLong(1), labelCol));
    }
    if (counts.get(4).equals(counts.get(5))) {
      throw new IllegalArgumentException(
          String.format(
              "every labelled source row has class %s in "
                  + "label column '%s': a classifier needs at least 2 classes in the source labels; check "
                  + "labelCol and the source data",
              counts.get(4), labelCol));
    }
    return String.format("%d rows, content hash %016x", counts.getLong(6), counts.getLong(7));
  }

  @Override
  public StructType transformSchema(StructType schema) {
    if (!isDefined(classifier)) {
      throw new IllegalArgumentException("set the base classifier (setClassifier) before fit");
    }
    String labelCol = baseParam("labelCol");
    DomainColumns.requireLabel(schema, labelCol);
    DomainColumns.requireDomain(schema, getDomainCol());
    if (!getEvaluationLabelCol().isEmpty()
        && !Arrays.asList(schema.fieldNames()).contains(getEvaluationLabelCol())) {
      throw new IllegalArgumentException(
          "evaluationLabelCol '"
              + getEvaluationLabelCol()
              + "' is not a column: set it to the held-out label column, or to \"\" for none");
    }
    return configuredClassifier().transformSchema(schema);
  }

  @Override
  public SelfTrainingClassifier copy(ParamMap extra) {
    SelfTrainingClassifier copy = (SelfTrainingClassifier) defaultCopy(extra);
    if (copy.isDefined(copy.classifier)) {
      copy.setClassifier(
          (ProbabilisticClassifier<?, ?, ?>) copy.getClassifier().copy(ParamMap.empty()));
    }
    return copy;
  }

  @Override
  public MLWriter write() {
    return new SelfTrainingPersistence.EstimatorWriter(this);
  }

  public static MLReader<SelfTrainingClassifier> read() {
    return new SelfTrainingPersistence.EstimatorReader();
  }

  public static SelfTrainingClassifier load(String path) {
    return read().load(path);
  }
}
