package io.sparkda.ml.transport;

import io.sparkda.internal.params.ParamChecks;
import io.sparkda.internal.persistence.SavedFormat;
import io.sparkda.internal.shallow.AffineMap;
import io.sparkda.internal.shallow.DomainMoments;
import io.sparkda.internal.shallow.GaussianTransport;
import io.sparkda.ml.DomainMapEstimator;
import io.sparkda.ml.DomainMapModel;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Linear optimal-transport mapping: the Monge map between Gaussians fitted to the two domains
 * (Flamary, Lounici and Ferrari, 2019; POT's {@code LinearTransport}, skada's {@code
 * LinearOTMapping}). Source rows become {@code m_t + (x - m_s) A} with the symmetric {@code A =
 * C_s^(-1/2) (C_s^(1/2) C_t C_s^(1/2))^(1/2) C_s^(-1/2)}: the source mean and covariance become the
 * target's, with the least squared displacement. Unlike CORAL it moves the mean as well and does
 * not rotate. Target rows keep their features. Label-free; means and covariances come from one
 * distributed pass.
 */
public class LinearOptimalTransport
    extends DomainMapEstimator<LinearOptimalTransportModel, LinearOptimalTransport> {
  private static final long serialVersionUID = 1L;

  private final DoubleParam regularization =
      new DoubleParam(
          this,
          "regularization",
          "added to the diagonal of both covariances (> 0), as regularizationType says; it keeps "
              + "a covariance of fewer rows than features invertible",
          ParamChecks.doublePositive());

  private final Param<String> regularizationType =
      new Param<>(
          this,
          "regularizationType",
          "'relative' (times each covariance's mean variance) or 'absolute'",
          ParamChecks.oneOf("relative", "absolute"));

  public LinearOptimalTransport() {
    this(Identifiable.randomUID("linearOptimalTransport"));
  }

  public LinearOptimalTransport(String uid) {
    super(uid);
    setDefault(regularization, 0.1);
    setDefault(regularizationType, "relative");
  }

  public DoubleParam regularization() {
    return regularization;
  }

  public double getRegularization() {
    return (Double) $(regularization);
  }

  public LinearOptimalTransport setRegularization(double value) {
    return (LinearOptimalTransport) set(regularization, value);
  }

  public Param<String> regularizationType() {
    return regularizationType;
  }

  public String getRegularizationType() {
    return $(regularizationType);
  }

  public LinearOptimalTransport setRegularizationType(String value) {
    return (LinearOptimalTransport) set(regularizationType, value);
  }

  @Override
  protected String methodName() {
    return "linear OT";
  }

  @Override
  protected LinearOptimalTransportModel fitMaps(
      Dataset<Row> dataset, int numFeatures, int numClasses) {
    DomainMoments moments =
        DomainMoments.of(dataset, getFeaturesCol(), getDomainCol(), numFeatures);
    AffineMap map =
        GaussianTransport.fit(
            moments, getRegularization(), getRegularizationType().equals("relative"));
    return new LinearOptimalTransportModel(
        uid(), new DomainMapModel.Maps(map.matrix(), map.offset(), null, null));
  }

  public static MLReader<LinearOptimalTransport> read() {
    return SavedFormat.paramsReader(LinearOptimalTransport.class, LinearOptimalTransport::new);
  }

  public static LinearOptimalTransport load(String path) {
    return read().load(path);
  }
}
