package io.sparkda.ml.jda;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.when;

import io.sparkda.data.DomainColumns;
import io.sparkda.internal.params.ParamChecks;
import io.sparkda.internal.persistence.SavedFormat;
import io.sparkda.internal.shallow.DomainMoments;
import io.sparkda.internal.shallow.TransferComponents;
import io.sparkda.ml.DomainMapEstimator;
import io.sparkda.ml.DomainMapModel;
import org.apache.spark.ml.Model;
import org.apache.spark.ml.classification.Classifier;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.linalg.DenseMatrix;
import org.apache.spark.ml.linalg.DenseVector;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Joint distribution adaptation (Long, Wang, Ding, Sun and Yu, ICCV 2013), linear (primal) form:
 * TCA's projection, then {@code maxIter} rounds that also bring each class's means together, the
 * target's classes taken from pseudo-labels. Each round projects both domains, fits {@code
 * classifier} on the labelled rows, predicts the target rows, and solves the {@code d x d}
 * generalized eigenproblem again with the target's class means by prediction (one light distributed
 * pass: class sums only). Every row becomes {@code x A}. Needs source labels; no target labels.
 */
public class JointDistributionAdaptation
    extends DomainMapEstimator<JointDistributionAdaptationModel, JointDistributionAdaptation> {
  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(JointDistributionAdaptation.class);
  private static final String PROJECTED = "_spark_da_jda_projected";
  private static final String PSEUDO_LABEL = "_spark_da_jda_pseudo_label";

  private final IntParam numComponents =
      new IntParam(
          this,
          "numComponents",
          "k, the components kept (>= 1; more than the features means as many as them)",
          ParamChecks.intAtLeast(1));

  private final DoubleParam lambda =
      new DoubleParam(
          this,
          "lambda",
          "weight of the projection's norm against the domains' mean and class-mean discrepancy "
              + "(> 0); larger keeps more variance, smaller aligns harder",
          ParamChecks.doublePositive());

  private final IntParam maxIter =
      new IntParam(
          this,
          "maxIter",
          "pseudo-label rounds after the first, TCA-like projection (>= 0; 0 is TCA)",
          ParamChecks.intAtLeast(0));

  private final Param<String> labelCol =
      new Param<>(
          this,
          "labelCol",
          "label column: class indices 0..k-1 on source rows, null on unlabelled target rows",
          ParamChecks.notNull());

  private final Param<Classifier<?, ?, ?>> classifier =
      new Param<>(
          this,
          "classifier",
          "the classifier that pseudo-labels the target in each round, fitted on the projected "
              + "labelled rows (its featuresCol, labelCol and predictionCol are set here); logistic "
              + "regression with regParam 0.1 by default",
          ParamChecks.notNull());

  public JointDistributionAdaptation() {
    this(Identifiable.randomUID("jointDistributionAdaptation"));
  }

  public JointDistributionAdaptation(String uid) {
    super(uid);
    setDefault(numComponents, 100);
    setDefault(lambda, 0.1);
    setDefault(maxIter, 10);
    setDefault(labelCol, "label");
  }

  public IntParam numComponents() {
    return numComponents;
  }

  public int getNumComponents() {
    return (Integer) $(numComponents);
  }

  public JointDistributionAdaptation setNumComponents(int value) {
    return (JointDistributionAdaptation) set(numComponents, value);
  }

  public DoubleParam lambda() {
    return lambda;
  }

  public double getLambda() {
    return (Double) $(lambda);
  }

  public JointDistributionAdaptation setLambda(double value) {
    return (JointDistributionAdaptation) set(lambda, value);
  }

  public IntParam maxIter() {
    return maxIter;
  }

  public int getMaxIter() {
    return (Integer) $(maxIter);
  }

  public JointDistributionAdaptation setMaxIter(int value) {
    return (JointDistributionAdaptation) set(maxIter, value);
  }

  public Param<String> labelCol() {
    return labelCol;
  }

  public String getLabelCol() {
    return $(labelCol);
  }

  public JointDistributionAdaptation setLabelCol(String value) {
    return (JointDistributionAdaptation) set(labelCol, value);
  }

  public Param<Classifier<?, ?, ?>> classifier() {
    return classifier;
  }

  /** The classifier set, or logistic regression with regParam 0.1 when none is. */
  public Classifier<?, ?, ?> getClassifier() {
    return isSet(classifier) ? $(classifier) : new LogisticRegression().setRegParam(0.1);
  }

  public JointDistributionAdaptation setClassifier(Classifier<?, ?, ?> value) {
    return (JointDistributionAdaptation) set(classifier, value);
  }

  @Override
  protected String methodName() {
    return "JDA";
  }

  @Override
  protected String labelColumn() {
    return getLabelCol();
  }

  @Override
  public StructType transformSchema(StructType schema) {
    DomainColumns.requireLabel(schema, getLabelCol());
    return super.transformSchema(schema);
  }

  @Override
  protected JointDistributionAdaptationModel fitMaps(
      Dataset<Row> dataset, int numFeatures, int numClasses) {
    int k = components(getNumComponents(), numFeatures);
    Dataset<Row> rows =
        dataset.select(
            col(getFeaturesCol()),
            col(getDomainCol()).cast(DataTypes.DoubleType).as(getDomainCol()),
            col(getLabelCol()).cast(DataTypes.DoubleType).as(getLabelCol()));
    rows = rows.cache();
    try {
      // Labels count as classes on source rows only: the target's come from pseudo-labels.
      DomainMoments moments =
          DomainMoments.of(
              rows.select(
                  col(getFeaturesCol()),
                  col(getDomainCol()),
                  when(col(getDomainCol()).equalTo(DomainColumns.SOURCE), col(getLabelCol()))),
              numFeatures,
              numClasses);
      TransferComponents components = new TransferComponents(moments);
      double[] projection = components.fit(null, getLambda(), k);
      for (int round = 1; round <= getMaxIter(); round++) {
        DomainMoments targetClasses =
            DomainMoments.withoutCovariances(
                pseudoLabelled(rows, model(projection, numFeatures, k)), numFeatures, numClasses);
        projection = components.fit(targetClasses, getLambda(), k);
        LOG.info(
            "spark-da JDA round {}/{}: target rows by predicted class {}",
            round,
            getMaxIter(),
            classCounts(targetClasses, numClasses));
      }
      return model(projection, numFeatures, k);
    } finally {
      rows.unpersist();
    }
  }

  private JointDistributionAdaptationModel model(double[] projection, int numFeatures, int k) {
    DenseMatrix map = new DenseMatrix(numFeatures, k, projection);
    DenseVector none = new DenseVector(new double[k]);
    return new JointDistributionAdaptationModel(
        uid(), new DomainMapModel.Maps(map, none, map, none));
  }

  /**
   * Features, domain and the classifier's prediction of each target row, projected by {@code A}.
   */
  private Dataset<Row> pseudoLabelled(Dataset<Row> rows, JointDistributionAdaptationModel current) {
    Dataset<Row> projected =
        current
            .setFeaturesCol(getFeaturesCol())
            .setDomainCol(getDomainCol())
            .setOutputCol(PROJECTED)
            .transform(rows);
    Classifier<?, ?, ?> base = (Classifier<?, ?, ?>) getClassifier().copy(ParamMap.empty());
    base.set(base.featuresCol(), PROJECTED);
    base.set(base.labelCol(), getLabelCol());
    base.set(base.predictionCol(), PSEUDO_LABEL);
    if (base.hasParam("probabilityCol")) {
      base.set(base.getParam("probabilityCol"), "_spark_da_jda_probability");
    }
    base.set(base.rawPredictionCol(), "_spark_da_jda_raw");
    Model<?> fitted = (Model<?>) base.fit(projected.filter(col(getLabelCol()).isNotNull()));
    return fitted
        .transform(projected.filter(col(getDomainCol()).equalTo(DomainColumns.TARGET)))
        .select(col(getFeaturesCol()), col(getDomainCol()), col(PSEUDO_LABEL));
  }

  private static String classCounts(DomainMoments targetClasses, int numClasses) {
    StringBuilder out = new StringBuilder("[");
    for (int c = 0; c < numClasses; c++) {
      out.append(c > 0 ? ", " : "").append(targetClasses.classCount(1, c));
    }
    return out.append(']').toString();
  }

  @Override
  public JointDistributionAdaptation copy(ParamMap extra) {
    JointDistributionAdaptation copy = super.copy(extra);
    return isSet(classifier)
        ? copy.setClassifier((Classifier<?, ?, ?>) getClassifier().copy(ParamMap.empty()))
        : copy;
  }

  @Override
  public MLWriter write() {
    return SavedFormat.nestingWriter(this, "classifier", getClassifier());
  }

  public static MLReader<JointDistributionAdaptation> read() {
    return SavedFormat.nestingReader(
        JointDistributionAdaptation.class, JointDistributionAdaptation::new, "classifier");
  }

  public static JointDistributionAdaptation load(String path) {
    return read().load(path);
  }
}
