package io.sparkda.jobs;

/** Columns the job adds to the data; the {@code _spark_da_} prefix keeps them off users' names. */
final class JobColumns {
  static final String DOMAIN = "_spark_da_domain";

  /** Known target labels, for evaluation only (never trained on). */
  static final String EVAL_LABEL = "_spark_da_eval_label";

  static final String FEATURES = "_spark_da_features";

  /** The features after {@code features.scaling}, what the method reads. */
  static final String SCALED_FEATURES = "_spark_da_scaled_features";

  /** A tuning candidate's own scaling of the features, when it differs from the job's. */
  static final String CANDIDATE_SCALED_FEATURES = "_spark_da_candidate_scaled_features";

  /** The features a shallow method (CORAL, subspace alignment, TCA, JDA, linear OT) mapped. */
  static final String MAPPED_FEATURES = "_spark_da_mapped_features";

  /** Importance weights of the reweighting method. */
  static final String WEIGHT = "_spark_da_weight";

  static final String EMBEDDING = "_spark_da_embedding";
  static final String PREDICTION = "prediction";
  static final String PROBABILITY = "probability";

  private JobColumns() {}
}
