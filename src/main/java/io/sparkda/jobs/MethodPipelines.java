package io.sparkda.jobs;

import io.sparkda.ml.CoralAlignment;
import io.sparkda.ml.DannClassifier;
import io.sparkda.ml.SelfTrainingClassifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.classification.ProbabilisticClassifier;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.ml.param.Params;

/**
 * The job's {@code method} as Pipeline stages after the feature assembly. Neural methods are one
 * network with different alignments; {@code coral} is shallow CORAL then logistic regression;
 * {@code self-training} wraps the classifier of its {@code selfTraining.base} method. Logistic
 * regression sits inside a SelfTrainingClassifier even without rounds ({@code maxIter = 0}),
 * because that is what trains on the labelled rows only.
 */
final class MethodPipelines {
  static final String SELF_TRAINING = "self-training";
  static final String CORAL = "coral";
  static final String LOGISTIC_REGRESSION = "logistic-regression";
  static final String SOURCE_ONLY = "source-only";

  /** Neural methods and the value of DannClassifier's {@code alignment} Param each sets. */
  private static final Map<String, String> NEURAL =
      Map.of("dann", "adversarial", "mmd", "mmd", "deep-coral", "coral", SOURCE_ONLY, "none");

  static final List<String> BASES =
      List.of("dann", "mmd", "deep-coral", SOURCE_ONLY, CORAL, LOGISTIC_REGRESSION);

  private static final Pattern INVALID_PARAM =
      Pattern.compile("^(\\w+)_\\w+ parameter (\\w+) given invalid value (.*?)\\.?$");

  /** Stage uid prefix to the config section that holds its Params. */
  private static final Map<String, String> SECTIONS =
      Map.of(
          "dannClassifier",
          "model",
          "logreg",
          "logisticRegression",
          "coralAlignment",
          "coral",
          "selfTraining",
          "selfTraining");

  private MethodPipelines() {}

  static void check(JobConfig config) {
    String method = config.string("method");
    List<String> methods = new ArrayList<>(BASES);
    methods.add(SELF_TRAINING);
    if (!methods.contains(method)) {
      throw new JobConfigException(
          "method '" + method + "' is not supported: use one of " + String.join(", ", methods));
    }
    if (method.equals(SELF_TRAINING) && !BASES.contains(config.string("selfTraining.base"))) {
      throw new JobConfigException(
          "selfTraining.base '"
              + config.string("selfTraining.base")
              + "' is not supported: use one of "
              + String.join(", ", BASES));
    }
  }

  /** The method whose classifier does the work (the base, for self-training). */
  static String base(String method, JobConfig config) {
    return method.equals(SELF_TRAINING) ? config.string("selfTraining.base") : method;
  }

  /** The baseline to compare with: the same learner without adaptation; null if it is one. */
  static String baseline(String method, JobConfig config) {
    String base = base(method, config);
    String baseline = NEURAL.containsKey(base) ? SOURCE_ONLY : LOGISTIC_REGRESSION;
    return baseline.equals(method) ? null : baseline;
  }

  /**
   * Feature assembly (when columns are listed) followed by the method's stages, on the job's
   * columns ({@link JobColumns}); a Param value a validator refuses is reported by its config key.
   */
  static Pipeline pipeline(String method, JobConfig config, String labelCol) {
    List<PipelineStage> stages = new ArrayList<>();
    featureAssembly(config).ifPresent(stages::add);
    stages.addAll(methodStages(method, config, labelCol));
    return new Pipeline().setStages(stages.toArray(new PipelineStage[0]));
  }

  /** The VectorAssembler of {@code source.features}, when columns are listed. */
  static Optional<VectorAssembler> featureAssembly(JobConfig config) {
    List<String> features = config.strings("source.features");
    List<String> targetFeatures = config.strings("target.features");
    if (!targetFeatures.isEmpty() && !targetFeatures.equals(features)) {
      throw new JobConfigException(
          "target.features "
              + targetFeatures
              + " differ from "
              + "source.features "
              + features
              + ": both domains need the same feature columns");
    }
    return features.isEmpty()
        ? Optional.empty()
        : Optional.of(
            new VectorAssembler()
                .setInputCols(features.toArray(new String[0]))
                .setOutputCol(JobColumns.FEATURES));
  }

