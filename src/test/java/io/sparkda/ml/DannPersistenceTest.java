package io.sparkda.ml;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkda.testutil.MoonsFixture;
import io.sparkda.testutil.SavedMetadata;
import io.sparkda.testutil.SparkTestSession;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.UnaryOperator;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.feature.StandardScaler;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DannPersistenceTest {
  private static Dataset<Row> moons;
  private static DannClassificationModel model;

  @TempDir Path dir;

  @BeforeAll
  static void fit() {
    moons = MoonsFixture.domains(SparkTestSession.get(), 200, 21).cache();
    model = DannClassifierTest.moonsDann(21).setMaxEpochs(3).fit(moons);
  }

  @Test
  void saveAndLoadGivesIdenticalPredictions() throws Exception {
    String path = dir.resolve("model").toString();
    model.setEmbeddingCol("emb").save(path);
    DannClassificationModel loaded = DannClassificationModel.load(path);
    assertEquals(model.uid(), loaded.uid());
    assertEquals("emb", loaded.getEmbeddingCol());
    assertArrayEquals(model.weights(), loaded.weights());
    assertArrayEquals(new int[] {32, 32}, loaded.getHiddenLayers());
    assertEquals(TrainingHistory.NONE, loaded.trainingHistory(), "histories are not saved");
    assertSamePredictions(model.transform(moons), loaded.transform(moons));
    model.setEmbeddingCol("");
  }

  @Test
  void loadRejectsWeightsThatDoNotMatchTheArchitecture() throws Exception {
    String path = dir.resolve("model").toString();
    model.save(path);
    SparkSession spark = SparkTestSession.get();
    // Rewrite the data as if the network had a 16-wide first layer: the weights no longer fit.
    Dataset<Row> data = spark.read().parquet(path + "/data");
    Dataset<Row> tampered =
        data.withColumn(
            "featureExtractor", org.apache.spark.sql.functions.lit("dense(16)-dense(32)"));
    String tamperedPath = dir.resolve("tampered").toString();
    Files.createDirectories(Path.of(tamperedPath));
    copyTree(Path.of(path, "metadata"), Path.of(tamperedPath, "metadata"));
    tampered.write().mode(SaveMode.Overwrite).parquet(tamperedPath + "/data");
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> DannClassificationModel.load(tamperedPath));
    assertTrue(e.getMessage().contains("weights"), e.getMessage());
  }

  @Test
  void convModelSavesItsExtractorAndInputShape() throws Exception {
    DannClassificationModel conv =
        new DannClassifier()
            .setFeatureExtractor("conv(3,1)-pool(1)-dense(4)")
            .setInputShape(new int[] {1, 1, 2})
            .setDomainHiddenLayers(new int[] {3})
            .setMaxEpochs(2)
            .setNumPartitions(1)
            .setSeed(3)
            .fit(moons);
    String path = dir.resolve("conv").toString();
    conv.save(path);
    String metadata = SavedMetadata.read(path);
    assertTrue(
        metadata.contains(
            "\"featureExtractor\":\"conv(3,1)-maxpool(1)-dense(4)\",\"inputShape\":[1,1,2]"),
        metadata);
    DannClassificationModel loaded = DannClassificationModel.load(path);
    assertEquals("conv(3,1)-maxpool(1)-dense(4)", loaded.getFeatureExtractor());
    assertArrayEquals(new int[] {1, 1, 2}, loaded.getInputShape());
    assertFalse(loaded.isSet(loaded.hiddenLayers()), "hiddenLayers describes MLPs only");
    assertArrayEquals(conv.weights(), loaded.weights());
    assertSamePredictions(conv.transform(moons), loaded.transform(moons));
  }

  @Test
  void metadataCarriesTheFormatVersionAndTheArchitecture() throws Exception {
    String path = dir.resolve("model").toString();
    model.save(path);
    String metadata = SavedMetadata.read(path);
    assertTrue(metadata.contains("\"formatVersion\":2"), metadata);
    assertTrue(
        metadata.contains(
            "\"architecture\":{\"numFeatures\":2,\"hiddenLayers\":[32,32],"
                + "\"featureExtractor\":\"dense(32)-dense(32)\",\"inputShape\":[2],"
                + "\"numClasses\":2,\"domainHiddenLayers\":[32]}"),
        metadata);
  }

  @Test
  void estimatorsSaveTheFormatVersionAndLoadTheirParams() throws Exception {
    DannClassifier dann = new DannClassifier().setMaxEpochs(4).setAlignment("mmd");
    String dannPath = dir.resolve("dannEstimator").toString();
    dann.save(dannPath);
    CoralAlignment coral = new CoralAlignment().setRegularization(0.5);
    String coralPath = dir.resolve("coralEstimator").toString();
    coral.save(coralPath);
    for (String path : List.of(dannPath, coralPath)) {
      String metadata = SavedMetadata.read(path);
      assertTrue(metadata.contains("\"formatVersion\":2"), metadata);
    }
    DannClassifier loaded = DannClassifier.load(dannPath);
    assertEquals(dann.uid(), loaded.uid());
    assertEquals(4, loaded.getMaxEpochs());
    assertEquals("mmd", loaded.getAlignment());
    assertEquals(0.5, CoralAlignment.load(coralPath).getRegularization());
  }

  @Test
  void aNewerFormatVersionIsRefusedByName() throws Exception {
    String path =
        saveWithMetadata("newer", m -> m.replace("\"formatVersion\":2", "\"formatVersion\":7"));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> DannClassificationModel.load(path));
    assertTrue(
        e.getMessage().contains("format version 7")
            && e.getMessage().contains("reads versions 0 to 2"),
        e.getMessage());
  }

  @Test
  void metadataAndDataMustDescribeTheSameNetwork() throws Exception {
    String path =
        saveWithMetadata("mismatch", m -> m.replace("\"numClasses\":2", "\"numClasses\":3"));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> DannClassificationModel.load(path));
    assertTrue(e.getMessage().contains("inconsistent"), e.getMessage());
  }

  /** Saves the model, then rewrites its metadata (without the checksum files). */
  private String saveWithMetadata(String name, UnaryOperator<String> edit) throws Exception {
    Path saved = dir.resolve(name + "-saved");
    model.save(saved.toString());
    Path edited = dir.resolve(name);
    copyTree(saved, edited);
    try (var crcs = Files.walk(edited)) {
      for (Path p : (Iterable<Path>) crcs::iterator) {
        if (p.getFileName().toString().endsWith(".crc")) {
          Files.delete(p);
        }
      }
    }
    Path metadata = SavedMetadata.file(edited);
    Files.writeString(metadata, edit.apply(Files.readString(metadata)));
    return edited.toString();
  }

  @Test
  void pipelineWithDannSavesAndLoads() throws Exception {
    StandardScaler scaler = new StandardScaler().setInputCol("features").setOutputCol("scaled");
    DannClassifier dann = DannClassifierTest.moonsDann(22).setMaxEpochs(3).setFeaturesCol("scaled");
    Pipeline pipeline = new Pipeline().setStages(new PipelineStage[] {scaler, dann});

    String pipelinePath = dir.resolve("pipeline").toString();
    pipeline.save(pipelinePath);
    Pipeline reloadedPipeline = Pipeline.load(pipelinePath);
    DannClassifier reloadedDann = (DannClassifier) reloadedPipeline.getStages()[1];
    assertEquals("scaled", reloadedDann.getFeaturesCol());
    assertEquals(3, reloadedDann.getMaxEpochs());

    PipelineModel fitted = pipeline.fit(moons);
    String modelPath = dir.resolve("pipelineModel").toString();
    fitted.save(modelPath);
    PipelineModel loaded = PipelineModel.load(modelPath);
    assertTrue(loaded.stages()[1] instanceof DannClassificationModel);
    assertSamePredictions(fitted.transform(moons), loaded.transform(moons));
  }

  private static void assertSamePredictions(Dataset<Row> a, Dataset<Row> b) {
    List<Row> left =
        a.select("x1", "x2", "probability", "prediction").orderBy("x1", "x2").collectAsList();
    List<Row> right =
        b.select("x1", "x2", "probability", "prediction").orderBy("x1", "x2").collectAsList();
    assertEquals(left.size(), right.size());
    for (int i = 0; i < left.size(); i++) {
      assertArrayEquals(
          ((Vector) left.get(i).getAs(2)).toArray(),
          ((Vector) right.get(i).getAs(2)).toArray(),
          0.0,
          "row " + i);
      assertEquals(left.get(i).getDouble(3), right.get(i).getDouble(3));
    }
  }

  private static void copyTree(Path from, Path to) throws Exception {
    try (var paths = Files.walk(from)) {
      for (Path p : (Iterable<Path>) paths::iterator) {
        Files.copy(p, to.resolve(from.relativize(p).toString()));
      }
    }
  }
}
