package io.sparkda.eval;

import static org.apache.spark.ml.functions.vector_to_array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.element_at;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.log;

import io.sparkda.data.DomainColumns;
import io.sparkda.internal.params.ParamChecks;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * A label-free evaluator that scores the model on labelled <em>source</em> rows (held out from
 * training by {@code DomainAdaptationValidator}), using the unlabelled target rows to correct for
 * the shift: importance weighting (IWV, DEV) or a reverse classifier. Target labels are never read,
 * even when the column holds some.
 *
 * @param <E> the evaluator's own type, which its setters return
 */
public abstract class SourceLabelledEvaluator<E extends SourceLabelledEvaluator<E>>
    extends DomainAwareEvaluator<E> {
  private static final long serialVersionUID = 1L;

  private final Param<String> labelCol;
  private final Param<String> featuresCol;
  private final DoubleParam regParam;
  private final LongParam seed;

  protected SourceLabelledEvaluator(String uid) {
    super(uid);
    labelCol =
        new Param<>(
            this,
            "labelCol",
            "class index on source rows (read on source rows only)",
            ParamChecks.notNull());
    featuresCol =
        new Param<>(
            this,
            "featuresCol",
            "Vector the helper classifier reads: the input features, or a network's embedding",
            ParamChecks.notNull());
    regParam =
        new DoubleParam(
            this,
            "regParam",
            "L2 strength of the helper logistic regression (domain or reverse classifier) (>= 0)",
            ParamChecks.doubleAtLeast(0));
    seed = new LongParam(this, "seed", "seed of the random halves the helper trains on");
    setDefault(labelCol, "label");
    setDefault(featuresCol, "features");
    setDefault(regParam, 0.01);
    setDefault(seed, 7L);
  }

  public Param<String> labelCol() {
    return labelCol;
  }

  public Param<String> featuresCol() {
    return featuresCol;
  }

  public DoubleParam regParam() {
    return regParam;
  }

  public LongParam seed() {
    return seed;
  }

  public String getLabelCol() {
    return $(labelCol);
  }

  public String getFeaturesCol() {
    return $(featuresCol);
  }

  public double getRegParam() {
    return (Double) $(regParam);
  }

  public long getSeed() {
    return (Long) $(seed);
  }

  public E setLabelCol(String value) {
    return self(set(labelCol, value));
  }

  public E setFeaturesCol(String value) {
    return self(set(featuresCol, value));
  }

  public E setRegParam(double value) {
    return self(set(regParam, value));
  }

  public E setSeed(long value) {
    return self(set(seed, value));
  }

  @Override
  protected void checkSchema(StructType schema) {
    super.checkSchema(schema);
    DomainColumns.requireLabel(schema, getLabelCol());
    DomainColumns.requireVector(schema, getFeaturesCol(), "featuresCol");
  }

  /** Cross-entropy of the model's probability for the row's label, {@code -ln p_y} (floored). */
  protected final Column crossEntropy() {
    Column probabilityOfLabel =
        element_at(
            vector_to_array(col(getProbabilityCol()), "float64"),
            col(getLabelCol()).cast(DataTypes.IntegerType).plus(1));
    return log(greatest(probabilityOfLabel, lit(1e-12))).multiply(-1);
  }
}
