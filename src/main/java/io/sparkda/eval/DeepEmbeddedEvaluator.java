package io.sparkda.eval;

import io.sparkda.internal.eval.WeightedSourceRisk;
import io.sparkda.internal.persistence.SavedFormat;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;

/**
 * Deep embedded validation (DEV): importance-weighted source cross-entropy (as {@link
 * ImportanceWeightedEvaluator}) with a control variate, {@code mean(wL) + eta (mean(w) - 1)} where
 * {@code eta = -Cov(wL, w) / Var(w)}, which removes most of the variance the weights add; smaller
 * is better. The paper fits the domain classifier on the network's embedding: set {@code
 * featuresCol} to the model's {@code embeddingCol} output to do the same. Label-free.
 *
 * <p>Reference: You, Wang, Long and Jordan, "Towards accurate model selection in deep unsupervised
 * domain adaptation", ICML 2019.
 */
public final class DeepEmbeddedEvaluator extends WeightedRiskEvaluator<DeepEmbeddedEvaluator> {
  private static final long serialVersionUID = 1L;

  public DeepEmbeddedEvaluator() {
    this(Identifiable.randomUID("deepEmbedded"));
  }

  public DeepEmbeddedEvaluator(String uid) {
    super(uid);
  }

  @Override
  double value(WeightedSourceRisk risk) {
    return risk.withControlVariate();
  }

  public static MLReader<DeepEmbeddedEvaluator> read() {
    return SavedFormat.paramsReader(DeepEmbeddedEvaluator.class, DeepEmbeddedEvaluator::new);
  }

  public static DeepEmbeddedEvaluator load(String path) {
    return read().load(path);
  }
}
