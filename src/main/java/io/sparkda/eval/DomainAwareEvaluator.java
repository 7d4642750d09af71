package io.sparkda.eval;

import static org.apache.spark.sql.functions.col;

import io.sparkda.data.DomainColumns;
import io.sparkda.internal.params.ParamChecks;
import io.sparkda.internal.persistence.SavedFormat;
import org.apache.spark.ml.evaluation.Evaluator;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;

/**
 * An {@link Evaluator} for domain adaptation that needs no target labels. It reads a fitted model's
 * output on rows of both domains, told apart by {@code domainCol} (0 source, 1 target), and never a
 * target row's label: {@link #usesTargetLabels()} says so, and a choice made with it (in {@code
 * DomainAdaptationValidator}, or in the job's {@code tune} block) is a choice a user without target
 * labels can make.
 *
 * @param <E> the evaluator's own type, which its setters return
 */
public abstract class DomainAwareEvaluator<E extends DomainAwareEvaluator<E>> extends Evaluator
    implements MLWritable {
  private static final long serialVersionUID = 1L;

  private final String uid;
  private final Param<String> domainCol;
  private final Param<String> probabilityCol;

  protected DomainAwareEvaluator(String uid) {
    this.uid = uid;
    domainCol =
        new Param<>(
            this,
            "domainCol",
            "domain column: 0 = source row, 1 = target row",
            ParamChecks.notNull());
    probabilityCol =
        new Param<>(
            this,
            "probabilityCol",
            "class probabilities the model wrote (Vector)",
            ParamChecks.notNull());
    setDefault(domainCol, "domain");
    setDefault(probabilityCol, "probability");
  }

  @Override
  public String uid() {
    return uid;
  }

  public Param<String> domainCol() {
    return domainCol;
  }

  public Param<String> probabilityCol() {
    return probabilityCol;
  }

  public String getDomainCol() {
    return $(domainCol);
  }

  public String getProbabilityCol() {
    return $(probabilityCol);
  }

  public E setDomainCol(String value) {
    return self(set(domainCol, value));
  }

  public E setProbabilityCol(String value) {
    return self(set(probabilityCol, value));
  }

  /** Always false: no evaluator of this kind reads a target row's label. */
  public final boolean usesTargetLabels() {
    return false;
  }

  /** Checks the columns this evaluator reads; the message names the column and the fix. */
  protected void checkSchema(StructType schema) {
    DomainColumns.requireDomain(schema, getDomainCol());
    DomainColumns.requireVector(schema, getProbabilityCol(), "probabilityCol");
  }

  protected final Dataset<Row> targetRows(Dataset<?> dataset) {
    return dataset.toDF().filter(col(getDomainCol()).equalTo(DomainColumns.TARGET));
  }

  protected final Dataset<Row> sourceRows(Dataset<?> dataset) {
    return dataset.toDF().filter(col(getDomainCol()).equalTo(DomainColumns.SOURCE));
  }

  @SuppressWarnings("unchecked")
  protected final E self(Object evaluator) {
    return (E) evaluator;
  }

  @Override
  public Evaluator copy(ParamMap extra) {
    return defaultCopy(extra);
  }

  @Override
  public MLWriter write() {
    return new SavedFormat.Writer<>(this);
  }
}
