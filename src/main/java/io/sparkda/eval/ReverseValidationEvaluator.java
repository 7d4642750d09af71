package io.sparkda.eval;

import static org.apache.spark.sql.functions.col;

import io.sparkda.internal.params.ParamChecks;
import io.sparkda.internal.persistence.SavedFormat;
import java.util.Arrays;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.classification.LogisticRegressionModel;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;
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
 */
public final class ReverseValidationEvaluator
    extends SourceLabelledEvaluator<ReverseValidationEvaluator> {
  private static final long serialVersionUID = 1L;

  private final Param<String> predictionCol;

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
    setDefault(predictionCol, "prediction");
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
