package io.sparkda.eval;

import io.sparkda.data.DomainColumns;
import io.sparkda.internal.params.ParamChecks;
import io.sparkda.internal.persistence.SavedFormat;
import java.util.Arrays;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.types.StructType;

/**
 * Accuracy on the held-out <em>source</em> rows: how well a model learned the source task, with no
 * view of the shift. It does not rank adapted models (the best source fit is often the worst
 * transfer); it chooses between learners that do not adapt, as the job's {@code method = auto}
 * chooses its source-only guard. Target rows, and their labels, are never read.
 */
public final class SourceAccuracyEvaluator extends DomainAwareEvaluator<SourceAccuracyEvaluator> {
  private static final long serialVersionUID = 1L;

  private final Param<String> labelCol;
  private final Param<String> predictionCol;

  public SourceAccuracyEvaluator() {
    this(Identifiable.randomUID("sourceAccuracy"));
  }

  public SourceAccuracyEvaluator(String uid) {
    super(uid);
    labelCol = new Param<>(this, "labelCol", "class index on source rows", ParamChecks.notNull());
    predictionCol =
        new Param<>(this, "predictionCol", "the model's predicted class", ParamChecks.notNull());
    setDefault(labelCol, "label");
    setDefault(predictionCol, "prediction");
  }

  public Param<String> labelCol() {
    return labelCol;
  }

  public Param<String> predictionCol() {
    return predictionCol;
  }

  public String getLabelCol() {
    return $(labelCol);
  }

  public String getPredictionCol() {
    return $(predictionCol);
  }

  public SourceAccuracyEvaluator setLabelCol(String value) {
    return self(set(labelCol, value));
  }

  public SourceAccuracyEvaluator setPredictionCol(String value) {
    return self(set(predictionCol, value));
  }

  @Override
  protected void checkSchema(StructType schema) {
    DomainColumns.requireDomain(schema, getDomainCol());
    DomainColumns.requireLabel(schema, getLabelCol());
    if (!Arrays.asList(schema.fieldNames()).contains(getPredictionCol())) {
      throw new IllegalArgumentException(
          "column '"
              + getPredictionCol()
              + "' not found: set predictionCol to the column of the model's predicted class");
    }
  }

  @Override
  public double evaluate(Dataset<?> dataset) {
    checkSchema(dataset.schema());
    double accuracy = Accuracy.of(sourceRows(dataset), getPredictionCol(), getLabelCol());
    if (Double.isNaN(accuracy)) {
      throw new IllegalArgumentException(
          "no labelled source rows (" + getDomainCol() + " = 0) to measure accuracy on");
    }
    return accuracy;
  }

  @Override
  public boolean isLargerBetter() {
    return true;
  }

  public static MLReader<SourceAccuracyEvaluator> read() {
    return SavedFormat.paramsReader(SourceAccuracyEvaluator.class, SourceAccuracyEvaluator::new);
  }

  public static SourceAccuracyEvaluator load(String path) {
    return read().load(path);
  }
}
