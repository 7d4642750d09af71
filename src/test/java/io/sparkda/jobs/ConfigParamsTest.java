package io.sparkda.jobs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkda.ml.DannClassifier;
import io.sparkda.ml.SelfTrainingClassifier;
import io.sparkda.ml.jda.JointDistributionAdaptation;
import io.sparkda.ml.neighbors.NearestNeighborClassifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.feature.Normalizer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigParamsTest {
  @TempDir Path dir;

  private JobConfig load(String text, String... overrides) throws Exception {
    Path file = dir.resolve("job.conf");
    Files.writeString(file, text);
    return JobConfig.load(file.toFile(), List.of(overrides));
  }

  @Test
  void coralBeforeUnregularizedLogisticRegressionIsWarnedAbout() throws Exception {
    List<String> warned =
        MethodPipelines.warnings(load("method = coral", "logisticRegression.regParam=0"));
    assertEquals(1, warned.size());
    assertTrue(warned.get(0).contains("logisticRegression.regParam = 0"), warned.get(0));
    assertEquals(
        1,
        MethodPipelines.warnings(
                load(
                    "method = self-training",
                    "selfTraining.base=coral",
                    "logisticRegression.regParam=0"))
            .size(),
        "self-training around coral too");
    assertEquals(List.of(), MethodPipelines.warnings(load("method = coral")), "default 0.1");
    assertEquals(
        List.of(),
        MethodPipelines.warnings(
            load(
                "method = coral",
                "logisticRegression.regParam=0",
                "shallow.classifier=random-forest")));
  }

  /** The stages' classes, for comparing pipelines by what they run. */
  private static List<String> stageNames(List<PipelineStage> stages) {
    return stages.stream().map(s -> s.getClass().getSimpleName()).toList();
  }

  @Test
  void eachMethodGetsItsPapersClassifierAndScalingByDefault() throws Exception {
    JobConfig jda = load("method = jda");
    assertEquals("l2", MethodPipelines.scaling(jda));
    assertEquals("nearest-neighbor", MethodPipelines.baseline("jda", jda));
    List<PipelineStage> stages = List.of(MethodPipelines.pipeline("jda", jda, "label").getStages());
    assertEquals(
        List.of("Normalizer", "JointDistributionAdaptation", "SelfTrainingClassifier"),
        stageNames(stages));
    JointDistributionAdaptation map = (JointDistributionAdaptation) stages.get(1);
    assertEquals(
        "cosine",
        ((NearestNeighborClassifier) map.getClassifier()).getMetric(),
        "1-NN pseudo-labels too, on mapped rows scaled to unit length");
    assertEquals(
        "cosine",
        ((NearestNeighborClassifier) ((SelfTrainingClassifier) stages.get(2)).getClassifier())
            .getMetric());
    SelfTrainingClassifier afterCoral =
        (SelfTrainingClassifier)
            MethodPipelines.pipeline(
                    "coral", load("method = coral", "shallow.classifier=nearest-neighbor"), "l")
                .getStages()[1];
    assertEquals("euclidean", ((NearestNeighborClassifier) afterCoral.getClassifier()).getMetric());
    // The baseline is fitted with the method's config, so it reads the same unit-length rows.
    assertEquals("l2", MethodPipelines.scaling(jda.with("method", "nearest-neighbor")));

    JobConfig coral = load("method = coral");
    assertEquals("none", MethodPipelines.scaling(coral));
    assertEquals("logistic-regression", MethodPipelines.baseline("coral", coral));
    assertEquals("none", MethodPipelines.scaling(load("method = dann")));

    JobConfig chosen = load("method = jda", "shallow.classifier=gbt", "features.scaling=none");
    assertEquals("none", MethodPipelines.scaling(chosen), "a named scaling wins");
    assertEquals("gbt", MethodPipelines.baseline("jda", chosen), "a named classifier wins");
  }

  @Test
  void aTuningCandidateWithAnotherScalingScalesForItself() throws Exception {
    JobConfig shared = load("method = logistic-regression");
    List<PipelineStage> jda =
        MethodPipelines.candidateStages(shared.with("method", "jda"), shared, "label");
    assertEquals(
        List.of("Normalizer", "JointDistributionAdaptation", "SelfTrainingClassifier"),
        stageNames(jda));
    Normalizer normalizer = (Normalizer) jda.get(0);
    assertEquals(JobColumns.CANDIDATE_SCALED_FEATURES, normalizer.getOutputCol());
    assertEquals(
        JobColumns.CANDIDATE_SCALED_FEATURES,
        ((JointDistributionAdaptation) jda.get(1)).getFeaturesCol());
    assertEquals(
        List.of("CoralAlignment", "SelfTrainingClassifier"),
        stageNames(
            MethodPipelines.candidateStages(shared.with("method", "coral"), shared, "label")),
        "the shared features already suit it");
  }

  @Test
  void autoSplitsGiveSmallSourcesAtLeast300ValidationRowsInAll() throws Exception {
    JobConfig auto = load("method = dann");
    assertEquals(5, JobTuning.splits(auto, 157), "32 rows a split: capped at 5");
    assertEquals(2, JobTuning.splits(auto, 1000), "200 rows a split");
    assertEquals(1, JobTuning.splits(auto, 2000));
    assertEquals(3, JobTuning.splits(load("method = dann", "tune.splits=3"), 2000), "as set");
  }

  @Test
  void everyModelKeySetsTheParamOfItsName() throws Exception {
    JobConfig config =
        load(
            "model { batchSize = 32, hiddenLayers = [8, 4], lambdaMax = 1 }",
            "model.featureLayout=dense",
            "model.seed=7");
    DannClassifier dann = ConfigParams.set(new DannClassifier(), config, "model");
    assertEquals(32, dann.getBatchSize());
    assertArrayEquals(new int[] {8, 4}, dann.getHiddenLayers());
    assertEquals(1.0, dann.getLambdaMax(), "an integer in the config is a valid double");
    assertEquals("dense", dann.getFeatureLayout());
    assertEquals(7L, dann.getSeed());
    assertEquals(0.001, dann.getLearningRate(), "the reference default");
  }

  @Test
  void aFeatureExtractorReplacesTheReferenceHiddenLayers() throws Exception {
    JobConfig config =
        load("method = dann", "model.featureExtractor=lenet", "model.inputShape=[1,16,16]");
    DannClassifier dann =
        (DannClassifier) MethodPipelines.pipeline("dann", config, "label").getStages()[0];
    assertEquals("lenet", dann.getFeatureExtractor());
    assertArrayEquals(new int[] {1, 16, 16}, dann.getInputShape());
    assertFalse(dann.isSet(dann.hiddenLayers()), "hiddenLayers would conflict with it");
    DannClassifier mlp =
        (DannClassifier)
            MethodPipelines.pipeline("dann", load("method = dann"), "label").getStages()[0];
    assertTrue(mlp.isSet(mlp.hiddenLayers()));
    DannClassifier torchScript =
        (DannClassifier)
            MethodPipelines.pipeline(
                    "dann",
                    load("method = dann", "model.featureExtractorPath=/m/extractor.pt"),
                    "label")
                .getStages()[0];
    assertEquals("/m/extractor.pt", torchScript.getFeatureExtractorPath());
    assertFalse(torchScript.isSet(torchScript.hiddenLayers()));
  }

  @Test
  void keysOfTheJobItselfAreLeftOut() throws Exception {
    JobConfig config = load("selfTraining { base = mmd, maxIter = 2, selection = top-fraction }");
    SelfTrainingClassifier selfTraining =
        ConfigParams.set(new SelfTrainingClassifier(), config, "selfTraining", "base");
    assertEquals(2, selfTraining.getMaxIter());
    assertEquals("top-fraction", selfTraining.getSelection());
    JobConfigException e =
        assertThrows(
            JobConfigException.class,
            () -> ConfigParams.set(new SelfTrainingClassifier(), config, "selfTraining"));
    assertTrue(e.getMessage().contains("selfTraining.base"), e.getMessage());
  }

  @Test
  void wrongTypesAndInvalidValuesNameTheKey() throws Exception {
    JobConfigException wrongType =
        assertThrows(
            JobConfigException.class,
            () -> ConfigParams.set(new DannClassifier(), load("model.batchSize = many"), "model"));
    assertTrue(wrongType.getMessage().contains("model.batchSize"), wrongType.getMessage());
    JobConfigException invalid =
        assertThrows(
            JobConfigException.class,
            () -> ConfigParams.set(new DannClassifier(), load("model.batchSize = 0"), "model"));
    assertTrue(
        invalid.getMessage().startsWith("model.batchSize = 0 is not valid: rows per domain"),
        invalid.getMessage());
    // A validator's own message keeps its words, with the key in place of the Param's name.
    JobConfigException own =
        assertThrows(
            JobConfigException.class,
            () ->
                ConfigParams.set(
                    new DannClassifier(), load("model.featureExtractor = \"conv(0,5)\""), "model"));
    assertTrue(own.getMessage().startsWith("model.featureExtractor 'conv(0,5)'"), own.getMessage());
    JobConfigException notAParam =
        assertThrows(
            JobConfigException.class,
            () -> ConfigParams.set(new LogisticRegression(), load(""), "model"));
    assertTrue(
        notAParam.getMessage().contains("is not a Param of LogisticRegression"),
        notAParam.getMessage());
  }
}
