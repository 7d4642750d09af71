package io.sparkda.ml;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import io.sparkda.data.DomainColumns;
import io.sparkda.internal.data.DomainDataProfile;
import io.sparkda.internal.params.ParamChecks;
import io.sparkda.internal.persistence.SavedFormat;
import io.sparkda.internal.shallow.CoralStatistics;
import io.sparkda.internal.shallow.DomainMoments;
import org.apache.spark.ml.Estimator;
import org.apache.spark.ml.linalg.DenseMatrix;
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
 * Shallow CORAL feature alignment (Sun, Feng and Saenko, "Return of Frustratingly Easy Domain
 * Adaptation", AAAI 2016) as a Spark ML Estimator. {@code fit} takes source and target rows in one
 * DataFrame ({@code domainCol}: 0 = source, 1 = target), computes both feature covariances with
 * Spark's distributed statistics, and returns a model that maps each source row {@code x} to {@code
 * x C_s^(-1/2) C_t^(1/2)}, with {@code C = cov + regularization I}. Target rows keep their
 * features: a classifier trained on the recoloured source rows then scores the target as it is.
 *
 * <p>In a Pipeline, put it in front of a classifier that trains on the labelled rows only, e.g.
 * {@code SelfTrainingClassifier} around LogisticRegression ({@code maxIter = 0} for plain CORAL +
 * LR); a plain LogisticRegression refuses the null labels of target rows.
 *
 * <p>The {@code d x d} map lives on the driver and in every task (as a broadcast): fine for {@code
 * d} in the low thousands (d = 5000 takes 200 MB and a few minutes of driver linear algebra).
 */
public class CoralAlignment extends Estimator<CoralAlignmentModel>
    implements MLWritable, HasCoralParams {
  private static final long serialVersionUID = 1L;

  private final String uid;
  private final Param<String> featuresCol;
  private final Param<String> domainCol;
  private final Param<String> outputCol;
  private final DoubleParam regularization;

  public CoralAlignment() {
    this(Identifiable.randomUID("coralAlignment"));
  }

  @SuppressWarnings("unchecked")
  public CoralAlignment(String uid) {
    this.uid = uid;
    Param<?>[] shared = HasCoralParams.declare(this);
    featuresCol = (Param<String>) shared[0];
    domainCol = (Param<String>) shared[1];
    outputCol = (Param<String>) shared[2];
    regularization =
        new DoubleParam(
            this,
            "regularization",
            "added to the diagonal of both covariances (>= 0); the paper's 1 keeps them invertible",
            ParamChecks.doubleAtLeast(0));
    setDefault(featuresCol, "features");
    setDefault(domainCol, "domain");
    setDefault(outputCol, "coralFeatures");
    setDefault(regularization, 1.0);
  }

  @Override
  public String uid() {
    return uid;
  }

  @Override
  public Param<String> featuresCol() {
    return featuresCol;
  }

  @Override
  public Param<String> domainCol() {
    return domainCol;
  }

  @Override
  public Param<String> outputCol() {
    return outputCol;
  }

  public DoubleParam regularization() {
    return regularization;
  }

  public double getRegularization() {
    return (Double) $(regularization);
  }

  public CoralAlignment setFeaturesCol(String value) {
    return (CoralAlignment) set(featuresCol, value);
  }

  public CoralAlignment setDomainCol(String value) {
    return (CoralAlignment) set(domainCol, value);
  }

  public CoralAlignment setOutputCol(String value) {
    return (CoralAlignment) set(outputCol, value);
  }

  public CoralAlignment setRegularization(double value) {
    return (CoralAlignment) set(regularization, value);
  }

  @Override
  public CoralAlignmentModel fit(Dataset<?> dataset) {
    transformSchema(dataset.schema());
    Dataset<Row> rows =
        dataset.select(
            col(getFeaturesCol()),
            // The profile's label checks do not apply here: every row gets a valid dummy label.
            lit(0.0).as("label"),
            col(getDomainCol()).cast(DataTypes.DoubleType));
    DomainDataProfile profile = DomainDataProfile.of(rows);
    profile.check(getFeaturesCol(), "label", getDomainCol());
    if (profile.sourceRows() < 2 || profile.targetRows() < 2) {
      throw new IllegalArgumentException(
          String.format(
              "CORAL needs at least 2 rows per domain "
                  + "to estimate covariances, got %d source and %d target rows (column '%s')",
              profile.sourceRows(), profile.targetRows(), getDomainCol()));
    }
    // Both domains' covariances in one pass; CORAL needs no class statistics.
    DomainMoments moments =
        DomainMoments.of(
            rows.select(
                col(getFeaturesCol()), col(getDomainCol()), lit(null).cast(DataTypes.DoubleType)),
            profile.numFeatures(),
            0);
    double[] map = CoralStatistics.recolouringMatrix(moments, getRegularization());
    CoralAlignmentModel model =
        new CoralAlignmentModel(
            uid(), new DenseMatrix(profile.numFeatures(), profile.numFeatures(), map));
    return copyValues(model.setParent(this), extractParamMap());
  }

  @Override
  public StructType transformSchema(StructType schema) {
    DomainColumns.requireFeatures(schema, getFeaturesCol());
    DomainColumns.requireDomain(schema, getDomainCol());
    return CoralAlignmentModel.outputSchema(schema, getOutputCol());
  }

  @Override
  public CoralAlignment copy(ParamMap extra) {
    return (CoralAlignment) defaultCopy(extra);
  }

  @Override
  public MLWriter write() {
    return new SavedFormat.Writer<>(this);
  }

  public static MLReader<CoralAlignment> read() {
    return SavedFormat.paramsReader(CoralAlignment.class, CoralAlignment::new);
  }

  public static CoralAlignment load(String path) {
    return read().load(path);
  }
}
