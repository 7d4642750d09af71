package io.sparkda.jobs;

import io.sparkda.ml.CoralAlignment;
import io.sparkda.ml.DannClassifier;
import io.sparkda.ml.DomainMapEstimator;
import io.sparkda.ml.SelfTrainingClassifier;
import io.sparkda.ml.jda.JointDistributionAdaptation;
import io.sparkda.ml.meda.ManifoldEmbeddedDistributionAlignment;
import io.sparkda.ml.neighbors.NearestNeighborClassifier;
import io.sparkda.ml.reweighting.DomainReweighting;
import io.sparkda.ml.scaling.DomainStandardScaler;
import io.sparkda.ml.subspace.SubspaceAlignment;
import io.sparkda.ml.tca.TransferComponentAnalysis;
import io.sparkda.ml.transport.LinearOptimalTransport;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.classification.GBTClassifier;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.classification.ProbabilisticClassifier;
import org.apache.spark.ml.classification.RandomForestClassifier;
import org.apache.spark.ml.feature.Normalizer;
import org.apache.spark.ml.feature.StandardScaler;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.ml.param.Params;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The job's {@code method} as Pipeline stages after the feature assembly. Neural methods are one
 * network with different alignments; shallow methods (CORAL, subspace alignment, TCA, JDA, linear
 * OT, reweighting) are one stage followed by the classifier of {@code shallow.classifier}; MEDA is
 * a classifier over both domains on its own (its baseline is 1-NN, its first pseudo-labels); the
 * classifiers alone ({@code logistic-regression}, {@code random-forest}, {@code gbt}, {@code
 * nearest-neighbor}) are their baselines; {@code self-training} wraps the classifier of its {@code
 * selfTraining.base} method. Spark's classifiers sit inside a SelfTrainingClassifier even without
 * rounds ({@code maxIter = 0}), because that is what trains on the labelled rows only.
 */
final class MethodPipelines {
  private static final Logger LOG = LoggerFactory.getLogger(MethodPipelines.class);
  static final String SELF_TRAINING = "self-training";
  static final String CORAL = "coral";
  static final String REWEIGHTING = "reweighting";
  static final String LOGISTIC_REGRESSION = "logistic-regression";
  static final String SOURCE_ONLY = "source-only";
  static final String MEDA = "meda";

  /**
   * The value of {@code shallow.classifier} and {@code features.scaling} that means "the method's
   * own".
   */
  static final String AUTO = "auto";

  /** Values of {@code features.scaling}. */
  static final List<String> SCALINGS = List.of(AUTO, "none", "standard", "domain-standard", "l2");

  /**
   * Methods whose papers' protocol is 1-NN on rows scaled to unit length (TCA and JDA, Long et al.
   * 2013; 1-NN is their baseline): with {@code auto}, their classifier and their scaling. It
   * reproduces the published 1-NN and JDA on the digits and COIL-20 (bench/results/log-2026-12.md).
   */
  private static final List<String> NEAREST_NEIGHBOR_PROTOCOL =
      List.of("tca", "jda", MEDA, "nearest-neighbor");

  /** Neural methods and the value of DannClassifier's {@code alignment} Param each sets. */
  private static final Map<String, String> NEURAL =
      Map.of(
          "dann",
          "adversarial",
          "mmd",
          "mmd",
          "deep-coral",
          "coral",
          "mcc",
          "mcc",
          SOURCE_ONLY,
          "none");

  /** Spark classifiers a shallow method can end with, and the config section of each. */
  private static final Map<String, String> CLASSIFIERS =
      Map.of(
          LOGISTIC_REGRESSION,
          "logisticRegression",
          "random-forest",
          "randomForest",
          "gbt",
          "gbt",
          "nearest-neighbor",
          "nearestNeighbor");

  /** Shallow feature maps and the config section of each (reweighting is shallow too). */
  private static final Map<String, String> MAPS =
      Map.of(
          CORAL,
          "coral",
          "subspace-alignment",
          "subspaceAlignment",
          "tca",
          "tca",
          "jda",
          "jda",
          "linear-ot",
          "linearOt");

