package io.sparkda.ml;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.rand;

import io.sparkda.data.DomainColumns;
import io.sparkda.internal.params.ParamChecks;
import io.sparkda.internal.validation.CandidateSearch;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.spark.ml.Estimator;
import org.apache.spark.ml.Model;
import org.apache.spark.ml.evaluation.Evaluator;
import org.apache.spark.ml.param.BooleanParam;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.param.Params;
import org.apache.spark.ml.param.StringArrayParam;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;

/**
 * Picks the best of a grid of candidates without target labels, as Spark's {@code
 * TrainValidationSplit} does with labels: the labelled <em>source</em> rows are split into train
 * and validation, every target row stays (unlabelled) in both, each candidate ({@code estimator}
 * with one of {@code estimatorParamMaps}) is fitted on train and scored on validation by {@code
 * evaluator} (a label-free one from {@code io.sparkda.eval}), and the best is fitted again on all
 * the data. Candidates are fitted {@code parallelism} at a time.
 *
 * <p>Guarding against negative transfer: with {@code sourceOnlyIndex} naming the candidate that
 * does not adapt (say {@code alignment = none}, or a plain classifier in a Pipeline grid), an
 * adapted candidate is picked only if it beats that one by more than {@code minImprovement}. A
 * negative {@code minImprovement} prefers adapting: the best adapted candidate is picked unless it
 * scores worse than the source-only one by more than the tolerance (the job's {@code method = auto}
 * does so, on the accuracy suite's evidence that its adapted method rarely loses).
 *
 * <p>The estimator may be any Spark ML estimator whose models write a probability column: a {@link
 * DannClassifier}, a {@link SelfTrainingClassifier}, or a Pipeline, whose {@code stages} a grid can
 * set to compare methods. A plain Spark classifier (LogisticRegression) cannot fit the target rows'
 * null labels: wrap it in a {@link SelfTrainingClassifier} with {@code maxIter} 0, which fits it on
 * the labelled rows only, as source-only or after {@link CoralAlignment}.
 */
