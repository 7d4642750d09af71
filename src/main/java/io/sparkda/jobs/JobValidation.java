package io.sparkda.jobs;

import java.util.List;
import org.apache.spark.sql.SparkSession;

/**
 * {@code --validate}: every check the job makes before it fits, and nothing after. The method and
 * its Params (each value through its validator), the tuning grid, the inputs' columns, and that
 * {@code output.dir} can be locked and written (a probe file in a staging directory, removed again:
 * the output is left as it was). Data is not scanned; what only a pass over the rows shows (empty
 * target, missing feature cells, a feature width that does not fit {@code model.inputShape}) is
 * found when the job runs.
 */
final class JobValidation {
  private JobValidation() {}

  /**
   * The checks of the config alone, which the job also runs first: method and classifiers, tuning
   * grid, quality gates. Returns the gates of {@code evaluate.failIf}.
   */
  static List<String> checkConfig(JobConfig config) {
    DomainInput.of(config, "source");
    DomainInput.of(config, "target");
    MalformedRows.policy(config, "source");
    MalformedRows.policy(config, "target");
    OutputTables.check(config);
    if (AutoMethod.requested(config)) {
      AutoMethod.check(config);
    } else {
      MethodPipelines.check(config);
    }
    if (JobTuning.requested(config)) {
      JobTuning.check(config);
    }
    return QualityGates.check(config);
  }

  /** What the job will fit: the method, or the search and its candidates. */
  static String plan(JobConfig config) {
    String method = config.string("method");
    if (AutoMethod.requested(config)) {
      return "method auto: a source-only guard picked from "
          + AutoMethod.GUARDS.keySet()
          + " on held-out source rows, then its adapted partner ("
          + String.join(", ", AutoMethod.GUARDS.values())
          + ") kept unless "
          + config.string("tune.evaluator")
          + " finds it worse";
    }
    if (JobTuning.requested(config)) {
      return "method " + method + ", " + JobTuning.plan(config);
    }
    if (method.equals(MethodPipelines.SELF_TRAINING)) {
      return "method self-training around " + config.string("selfTraining.base");
    }
    return "method " + method;
  }

  /**
   * The checks that need Spark, after {@link #checkConfig} (which {@code JobRunner} runs before the
   * session starts). Throws {@link JobConfigException} naming the key and the fix; returns a
   * one-line summary.
   */
  static String run(SparkSession spark, JobConfig config) {
    JobInputs.Checked inputs = JobInputs.check(spark, config);
    OutputTables tables = OutputTables.check(config);
    tables.checkPredictionsTable(spark, tables.predictionColumns(inputs.keepColumns()));
    try (OutputDirectory output = OutputDirectory.prepare(config, spark)) {
      // Prepared (locked, staging written) and aborted again by close().
    }
    return String.format(
        "config %s is valid: %s; source %d columns, target %d columns%s; output.dir %s is"
            + " writable",
        config.file(),
        plan(config),
        InputChecks.userColumns(inputs.source()).size(),
        InputChecks.userColumns(inputs.target()).size(),
        inputs.targetLabelCol().isEmpty()
            ? " (no target labels)"
            : " (target labels in " + inputs.targetLabelCol() + ")",
        config.string("output.dir"));
  }
}