  /** The column the method reads: the assembled features, or the configured vector column. */
  static String featuresCol(JobConfig config) {
    return config.strings("source.features").isEmpty()
        ? config.string("source.featuresCol")
        : JobColumns.FEATURES;
  }

  /** The method's stages after the feature assembly. */
  static List<PipelineStage> methodStages(String method, JobConfig config, String labelCol) {
    try {
      return build(
          method, config, featuresCol(config), labelCol, JobColumns.DOMAIN, JobColumns.EVAL_LABEL);
    } catch (IllegalArgumentException e) {
      throw invalidParam(e);
    }
  }

  private static List<PipelineStage> build(
      String method,
      JobConfig config,
      String featuresCol,
      String labelCol,
      String domainCol,
      String evaluationLabelCol) {
    String base = base(method, config);
    List<PipelineStage> stages = new ArrayList<>();
    ProbabilisticClassifier<?, ?, ?> classifier;
    if (NEURAL.containsKey(base)) {
      classifier = network(config, NEURAL.get(base), featuresCol, labelCol, domainCol);
    } else {
      String lrFeatures = featuresCol;
      if (base.equals(CORAL)) {
        stages.add(
            ConfigParams.set(
                new CoralAlignment()
                    .setFeaturesCol(featuresCol)
                    .setDomainCol(domainCol)
                    .setOutputCol(JobColumns.CORAL_FEATURES),
                config,
                "coral"));
        lrFeatures = JobColumns.CORAL_FEATURES;
      }
      classifier =
          ConfigParams.set(
              new LogisticRegression().setFeaturesCol(lrFeatures).setLabelCol(labelCol),
              config,
              "logisticRegression");
    }
    boolean selfTraining = method.equals(SELF_TRAINING);
    if (selfTraining || !NEURAL.containsKey(base)) {
      SelfTrainingClassifier wrapper =
          ConfigParams.set(
              new SelfTrainingClassifier()
                  .setClassifier(classifier)
                  .setDomainCol(domainCol)
                  .setEvaluationLabelCol(evaluationLabelCol),
              config,
              "selfTraining",
              "base");
      stages.add(selfTraining ? wrapper : wrapper.setMaxIter(0));
    } else {
      stages.add(classifier);
    }
    return stages;
  }

  /**
   * Spark's "dannClassifier_1a2b parameter batchSize given invalid value 0." as "model.batchSize =
   * 0 is not valid: " + the Param's doc, which states the valid range.
   */
  private static RuntimeException invalidParam(IllegalArgumentException e) {
    Matcher m = INVALID_PARAM.matcher(String.valueOf(e.getMessage()));
    if (!m.find() || !SECTIONS.containsKey(m.group(1))) {
      return e;
    }
    Params stage;
    switch (m.group(1)) {
      case "dannClassifier":
        stage = new DannClassifier();
        break;
      case "logreg":
        stage = new LogisticRegression();
        break;
      case "coralAlignment":
        stage = new CoralAlignment();
        break;
      default:
        stage = new SelfTrainingClassifier();
    }
    return new JobConfigException(
        SECTIONS.get(m.group(1))
            + "."
            + m.group(2)
            + " = "
            + m.group(3)
            + " is not valid: "
            + stage.getParam(m.group(2)).doc(),
        e);
  }

  private static DannClassifier network(
      JobConfig config, String alignment, String featuresCol, String labelCol, String domainCol) {
    DannClassifier network =
        new DannClassifier()
            .setFeaturesCol(featuresCol)
            .setLabelCol(labelCol)
            .setDomainCol(domainCol)
            .setAlignment(alignment);
    return ConfigParams.set(network, config, "model");
  }
}