public final class DomainAdaptationValidator extends Estimator<DomainAdaptationValidatorModel>
    implements MLWritable {
  private static final long serialVersionUID = 1L;

  /** The temporary column of a split's uniform draws (a suffix numbers the split). */
  private static final String SPLIT_DRAW = "_spark_da_split_draw_";

  private final String uid;
  final Param<Estimator<?>> estimator;
  final Param<ParamMap[]> estimatorParamMaps;
  final Param<Evaluator> evaluator;
  final Param<Evaluator[]> moreEvaluators;
  private final Param<String> domainCol;
  private final DoubleParam validationFraction;
  private final LongParam seed;
  private final IntParam parallelism;
  private final IntParam sourceOnlyIndex;
  private final DoubleParam minImprovement;
  private final BooleanParam keepCandidateModels;
  private final StringArrayParam candidateNames;
  private final IntParam numSplits;

  public DomainAdaptationValidator() {
    this(Identifiable.randomUID("domainAdaptationValidator"));
  }

  public DomainAdaptationValidator(String uid) {
    this.uid = uid;
    estimator = new Param<>(this, "estimator", "the estimator whose candidates are compared");
    estimatorParamMaps =
        new Param<>(this, "estimatorParamMaps", "the candidates: one ParamMap each");
    evaluator =
        new Param<>(this, "evaluator", "scores a candidate's output on the validation rows");
    domainCol =
        new Param<>(
            this,
            "domainCol",
            "domain column: 0 = source row (labelled), 1 = target row",
            ParamChecks.notNull());
    validationFraction =
        new DoubleParam(
            this,
            "validationFraction",
            "fraction of the source rows held out for validation (0 < f < 1)",
            ParamChecks.doubleIn(0, 1, false));
    seed = new LongParam(this, "seed", "seed of the source split");
    parallelism =
        new IntParam(
            this,
            "parallelism",
            "candidates fitted at the same time (>= 1)",
            ParamChecks.intAtLeast(1));
    sourceOnlyIndex =
        new IntParam(
            this,
            "sourceOnlyIndex",
            "index in estimatorParamMaps of the candidate that does not adapt, kept unless an "
                + "adapted one scores better by more than minImprovement; -1 = none (>= -1)",
            ParamChecks.intAtLeast(-1));
    minImprovement =
        new DoubleParam(
            this,
            "minImprovement",
            "how much better than the source-only candidate (in the evaluator's units) an "
                + "adapted candidate must score to be picked; negative, a tolerance: the best "
                + "adapted candidate is picked unless it scores worse by more than that (finite)",
            ParamChecks.finite());
    keepCandidateModels =
        new BooleanParam(
            this,
            "keepCandidateModels",
            "keep every candidate's model (fitted on the training split) on the validator's model, "
                + "e.g. to judge the choice where target labels exist; not saved");
    candidateNames =
        new StringArrayParam(
            this,
            "candidateNames",
            "a name per candidate, for the logs and the model's candidate descriptions (empty: "
                + "each is described by the Params its ParamMap sets)");
    numSplits =
        new IntParam(
            this,
            "numSplits",
            "how many random source splits (seeds seed, seed + 1, ...) every candidate is fitted "
                + "and scored on; its score is the mean, steadier on a small source (>= 1)",
            ParamChecks.intAtLeast(1));
    setDefault(numSplits, 1);
    moreEvaluators =
        new EvaluatorsParam(
            this,
            "moreEvaluators",
            "further label-free evaluators scored on the same predictions as evaluator, reported "
                + "per candidate (the model's moreEvaluatorScores); they do not pick");
    setDefault(moreEvaluators, new Evaluator[0]);
    setDefault(candidateNames, new String[0]);
    setDefault(domainCol, "domain");
    setDefault(keepCandidateModels, false);
    setDefault(validationFraction, 0.2);
    setDefault(seed, 11L);
    setDefault(parallelism, 1);
    setDefault(sourceOnlyIndex, -1);
    setDefault(minImprovement, 0.0);
  }

  /**
   * Evaluators as a Param Spark's metadata can hold: written as their class names, read back as
   * none (ValidatorPersistence saves and loads each evaluator in its own directory).
   */
  private static final class EvaluatorsParam extends Param<Evaluator[]> {
    private static final long serialVersionUID = 1L;

    EvaluatorsParam(Params parent, String name, String doc) {
      super(parent, name, doc);
    }

    @Override
    public String jsonEncode(Evaluator[] value) {
      return Arrays.stream(value)
          .map(e -> "\"" + e.getClass().getName() + "\"")
          .collect(Collectors.joining(",", "[", "]"));
    }

    @Override
    public Evaluator[] jsonDecode(String json) {
      return new Evaluator[0];
    }
  }

  @Override
  public String uid() {
    return uid;
  }

  public Param<Estimator<?>> estimator() {
    return estimator;
  }

  public Param<ParamMap[]> estimatorParamMaps() {
    return estimatorParamMaps;
  }

  public Param<Evaluator> evaluator() {
    return evaluator;
  }

  public Param<String> domainCol() {
    return domainCol;
  }

  public DoubleParam validationFraction() {
    return validationFraction;
  }

  public LongParam seed() {
    return seed;
  }

  public IntParam parallelism() {
    return parallelism;
  }

  public IntParam sourceOnlyIndex() {
    return sourceOnlyIndex;
  }

  public DoubleParam minImprovement() {
    return minImprovement;
  }

  public Param<Evaluator[]> moreEvaluators() {
    return moreEvaluators;
  }

  public Evaluator[] getMoreEvaluators() {
    return $(moreEvaluators).clone();
  }

  public DomainAdaptationValidator setMoreEvaluators(Evaluator[] value) {
    return (DomainAdaptationValidator) set(moreEvaluators, value.clone());
  }

  public IntParam numSplits() {
    return numSplits;
  }

  public int getNumSplits() {
    return (Integer) $(numSplits);
  }

  public DomainAdaptationValidator setNumSplits(int value) {
    return (DomainAdaptationValidator) set(numSplits, value);
  }

  public StringArrayParam candidateNames() {
    return candidateNames;
  }

  public String[] getCandidateNames() {
    return $(candidateNames);
  }

  public DomainAdaptationValidator setCandidateNames(String[] value) {
    return (DomainAdaptationValidator) set(candidateNames, value);
  }

  public BooleanParam keepCandidateModels() {
    return keepCandidateModels;
  }

  public boolean getKeepCandidateModels() {
    return (Boolean) $(keepCandidateModels);
  }

  public DomainAdaptationValidator setKeepCandidateModels(boolean value) {
    return (DomainAdaptationValidator) set(keepCandidateModels, value);
  }

  public Estimator<?> getEstimator() {
    return $(estimator);
  }

  public ParamMap[] getEstimatorParamMaps() {
    return $(estimatorParamMaps);
  }

  public Evaluator getEvaluator() {
    return $(evaluator);
  }

  public String getDomainCol() {
    return $(domainCol);
  }

  public double getValidationFraction() {
    return (Double) $(validationFraction);
  }

  public long getSeed() {
    return (Long) $(seed);
  }

  public int getParallelism() {
    return (Integer) $(parallelism);
  }

  public int getSourceOnlyIndex() {
    return (Integer) $(sourceOnlyIndex);
  }

  public double getMinImprovement() {
    return (Double) $(minImprovement);
  }

  public DomainAdaptationValidator setEstimator(Estimator<?> value) {
    return (DomainAdaptationValidator) set(estimator, value);
  }

  public DomainAdaptationValidator setEstimatorParamMaps(ParamMap[] value) {
    return (DomainAdaptationValidator) set(estimatorParamMaps, value);
  }

  public DomainAdaptationValidator setEvaluator(Evaluator value) {
    return (DomainAdaptationValidator) set(evaluator, value);
  }

  public DomainAdaptationValidator setDomainCol(String value) {
    return (DomainAdaptationValidator) set(domainCol, value);
  }

  public DomainAdaptationValidator setValidationFraction(double value) {
    return (DomainAdaptationValidator) set(validationFraction, value);
  }

  public DomainAdaptationValidator setSeed(long value) {
    return (DomainAdaptationValidator) set(seed, value);
  }

  public DomainAdaptationValidator setParallelism(int value) {
    return (DomainAdaptationValidator) set(parallelism, value);
  }

  public DomainAdaptationValidator setSourceOnlyIndex(int value) {
    return (DomainAdaptationValidator) set(sourceOnlyIndex, value);
  }

  public DomainAdaptationValidator setMinImprovement(double value) {
    return (DomainAdaptationValidator) set(minImprovement, value);
  }

  @Override
  public DomainAdaptationValidatorModel fit(Dataset<?> dataset) {
    transformSchema(dataset.schema());
    Dataset<Row> data = dataset.toDF();
    Dataset<Row> source = data.filter(col(getDomainCol()).equalTo(DomainColumns.SOURCE));
    Dataset<Row> target = data.filter(col(getDomainCol()).equalTo(DomainColumns.TARGET));
    // One uniform draw per source row and split, drawn once (cached) so that both halves see the
    // same draws. Not randomSplit: it sorts each partition by every orderable column, so the same
    // seed gave another split whenever a column was added (the job's density ratios for iwv).
    String[] drawColumns = new String[getNumSplits()];
    Dataset<Row> drawn = source;
    for (int i = 0; i < drawColumns.length; i++) {
      drawColumns[i] = SPLIT_DRAW + i;
      drawn = drawn.withColumn(drawColumns[i], rand(getSeed() + i));
    }
    drawn = drawn.cache();
    List<CandidateSearch.Split> splits = new ArrayList<>();
    for (int i = 0; i < getNumSplits(); i++) {
      Column held = col(drawColumns[i]).lt(getValidationFraction());
      splits.add(
          new CandidateSearch.Split(
              drawn.filter(not(held)).drop(drawColumns).unionByName(target).cache(),
              drawn.filter(held).drop(drawColumns).unionByName(target).cache()));
    }
    try {
      CandidateSearch.Result result =
          new CandidateSearch(
                  getEstimator(),
                  getEstimatorParamMaps(),
                  getEvaluator(),
                  getParallelism(),
                  getSourceOnlyIndex(),
                  getMinImprovement(),
                  getKeepCandidateModels(),
                  getCandidateNames(),
                  getMoreEvaluators())
              .run(splits);
      ParamMap best = getEstimatorParamMaps()[result.bestIndex()];
      DomainAdaptationValidatorModel model =
          new DomainAdaptationValidatorModel(
              uid,
              (Model<?>) getEstimator().fit(data, best),
              result.scores(),
              result.bestIndex(),
              result.candidates(),
              result.histories(),
              result.models(),
              result.moreScores(),
              result.reason());
      return copyValues(model, ParamMap.empty()).setParent(this);
    } finally {
      for (CandidateSearch.Split split : splits) {
        split.train().unpersist();
        split.validation().unpersist();
      }
      drawn.unpersist();
    }
  }

  @Override
  public StructType transformSchema(StructType schema) {
    if (!isDefined(estimator) || !isDefined(evaluator) || !isDefined(estimatorParamMaps)) {
      throw new IllegalArgumentException(
          "set the estimator, the evaluator and estimatorParamMaps (ParamGridBuilder builds them)");
    }
    int candidates = getEstimatorParamMaps().length;
    if (candidates == 0) {
      throw new IllegalArgumentException(
          "estimatorParamMaps is empty: give at least one candidate");
    }
    if (getCandidateNames().length != 0 && getCandidateNames().length != candidates) {
      throw new IllegalArgumentException(
          String.format(
              "candidateNames has %d names for %d candidates: one each, or none",
              getCandidateNames().length, candidates));
    }
    if (getSourceOnlyIndex() >= candidates) {
      throw new IllegalArgumentException(
          String.format(
              "sourceOnlyIndex %d is not a candidate: there are %d (0 to %d)",
              getSourceOnlyIndex(), candidates, candidates - 1));
    }
    DomainColumns.requireDomain(schema, getDomainCol());
    // As TrainValidationSplit: the first candidate's output (a grid may set required Params).
    return getEstimator().copy(getEstimatorParamMaps()[0]).transformSchema(schema);
  }

  @Override
  public DomainAdaptationValidator copy(ParamMap extra) {
    DomainAdaptationValidator copy = (DomainAdaptationValidator) defaultCopy(extra);
    if (copy.isDefined(estimator)) {
      copy.setEstimator((Estimator<?>) copy.getEstimator().copy(extra));
    }
    if (copy.isDefined(evaluator)) {
      copy.setEvaluator(copy.getEvaluator().copy(extra));
    }
    copy.setMoreEvaluators(
        Arrays.stream(copy.getMoreEvaluators()).map(e -> e.copy(extra)).toArray(Evaluator[]::new));
    return copy;
  }

  @Override
  public MLWriter write() {
    return new ValidatorPersistence.EstimatorWriter(this);
  }

  public static MLReader<DomainAdaptationValidator> read() {
    return new ValidatorPersistence.EstimatorReader();
  }

  public static DomainAdaptationValidator load(String path) {
    return read().load(path);
  }
}
