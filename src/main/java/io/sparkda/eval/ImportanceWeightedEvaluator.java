package io.sparkda.eval;

import io.sparkda.internal.eval.WeightedSourceRisk;
import io.sparkda.internal.persistence.SavedFormat;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;

/**
 * Importance-weighted validation (IWV): the model's cross-entropy on labelled source rows, each
 * weighted by the density ratio {@code p_target(x) / p_source(x)}; smaller is better. The ratio
 * comes from a logistic-regression domain classifier on {@code featuresCol}, fitted on one random
 * half of the rows and applied to the other (and the other way round), with odds rescaled by the
 * domains' row counts. Label-free: target rows contribute only their features.
 *
 * <p>Reference: Sugiyama, Krauledat and Müller, "Covariate shift adaptation by importance weighted
 * cross validation", JMLR 8, 2007. {@link DeepEmbeddedEvaluator} adds a control variate that lowers
 * its variance.
 */
public final class ImportanceWeightedEvaluator
    extends WeightedRiskEvaluator<ImportanceWeightedEvaluator> {
  private static final long serialVersionUID = 1L;

  public ImportanceWeightedEvaluator() {
    this(Identifiable.randomUID("importanceWeighted"));
  }

  public ImportanceWeightedEvaluator(String uid) {
    super(uid);
  }

  @Override
  double value(WeightedSourceRisk risk) {
    return risk.importanceWeighted();
  }

  public static MLReader<ImportanceWeightedEvaluator> read() {
    return SavedFormat.paramsReader(
        ImportanceWeightedEvaluator.class, ImportanceWeightedEvaluator::new);
  }

  public static ImportanceWeightedEvaluator load(String path) {
    return read().load(path);
  }
}