  static final List<String> BASES =
      List.of(
          "dann",
          "mmd",
          "deep-coral",
          "mcc",
          SOURCE_ONLY,
          CORAL,
          "subspace-alignment",
          "tca",
          "jda",
          "linear-ot",
          REWEIGHTING,
          MEDA,
          LOGISTIC_REGRESSION,
          "random-forest",
          "gbt",
          "nearest-neighbor");

  /** Config sections whose keys set the Params of one stage, and that stage. */
  private static final Map<String, Supplier<Params>> SECTION_STAGES =
      Map.ofEntries(
          Map.entry("model", DannClassifier::new),
          Map.entry("logisticRegression", LogisticRegression::new),
          Map.entry("randomForest", RandomForestClassifier::new),
          Map.entry("gbt", GBTClassifier::new),
          Map.entry("nearestNeighbor", NearestNeighborClassifier::new),
          Map.entry("coral", CoralAlignment::new),
          Map.entry("subspaceAlignment", SubspaceAlignment::new),
          Map.entry("tca", TransferComponentAnalysis::new),
          Map.entry("jda", JointDistributionAdaptation::new),
          Map.entry("linearOt", LinearOptimalTransport::new),
          Map.entry("reweighting", DomainReweighting::new),
          Map.entry("meda", ManifoldEmbeddedDistributionAlignment::new),
          Map.entry("selfTraining", SelfTrainingClassifier::new));

  private MethodPipelines() {}

  /** The doc of the Param a config key sets ({@code model.batchSize}), if it sets one. */
  static Optional<String> paramDoc(String path) {
    int dot = path.indexOf('.');
    Supplier<Params> stage = dot < 0 ? null : SECTION_STAGES.get(path.substring(0, dot));
    if (stage == null) {
      return Optional.empty();
    }
    Params params = stage.get();
    String name = path.substring(dot + 1);
    return params.hasParam(name) ? Optional.of(params.getParam(name).doc()) : Optional.empty();
  }

  static void check(JobConfig config) {
    String method = config.string("method");
    List<String> methods = new ArrayList<>(BASES);
    methods.add(SELF_TRAINING);
    if (!methods.contains(method)) {
      throw new JobConfigException(
          "method '" + method + "' is not supported: use one of " + String.join(", ", methods));
    }
    for (String key : List.of("shallow.classifier", "reweighting.base")) {
      String name = config.string(key);
      String open = key.equals("reweighting.base") ? "" : AUTO;
      if (!CLASSIFIERS.containsKey(name) && !name.equals(open)) {
        List<String> known = new ArrayList<>(CLASSIFIERS.keySet().stream().sorted().toList());
        known.add(0, open.isEmpty() ? "\"\"" : open);
        throw new JobConfigException(
            key + " '" + name + "' is not supported: use one of " + String.join(", ", known));
      }
    }
    if (method.equals(SELF_TRAINING) && !BASES.contains(config.string("selfTraining.base"))) {
      throw new JobConfigException(
          "selfTraining.base '"
              + config.string("selfTraining.base")
              + "' is not supported: use one of "
              + String.join(", ", BASES));
    }
    if (method.equals(SELF_TRAINING) && config.string("selfTraining.base").equals(MEDA)) {
      throw new JobConfigException(
          "selfTraining.base 'meda' is not supported: MEDA pseudo-labels the target itself "
              + "(meda.maxIter rounds); use method = meda");
    }
    scaling(config);
    warnings(config).forEach(LOG::warn);
    if (base(method, config).equals(REWEIGHTING)
        && classifierName(REWEIGHTING, config).equals("nearest-neighbor")) {
      throw new JobConfigException(
          "reweighting needs a classifier that reads weights, and nearest-neighbor does not: set "
              + "reweighting.base to logistic-regression, random-forest or gbt");
    }
    // Every Param value through its type and validator: building the stages reads no data.
    pipeline(method, config, config.string("source.labelCol"));
  }

