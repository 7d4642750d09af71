package io.sparkda.eval;

import static org.apache.spark.ml.functions.vector_to_array;
import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;

import io.sparkda.internal.persistence.SavedFormat;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Mean entropy of the predicted class distribution on target rows, {@code -sum_k p_k ln p_k} in
 * nats; smaller is better (confident target predictions). Label-free: only target probabilities are
 * read.
 *
 * <p>Reference: Morerio, Cavazza and Murino, "Minimal-entropy correlation alignment for
 * unsupervised deep domain adaptation", ICLR 2018. It rewards confidence, so a model that is
 * confidently wrong also scores well; it is best used among candidates of one method.
 */
public final class PredictionEntropyEvaluator
    extends DomainAwareEvaluator<PredictionEntropyEvaluator> {
  private static final long serialVersionUID = 1L;

  public PredictionEntropyEvaluator() {
    this(Identifiable.randomUID("predictionEntropy"));
  }

  public PredictionEntropyEvaluator(String uid) {
    super(uid);
  }

  @Override
  public double evaluate(Dataset<?> dataset) {
    checkSchema(dataset.schema());
    Row mean =
        targetRows(dataset)
            .select(vector_to_array(col(getProbabilityCol()), "float64").as("p"))
            .select(expr("aggregate(p, 0D, (h, q) -> h - IF(q > 0, q * ln(q), 0D))").as("entropy"))
            .agg(avg("entropy"))
            .head();
    if (mean.isNullAt(0)) {
      throw new IllegalArgumentException(
          "no target rows (" + getDomainCol() + " = 1) to measure prediction entropy on");
    }
    return mean.getDouble(0);
  }

  @Override
  public boolean isLargerBetter() {
    return false;
  }

  public static MLReader<PredictionEntropyEvaluator> read() {
    return SavedFormat.paramsReader(
        PredictionEntropyEvaluator.class, PredictionEntropyEvaluator::new);
  }

  public static PredictionEntropyEvaluator load(String path) {
    return read().load(path);
  }
}
