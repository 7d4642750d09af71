package io.sparkda.ml;

import io.sparkda.internal.params.ParamChecks;
import io.sparkda.internal.persistence.SavedFormat;
import io.sparkda.internal.shallow.AffineMap;
import io.sparkda.internal.shallow.CoralStatistics;
import io.sparkda.internal.shallow.DomainMoments;
import org.apache.spark.ml.param.BooleanParam;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Shallow CORAL feature alignment (Sun, Feng and Saenko, "Return of Frustratingly Easy Domain
 * Adaptation", AAAI 2016) as a Spark ML Estimator. {@code fit} takes source and target rows in one
 * DataFrame ({@code domainCol}: 0 = source, 1 = target), computes both feature covariances in one
 * distributed pass, and returns a model that maps each source row {@code x} to {@code x C_s^(-1/2)
 * C_t^(1/2)}, with {@code C = cov + r I} ({@code r} from {@code regularization} and {@code
 * regularizationType}). Target rows keep their features: a classifier trained on the recoloured
 * source rows then scores the target as it is. With {@code alignMeans}, source rows are centred
 * first and moved to the target mean: {@code (x - m_s) A + m_t}.
 *
 * <p>In a Pipeline, put it in front of a classifier that trains on the labelled rows only, e.g.
 * {@code SelfTrainingClassifier} around LogisticRegression ({@code maxIter = 0} for plain CORAL +
 * LR); a plain LogisticRegression refuses the null labels of target rows.
 *
 * <p>The {@code d x d} map lives on the driver and in every task (as a broadcast): fine for {@code
 * d} in the low thousands (d = 5000 takes 200 MB and a few minutes of driver linear algebra).
 */
public class CoralAlignment extends DomainMapEstimator<CoralAlignmentModel, CoralAlignment>
    implements HasCoralParams<CoralAlignment> {
  private static final long serialVersionUID = 1L;

  private final DoubleParam regularization =
      new DoubleParam(
          this,
          "regularization",
          "added to the diagonal of both covariances (>= 0), as regularizationType says; the "
              + "paper's 1 keeps them invertible",
          ParamChecks.doubleAtLeast(0));

  private final Param<String> regularizationType =
      new Param<>(
          this,
          "regularizationType",
          "how regularization is added to each covariance: 'relative' (times the covariance's "
              + "mean variance, the same shrinkage at any feature scale) or 'absolute' (as it is; "
              + "the paper's 1 assumes standardized features)",
          ParamChecks.oneOf("relative", "absolute"));

  private final BooleanParam alignMeans =
      new BooleanParam(
          this,
          "alignMeans",
          "also move source rows to the target mean, (x - m_s) A + m_t; the paper assumes both "
              + "domains are centred");

  public CoralAlignment() {
    this(Identifiable.randomUID("coralAlignment"));
  }

  public CoralAlignment(String uid) {
    super(uid);
    setDefault(outputCol(), "coralFeatures");
    setDefault(regularization, 1.0);
    setDefault(regularizationType, "absolute");
    setDefault(alignMeans, false);
  }

  public DoubleParam regularization() {
    return regularization;
  }

  public double getRegularization() {
    return (Double) $(regularization);
  }

  public CoralAlignment setRegularization(double value) {
    return (CoralAlignment) set(regularization, value);
  }

  public Param<String> regularizationType() {
    return regularizationType;
  }

  public String getRegularizationType() {
    return $(regularizationType);
  }

  public CoralAlignment setRegularizationType(String value) {
    return (CoralAlignment) set(regularizationType, value);
  }

  public BooleanParam alignMeans() {
    return alignMeans;
  }

  public boolean getAlignMeans() {
    return (Boolean) $(alignMeans);
  }

  public CoralAlignment setAlignMeans(boolean value) {
    return (CoralAlignment) set(alignMeans, value);
  }

  @Override
  protected String methodName() {
    return "CORAL";
  }

  @Override
  protected CoralAlignmentModel fitMaps(Dataset<Row> dataset, int numFeatures, int numClasses) {
    // Both domains' covariances in one pass; CORAL needs no class statistics.
    DomainMoments moments =
        DomainMoments.of(dataset, getFeaturesCol(), getDomainCol(), numFeatures);
    AffineMap map =
        CoralStatistics.recolouring(
            moments,
            getRegularization(),
            getRegularizationType().equals("relative"),
            getAlignMeans());
    return new CoralAlignmentModel(
        uid(), new DomainMapModel.Maps(map.matrix(), map.offset(), null, null));
  }

  public static MLReader<CoralAlignment> read() {
    return SavedFormat.paramsReader(CoralAlignment.class, CoralAlignment::new);
  }

  public static CoralAlignment load(String path) {
    return read().load(path);
  }
}