  /**
   * Configurations the benchmarks found harmful, as warnings the job logs: today CORAL before
   * unregularized logistic regression, which lost 5.7 points to LR alone on mnist->usps (docs/
   * benchmarks.md, "Shallow CORAL") while CORAL with regParam 0.1 gained on all four shared pairs.
   */
  static List<String> warnings(JobConfig config) {
    String base = base(config.string("method"), config);
    if (base.equals(CORAL)
        && classifierName(CORAL, config).equals(LOGISTIC_REGRESSION)
        && config.number("logisticRegression.regParam") == 0) {
      return List.of(
          "spark-da: method coral with logisticRegression.regParam = 0: CORAL before an "
              + "unregularized classifier lost up to 5.7 points of target accuracy to the "
              + "classifier alone in the shallow benchmark (bench/results/log-2026-12.md); set regParam > 0 "
              + "(default 0.1)");
    }
    return List.of();
  }

  /** Whether the method (or its self-training base) trains a network. */
  static boolean isNetwork(String method, JobConfig config) {
    return NEURAL.containsKey(base(method, config));
  }

  /** Fits of the base the method runs at most: one per self-training round, else one. */
  static int fitsOf(String method, JobConfig config) {
    return method.equals(SELF_TRAINING) ? config.integer("selfTraining.maxIter") + 1 : 1;
  }

  /** The method whose classifier does the work (the base, for self-training). */
  static String base(String method, JobConfig config) {
    return method.equals(SELF_TRAINING) ? config.string("selfTraining.base") : method;
  }

  /**
   * The baseline to compare with: the same learner without adaptation (the source-only network, or
   * the classifier a shallow method ends with, alone); null if the method is one.
   */
  static String baseline(String method, JobConfig config) {
    String base = base(method, config);
    String baseline =
        NEURAL.containsKey(base)
            ? SOURCE_ONLY
            : CLASSIFIERS.containsKey(base) ? base : classifierName(base, config);
    return baseline.equals(method) ? null : baseline;
  }

  /**
   * The classifier after a shallow method: reweighting.base, or shallow.classifier; {@code auto} is
   * 1-NN for the methods whose papers used it, logistic regression for the others.
   */
  private static String classifierName(String base, JobConfig config) {
    if (CLASSIFIERS.containsKey(base)) {
      return base;
    }
    if (base.equals(MEDA)) { // its own classifier; 1-NN gives its first pseudo-labels
      return "nearest-neighbor";
    }
    String reweightingBase = config.string("reweighting.base");
    if (base.equals(REWEIGHTING) && !reweightingBase.isEmpty()) {
      return reweightingBase;
    }
    String configured = config.string("shallow.classifier");
    if (!configured.equals(AUTO)) {
      return configured;
    }
    return NEAREST_NEIGHBOR_PROTOCOL.contains(base) ? "nearest-neighbor" : LOGISTIC_REGRESSION;
  }

  /**
   * Feature assembly (when columns are listed) followed by the method's stages, on the job's
   * columns ({@link JobColumns}); a Param value a validator refuses is reported by its config key.
   */
  static Pipeline pipeline(String method, JobConfig config, String labelCol) {
    List<PipelineStage> stages = featureStages(config);
    stages.addAll(methodStages(method, config, labelCol));
    return new Pipeline().setStages(stages.toArray(new PipelineStage[0]));
  }

  /**
   * What turns the input rows into the features the method reads: the assembly of {@code
   * source.features} (when listed), then the scaling of {@code features.scaling} (when not {@code
   * none}). Saved inside the job's model, so scoring new data repeats both.
   */
  static List<PipelineStage> featureStages(JobConfig config) {
    List<PipelineStage> stages = new ArrayList<>();
    featureAssembly(config).ifPresent(stages::add);
    scalingStage(scaling(config), assembledCol(config), JobColumns.SCALED_FEATURES)
        .ifPresent(stages::add);
    return stages;
  }

  private static Optional<PipelineStage> scalingStage(String scaling, String in, String out) {
    return Optional.ofNullable(
        switch (scaling) {
          case "standard" ->
              new StandardScaler()
                  .setInputCol(in)
                  .setOutputCol(out)
                  .setWithMean(true)
                  .setWithStd(true);
          case "domain-standard" ->
              new DomainStandardScaler()
                  .setFeaturesCol(in)
                  .setDomainCol(JobColumns.DOMAIN)
                  .setOutputCol(out);
          case "l2" -> new Normalizer().setP(2).setInputCol(in).setOutputCol(out);
          default -> null;
        });
  }

