package io.sparkda.eval;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import io.sparkda.data.DomainColumns;
import io.sparkda.internal.params.ParamChecks;
import io.sparkda.internal.persistence.SavedFormat;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.ml.Estimator;
import org.apache.spark.ml.Model;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.classification.LogisticRegressionModel;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Reverse (circular) validation: a reverse classifier (L2 logistic regression on {@code
 * featuresCol}) is trained on the target rows with the model's predictions as labels, then scored
 * on the labelled source rows; the value is its source accuracy, larger is better. A model whose
 * target pseudo-labels carry the source's class structure back gets a high score. Label-free:
 * target rows contribute features and predicted labels only.
 *
 * <p>References: Bruzzone and Marconcini, "Domain adaptation problems: a DASVM classification
 * technique and a circular validation strategy", IEEE TPAMI 32(5), 2010; Ganin et al.,
 * "Domain-adversarial training of neural networks", JMLR 17, 2016 (section 5.1.2, where the reverse
 * model is a DANN; here it is logistic regression, which is cheaper and has no hyperparameters of
 * its own to tune).
 *
 * <p>With {@code reverseModel = forward} the reverse model is the model under validation itself,
 * fitted again with the domains swapped (the target rows, labelled by its predictions, are the
 * source), as in those papers. Logistic regression on the input features cannot read what an
 * adapted model read: on mnist->usps it scored MEDA 0.22 under 1-NN where MEDA was 25 points more
 * accurate. Refitting needs the estimator, so only a validator can score that way ({@link
 * #evaluateByRefitting}); {@link #evaluate} refuses.
 */
public final class ReverseValidationEvaluator
    extends SourceLabelledEvaluator<ReverseValidationEvaluator> {
  private static final long serialVersionUID = 1L;

  /** Values of {@code reverseModel}. */
  public static final String LOGISTIC_REGRESSION = "logistic-regression";

  public static final String FORWARD = "forward";

  private static final String TRUTH = "_spark_da_reverse_truth";

  private final Param<String> predictionCol;
  private final Param<String> reverseModel;

  public ReverseValidationEvaluator() {
    this(Identifiable.randomUID("reverseValidation"));
  }

  public ReverseValidationEvaluator(String uid) {
    super(uid);
    predictionCol =
        new Param<>(
            this,
            "predictionCol",
            "the model's predicted class index, the reverse classifier's labels on target rows",
            ParamChecks.notNull());
    reverseModel =
        new Param<>(
            this,
            "reverseModel",
            "the reverse classifier: 'logistic-regression' on featuresCol, or 'forward', the "
                + "validated model fitted again with the domains swapped (a validator's scoring)",
            ParamChecks.oneOf(LOGISTIC_REGRESSION, FORWARD));
    setDefault(predictionCol, "prediction");
    setDefault(reverseModel, LOGISTIC_REGRESSION);
  }

  public Param<String> reverseModel() {
    return reverseModel;
  }

  public String getReverseModel() {
    return $(reverseModel);
  }

  public ReverseValidationEvaluator setReverseModel(String value) {
    return self(set(reverseModel, value));
  }

  /** Whether the score needs the validated estimator ({@link #evaluateByRefitting}). */
  public boolean refitsTheForwardModel() {
    return getReverseModel().equals(FORWARD);
  }

  public Param<String> predictionCol() {
    return predictionCol;
  }

  public String getPredictionCol() {
    return $(predictionCol);
  }

  public ReverseValidationEvaluator setPredictionCol(String value) {
    return self(set(predictionCol, value));
  }

  @Override
  protected void checkSchema(StructType schema) {
    super.checkSchema(schema);
    if (!Arrays.asList(schema.fieldNames()).contains(getPredictionCol())) {
      throw new IllegalArgumentException(
          "column '" + getPredictionCol() + "' not found: set predictionCol to the model's output");
    }
  }

  @Override
  public double evaluate(Dataset<?> dataset) {
    if (refitsTheForwardModel()) {
      throw new IllegalStateException(
          "reverseModel = forward fits the validated estimator again: score through a validator "
              + "(DomainAdaptationValidator or the job's tune), or use logistic-regression");
    }
    checkSchema(dataset.schema());
    String label = "_spark_da_reverse_label";
    Dataset<Row> target =
        targetRows(dataset)
            .select(
                col(getFeaturesCol()),
                col(getPredictionCol()).cast(DataTypes.DoubleType).as(label));
    Dataset<Row> source =
        sourceRows(dataset)
            .filter(col(getLabelCol()).isNotNull())
            .select(col(getFeaturesCol()), col(getLabelCol()).cast(DataTypes.DoubleType).as(label));
    if (target.isEmpty() || source.isEmpty()) {
      throw new IllegalArgumentException(
          "reverse validation needs target rows and labelled source rows (columns '"
              + getDomainCol()
              + "', '"
              + getLabelCol()
              + "')");
    }
    LogisticRegressionModel reverse =
        new LogisticRegression()
            .setFeaturesCol(getFeaturesCol())
            .setLabelCol(label)
            .setRegParam(getRegParam())
            .setMaxIter(100)
            .setPredictionCol("_spark_da_reverse_prediction")
            .setProbabilityCol("_spark_da_reverse_probability")
            .setRawPredictionCol("_spark_da_reverse_raw")
            .fit(target);
    return Accuracy.of(reverse.transform(source), "_spark_da_reverse_prediction", label);
  }

  /**
   * Reverse validation with the validated model as the reverse model: {@code estimator} with {@code
   * params} is fitted on {@code predicted}'s input columns with the domains swapped (target rows
   * become labelled source rows, labelled by {@code predictionCol}; source rows become unlabelled
   * target rows), and scored by its accuracy on those source rows' own labels. When the predictions
   * hold one class only, the reverse model is that constant.
   *
   * @param predicted the forward model's output on the validation rows (source rows labelled)
   * @param inputColumns the columns the estimator was fitted on
   */
  public double evaluateByRefitting(
      Estimator<?> estimator, ParamMap params, Dataset<Row> predicted, String[] inputColumns) {
    checkSchema(predicted.schema());
    String label = getLabelCol();
    String domain = getDomainCol();
    Column[] columns = new Column[inputColumns.length + 1];
    for (int i = 0; i < inputColumns.length; i++) {
      String name = inputColumns[i];
      Column value = col(name);
      if (name.equals(label)) {
        value =
            when(col(domain).equalTo(DomainColumns.TARGET), col(getPredictionCol()))
                .cast(DataTypes.DoubleType);
      } else if (name.equals(domain)) {
        value = lit(1.0).minus(col(domain).cast(DataTypes.DoubleType));
      }
      columns[i] = value.as(name);
    }
    columns[inputColumns.length] =
        when(col(domain).equalTo(DomainColumns.SOURCE), col(label))
            .cast(DataTypes.DoubleType)
            .as(TRUTH);
    Dataset<Row> reversed = predicted.select(columns).cache();
    try {
      Dataset<Row> scored = reversed.filter(col(TRUTH).isNotNull());
      List<Row> classes =
          reversed
              .filter(col(label).isNotNull())
              .select(col(label))
              .distinct()
              .limit(2)
              .collectAsList();
      if (classes.size() < 2) {
        double only = classes.isEmpty() ? Double.NaN : classes.get(0).getDouble(0);
        return Accuracy.of(
            scored.withColumn("_spark_da_constant", lit(only)), "_spark_da_constant", TRUTH);
      }
      Model<?> reverse = (Model<?>) estimator.fit(reversed, params);
      Dataset<Row> out = reverse.transform(scored, params);
      return Accuracy.of(out, getPredictionCol(), TRUTH);
    } finally {
      reversed.unpersist();
    }
  }

  @Override
  public boolean isLargerBetter() {
    return true;
  }

  public static MLReader<ReverseValidationEvaluator> read() {
    return SavedFormat.paramsReader(
        ReverseValidationEvaluator.class, ReverseValidationEvaluator::new);
  }

  public static ReverseValidationEvaluator load(String path) {
    return read().load(path);
  }
}
