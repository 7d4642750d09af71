package io.sparkda.ml.reweighting;

import static org.apache.spark.sql.functions.col;

import io.sparkda.data.DomainColumns;
import io.sparkda.internal.params.ParamChecks;
import io.sparkda.internal.persistence.SavedFormat;
import io.sparkda.internal.shallow.DomainWeights;
import io.sparkda.ml.DeclaredParams;
import org.apache.spark.ml.Estimator;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.classification.ProbabilisticClassificationModel;
import org.apache.spark.ml.classification.ProbabilisticClassifier;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.param.DoubleParam;
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

/**
 * Importance reweighting for covariate shift: a probabilistic domain classifier (logistic
 * regression unless {@code classifier} says otherwise) estimates the density ratio {@code
 * p_target(x) / p_source(x) = P(t|x) / P(s|x) * n_s / n_t} on each source row; the ratios, scaled
 * to mean 1 over the source rows and clipped at {@code maxWeight}, land in {@code weightCol}, which
 * any weight-aware Spark classifier (logistic regression, trees, forests, GBTs, linear SVC) reads
 * through its own {@code weightCol}. Target rows, and rows of data without the domain column, get
 * weight 1. Label-free.
 *
 * <p>The model reports the weights' effective sample size and distribution ({@link
 * DomainReweightingModel#effectiveSampleSize()}, {@link DomainReweightingModel#weightQuantiles()})
 * and logs a warning when the effective sample size falls below {@code minEffectiveSampleSize}: the
 * domains are nearly separable on these features, and a few source rows then carry the fit.
 *
 * <p>The domain classifier scores the rows it was fitted on; its regularization, the flattening and
 * the clipping are what keep in-sample probabilities from over-confident weights. The defaults
 * (logistic regression with regParam 10, flattening 0.5) are conservative, chosen on 5,000-feature
 * text where weaker ones cost accuracy; on a few dense features they leave the weights within a few
 * percent of 1: there, set a weaker classifier ({@code regParam} 0.01) and {@code flattening} 1 for
 * the density ratio itself, and watch the effective sample size.
 */
public class DomainReweighting extends Estimator<DomainReweightingModel>
    implements MLWritable, HasReweightingParams<DomainReweighting> {
  private static final long serialVersionUID = 1L;

  private final DeclaredParams declaredParams;

  private final Param<ProbabilisticClassifier<?, ?, ?>> classifier;
  private final DoubleParam minEffectiveSampleSize;

  public DomainReweighting() {
    this(Identifiable.randomUID("domainReweighting"));
  }

  public DomainReweighting(String uid) {
    this.declaredParams = new DeclaredParams(uid);
    HasReweightingParams.declare(this, declaredParams);
    // Declared here, not as field initializers: a Param takes its parent's uid when it is made.
    classifier =
        new Param<>(
            this,
            "classifier",
            "the probabilistic domain classifier (its featuresCol, labelCol and output columns are "
                + "set here); logistic regression with regParam 10 by default",
            ParamChecks.notNull());
    minEffectiveSampleSize =
        new DoubleParam(
            this,
            "minEffectiveSampleSize",
            "a warning is logged when the weights' effective sample size, as a fraction of the "
                + "source rows, is below this (in [0, 1])",
            ParamChecks.doubleIn(0, 1, true));
    setDefault(minEffectiveSampleSize, 0.1);
  }

  @Override
  public DeclaredParams declaredParams() {
    return declaredParams;
  }

  public Param<ProbabilisticClassifier<?, ?, ?>> classifier() {
    return classifier;
  }

  /**
   * The classifier set, or logistic regression with regParam 10 when none is: strong, because
   * in-sample probabilities of a weak one are over-confident on wide data (Amazon: weights down to
   * 1e-5 at regParam 0.1, and 4 points below unweighted LR; bench/results/log-2026-12.md).
   */
  public ProbabilisticClassifier<?, ?, ?> getClassifier() {
    return isSet(classifier) ? $(classifier) : new LogisticRegression().setRegParam(10);
  }

  public DoubleParam minEffectiveSampleSize() {
    return minEffectiveSampleSize;
  }

  public double getMinEffectiveSampleSize() {
    return (Double) $(minEffectiveSampleSize);
  }

  public DomainReweighting setMaxWeight(double value) {
    return (DomainReweighting) set(maxWeight(), value);
  }

  public DomainReweighting setFlattening(double value) {
    return (DomainReweighting) set(flattening(), value);
  }

  public DomainReweighting setClassifier(ProbabilisticClassifier<?, ?, ?> value) {
    return (DomainReweighting) set(classifier, value);
  }

  public DomainReweighting setMinEffectiveSampleSize(double value) {
    return (DomainReweighting) set(minEffectiveSampleSize, value);
  }

  @Override
  public DomainReweightingModel fit(Dataset<?> dataset) {
    transformSchema(dataset.schema());
    Dataset<Row> rows =
        dataset.select(
            col(getFeaturesCol()),
            col(getDomainCol()).cast(DataTypes.DoubleType).as(getDomainCol()));
    ProbabilisticClassificationModel<Vector, ?> domainClassifier =
        DomainWeights.fitDomainClassifier(rows, getClassifier(), getFeaturesCol(), getDomainCol());
    DomainWeights weights =
        DomainWeights.fit(
            rows,
            domainClassifier,
            getDomainCol(),
            getFlattening(),
            getMaxWeight(),
            getMinEffectiveSampleSize());
    DomainReweightingModel model = new DomainReweightingModel(uid(), domainClassifier, weights);
    return copyValues(model.setParent(this), extractParamMap());
  }

  @Override
  public StructType transformSchema(StructType schema) {
    DomainColumns.requireFeatures(schema, getFeaturesCol());
    DomainColumns.requireDomain(schema, getDomainCol());
    return HasReweightingParams.outputSchema(schema, getWeightCol());
  }

  @Override
  public DomainReweighting copy(ParamMap extra) {
    DomainReweighting copy = (DomainReweighting) defaultCopy(extra);
    return isSet(classifier)
        ? copy.setClassifier((ProbabilisticClassifier<?, ?, ?>) getClassifier().copy(extra))
        : copy;
  }

  @Override
  public MLWriter write() {
    return SavedFormat.nestingWriter(this, "classifier", getClassifier());
  }

  public static MLReader<DomainReweighting> read() {
    return SavedFormat.nestingReader(DomainReweighting.class, DomainReweighting::new, "classifier");
  }

  public static DomainReweighting load(String path) {
    return read().load(path);
  }
}