  /**
   * {@code features.scaling}, checked against the values the job knows; {@code auto} is l2 for the
   * methods of the 1-NN protocol (and for their baseline, which is fitted with the method's
   * config), none for the others.
   */
  static String scaling(JobConfig config) {
    String scaling = config.string("features.scaling");
    if (!SCALINGS.contains(scaling)) {
      throw new JobConfigException(
          "features.scaling '"
              + scaling
              + "' is not supported: use one of "
              + String.join(", ", SCALINGS));
    }
    if (!scaling.equals(AUTO)) {
      return scaling;
    }
    return NEAREST_NEIGHBOR_PROTOCOL.contains(base(config.string("method"), config))
        ? "l2"
        : "none";
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

  /** The columns the job's model reads from a row: the listed features, or their vector column. */
  static List<String> inputColumns(JobConfig config) {
    List<String> features = config.strings("source.features");
    return features.isEmpty() ? List.of(config.string("source.featuresCol")) : features;
  }

  /** The column the method reads: the scaled features, or {@link #assembledCol}. */
  static String featuresCol(JobConfig config) {
    return scaling(config).equals("none") ? assembledCol(config) : JobColumns.SCALED_FEATURES;
  }

  /** The assembled features, or the configured vector column. */
  private static String assembledCol(JobConfig config) {
    return config.strings("source.features").isEmpty()
        ? config.string("source.featuresCol")
        : JobColumns.FEATURES;
  }

  /** The method's stages after the feature assembly. */
  static List<PipelineStage> methodStages(String method, JobConfig config, String labelCol) {
    return build(
        method, config, featuresCol(config), labelCol, JobColumns.DOMAIN, JobColumns.EVAL_LABEL);
  }

  /**
   * A tuning candidate's stages behind {@code shared}'s feature stages: its method's, preceded by
   * its own scaling of the assembled features when that differs from the shared one (a grid over
   * methods mixes 1-NN methods, which scale rows to unit length, with the others).
   */
  static List<PipelineStage> candidateStages(
      JobConfig candidate, JobConfig shared, String labelCol) {
    String method = candidate.string("method");
    String scaling = scaling(candidate);
    if (scaling.equals(scaling(shared))) {
      return methodStages(method, candidate, labelCol);
    }
    List<PipelineStage> stages = new ArrayList<>();
    String features = assembledCol(candidate);
    Optional<PipelineStage> own =
        scalingStage(scaling, features, JobColumns.CANDIDATE_SCALED_FEATURES);
    if (own.isPresent()) {
      stages.add(own.get());
      features = JobColumns.CANDIDATE_SCALED_FEATURES;
    }
    stages.addAll(
        build(method, candidate, features, labelCol, JobColumns.DOMAIN, JobColumns.EVAL_LABEL));
    return stages;
  }

  /** The config sections that set the Params of the method's stages (for error messages). */
  static List<String> sections(String method, JobConfig config) {
    String base = base(method, config);
    List<String> sections = new ArrayList<>();
    if (NEURAL.containsKey(base)) {
      sections.add("model");
    } else if (base.equals(MEDA)) {
      sections.add(MEDA);
    } else {
      if (MAPS.containsKey(base)) {
        sections.add(MAPS.get(base));
      } else if (base.equals(REWEIGHTING)) {
        sections.add("reweighting");
      }
      sections.add(CLASSIFIERS.get(classifierName(base, config)));
    }
    if (method.equals(SELF_TRAINING)) {
      sections.add("selfTraining");
    }
    return sections;
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
    } else if (base.equals(MEDA)) {
      classifier =
          ConfigParams.set(
              new ManifoldEmbeddedDistributionAlignment()
                  .setFeaturesCol(featuresCol)
                  .setLabelCol(labelCol)
                  .setDomainCol(domainCol),
              config,
              MEDA);
    } else {
      String classifierFeatures = featuresCol;
      String weightCol = null;
      if (MAPS.containsKey(base)) {
        stages.add(featureMap(base, config, featuresCol, labelCol, domainCol));
        classifierFeatures = JobColumns.MAPPED_FEATURES;
      } else if (base.equals(REWEIGHTING)) {
        stages.add(
            ConfigParams.set(
                new DomainReweighting()
                    .setFeaturesCol(featuresCol)
                    .setDomainCol(domainCol)
                    .setWeightCol(JobColumns.WEIGHT)
                    .setClassifier(
                        ConfigParams.set(
                            new LogisticRegression(),
                            "regParam",
                            config,
                            "reweighting.domainRegParam")),
                config,
                "reweighting",
                "base",
                "domainRegParam"));
        weightCol = JobColumns.WEIGHT;
      }
      classifier =
          classifier(
              classifierName(base, config), base, config, classifierFeatures, labelCol, weightCol);
    }
    boolean selfTraining = method.equals(SELF_TRAINING);
    if (selfTraining || !(NEURAL.containsKey(base) || base.equals(MEDA))) {
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

  /** The feature map of a shallow method, its Params from the method's config section. */
  private static PipelineStage featureMap(
      String base, JobConfig config, String featuresCol, String labelCol, String domainCol) {
    DomainMapEstimator<?, ?> map =
        switch (base) {
          case CORAL -> new CoralAlignment();
          case "subspace-alignment" -> new SubspaceAlignment();
          case "tca" -> new TransferComponentAnalysis();
          case "linear-ot" -> new LinearOptimalTransport();
          default ->
              // JDA pseudo-labels the target with the classifier that follows it.
              new JointDistributionAdaptation()
                  .setLabelCol(labelCol)
                  .setClassifier(
                      classifier(classifierName(base, config), base, config, null, null, null));
        };
    map.setFeaturesCol(featuresCol)
        .setDomainCol(domainCol)
        .setOutputCol(JobColumns.MAPPED_FEATURES);
    return ConfigParams.set(map, config, MAPS.get(base));
  }

  /**
   * A Spark classifier by its method name, with the Params of its config section, after the method
   * {@code base}; columns left at Spark's defaults when null (JDA sets its own).
   */
  private static ProbabilisticClassifier<?, ?, ?> classifier(
      String name,
      String base,
      JobConfig config,
      String featuresCol,
      String labelCol,
      String weightCol) {
    ProbabilisticClassifier<?, ?, ?> classifier =
        switch (name) {
          case "random-forest" -> new RandomForestClassifier();
          case "gbt" -> new GBTClassifier();
          case "nearest-neighbor" -> new NearestNeighborClassifier();
          default -> new LogisticRegression();
        };
    if (featuresCol != null) {
      classifier.set(classifier.featuresCol(), featuresCol);
      classifier.set(classifier.labelCol(), labelCol);
    }
    if (weightCol != null) {
      classifier.set(classifier.getParam("weightCol"), weightCol);
    }
    if (classifier instanceof NearestNeighborClassifier neighbors
        && config.string("nearestNeighbor.metric").equals(AUTO)) {
      // The TCA and JDA papers' 1-NN scales the mapped rows to unit length: cosine. On rows
      // already of unit length (their baseline) it orders neighbours as Euclidean does.
      neighbors.setMetric(NEAREST_NEIGHBOR_PROTOCOL.contains(base) ? "cosine" : "euclidean");
      return ConfigParams.set(classifier, config, CLASSIFIERS.get(name), "metric");
    }
    return ConfigParams.set(classifier, config, CLASSIFIERS.get(name));
  }

  private static DannClassifier network(
      JobConfig config, String alignment, String featuresCol, String labelCol, String domainCol) {
    DannClassifier network =
        new DannClassifier()
            .setFeaturesCol(featuresCol)
            .setLabelCol(labelCol)
            .setDomainCol(domainCol)
            .setAlignment(alignment);
    // Either extractor replaces the MLP of hiddenLayers, which the reference config always sets.
    // model.checkpointDir is the job's root for all its fits (JobCheckpoints).
    return config.string("model.featureExtractor").isEmpty()
            && config.string("model.featureExtractorPath").isEmpty()
        ? ConfigParams.set(network, config, "model", "checkpointDir")
        : ConfigParams.set(network, config, "model", "hiddenLayers", "checkpointDir");
  }
}
