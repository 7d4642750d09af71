package io.sparkda.ml.tca;

import io.sparkda.internal.params.ParamChecks;
import io.sparkda.internal.persistence.SavedFormat;
import io.sparkda.internal.shallow.DomainMoments;
import io.sparkda.internal.shallow.TransferComponents;
import io.sparkda.ml.DomainMapEstimator;
import io.sparkda.ml.DomainMapModel;
import org.apache.spark.ml.linalg.DenseMatrix;
import org.apache.spark.ml.linalg.DenseVector;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Transfer component analysis (Pan, Tsang, Kwok and Yang, IEEE TNN 2011), linear (primal) form: the
 * {@code k} directions that keep the most variance of both domains while bringing their means
 * together, from the generalized eigenproblem {@code X H X^T a = w (X M X^T + lambda I) a} built
 * from distributed sums ({@code d x d} on the driver). Every row, of either domain, becomes {@code
 * x A}. Label-free.
 */
public class TransferComponentAnalysis
    extends DomainMapEstimator<TransferComponentAnalysisModel, TransferComponentAnalysis> {
  private static final long serialVersionUID = 1L;

  private final IntParam numComponents =
      new IntParam(
          this,
          "numComponents",
          "k, the transfer components kept (>= 1; more than the features means as many as them)",
          ParamChecks.intAtLeast(1));

  private final DoubleParam lambda =
      new DoubleParam(
          this,
          "lambda",
          "weight of the projection's norm against the domains' mean discrepancy (> 0); larger "
              + "keeps more variance, smaller aligns the means harder",
          ParamChecks.doublePositive());

  public TransferComponentAnalysis() {
    this(Identifiable.randomUID("transferComponentAnalysis"));
  }

  public TransferComponentAnalysis(String uid) {
    super(uid);
    setDefault(numComponents, 100);
    setDefault(lambda, 0.1);
  }

  public IntParam numComponents() {
    return numComponents;
  }

  public int getNumComponents() {
    return (Integer) $(numComponents);
  }

  public TransferComponentAnalysis setNumComponents(int value) {
    return (TransferComponentAnalysis) set(numComponents, value);
  }

  public DoubleParam lambda() {
    return lambda;
  }

  public double getLambda() {
    return (Double) $(lambda);
  }

  public TransferComponentAnalysis setLambda(double value) {
    return (TransferComponentAnalysis) set(lambda, value);
  }

  @Override
  protected String methodName() {
    return "TCA";
  }

  @Override
  protected TransferComponentAnalysisModel fitMaps(
      Dataset<Row> dataset, int numFeatures, int numClasses) {
    int k = components(getNumComponents(), numFeatures);
    DomainMoments moments =
        DomainMoments.of(dataset, getFeaturesCol(), getDomainCol(), numFeatures);
    double[] projection = new TransferComponents(moments).fit(null, getLambda(), k);
    DenseMatrix map = new DenseMatrix(numFeatures, k, projection);
    DenseVector none = new DenseVector(new double[k]);
    return new TransferComponentAnalysisModel(uid(), new DomainMapModel.Maps(map, none, map, none));
  }

  public static MLReader<TransferComponentAnalysis> read() {
    return SavedFormat.paramsReader(
        TransferComponentAnalysis.class, TransferComponentAnalysis::new);
  }

  public static TransferComponentAnalysis load(String path) {
    return read().load(path);
  }
}
