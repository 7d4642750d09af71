package io.sparkda.ml;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkda.testutil.MoonsFixture;
import io.sparkda.testutil.SparkTestSession;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The featureExtractor and inputShape Params: what they accept and how they refuse the rest. */
class FeatureExtractorParamsTest {
  private static Dataset<Row> moons;

  @BeforeAll
  static void data() {
    moons = MoonsFixture.domains(SparkTestSession.get(), 60, 4).cache();
  }

  private static DannClassifier dann() {
    return new DannClassifier().setMaxEpochs(1).setNumPartitions(1).setSeed(1);
  }

  @Test
  void aBadSpecIsRefusedWhenSetWithTheBlockAndTheSyntax() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> dann().setFeatureExtractor("conv(8)-dense(4)"));
    assertTrue(e.getMessage().contains("block 'conv(8)'"), e.getMessage());
    assertTrue(e.getMessage().contains("conv(filters,kernel"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> dann().setInputShape(new int[] {16, 16}));
  }

  @Test
  void convBlocksWithoutAnInputShapeAskForOne() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> dann().setFeatureExtractor("conv(2,1)").fit(moons));
    assertTrue(e.getMessage().contains("set inputShape"), e.getMessage());
    assertTrue(e.getMessage().contains("2 values of column features"), e.getMessage());
  }

  @Test
  void anInputShapeMustHoldTheFeatures() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                dann()
                    .setFeatureExtractor("conv(2,1)")
                    .setInputShape(new int[] {1, 2, 2})
                    .fit(moons));
    assertTrue(
        e.getMessage().contains("inputShape [1, 2, 2] holds 4 values, but column features has 2"),
        e.getMessage());
  }

  @Test
  void blocksThatDoNotFitTheShapeAreNamed() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                dann()
                    .setFeatureExtractor("conv(2,3)")
                    .setInputShape(new int[] {1, 1, 2})
                    .fit(moons));
    assertTrue(
        e.getMessage().contains("conv(2,3) does not fit rows of shape [1, 1, 2]"), e.getMessage());
  }

  @Test
  void featureExtractorAndHiddenLayersAreNotSetTogether() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> dann().setHiddenLayers(new int[] {8}).setFeatureExtractor("dense(8)").fit(moons));
    assertTrue(e.getMessage().contains("set one"), e.getMessage());
  }

  @Test
  void sparseRowsFeedOnlyADenseFirstLayer() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                dann()
                    .setFeatureExtractor("conv(2,1)")
                    .setInputShape(new int[] {1, 1, 2})
                    .setFeatureLayout("sparse")
                    .fit(moons));
    assertTrue(e.getMessage().contains("featureLayout sparse"), e.getMessage());
    IllegalArgumentException module =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                dann()
                    .setFeatureExtractorPath(ModelFixtures.TORCHSCRIPT_EXTRACTOR)
                    .setFeatureLayout("sparse")
                    .fit(moons));
    assertTrue(module.getMessage().contains("only a dense first layer"), module.getMessage());
  }

  @Test
  void aTorchScriptExtractorTrainsSavesAndLoads(@TempDir Path dir) throws Exception {
    DannClassificationModel model =
        dann()
            .setFeatureExtractorPath(ModelFixtures.TORCHSCRIPT_EXTRACTOR)
            .setNumPartitions(2)
            .setMaxEpochs(3)
            .fit(moons);
    assertEquals("torchscript(extractor.pt)", model.getFeatureExtractor());
    float[] initial =
        dann()
            .setFeatureExtractorPath(ModelFixtures.TORCHSCRIPT_EXTRACTOR)
            .setMaxEpochs(1)
            .setLearningRate(1e-12)
            .fit(moons)
            .weights();
    int moved = 0;
    for (int i = 0; i < 46; i++) {
      moved += model.weights()[i] != initial[i] ? 1 : 0;
    }
    assertTrue(moved > 40, "the module's weights were trained and averaged: " + moved + " of 46");
    String path = dir.resolve("torchscript").toString();
    model.save(path);
    DannClassificationModel loaded = DannClassificationModel.load(path);
    assertArrayEquals(model.weights(), loaded.weights());
    List<Row> before = model.transform(moons).select("probability").collectAsList();
    List<Row> after = loaded.transform(moons).select("probability").collectAsList();
    assertEquals(before, after, "the module's file is saved with the model");
  }

  @Test
  void aTorchScriptExtractorIsSetAloneReadableAndFitsTheRows() {
    IllegalArgumentException both =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                dann()
                    .setFeatureExtractorPath(ModelFixtures.TORCHSCRIPT_EXTRACTOR)
                    .setFeatureExtractor("dense(4)")
                    .fit(moons));
    assertTrue(both.getMessage().contains("set one"), both.getMessage());
    IllegalArgumentException missing =
        assertThrows(
            IllegalArgumentException.class,
            () -> dann().setFeatureExtractorPath("/no/such/extractor.pt").fit(moons));
    assertTrue(
        missing.getMessage().contains("featureExtractorPath /no/such/extractor.pt cannot be read"),
        missing.getMessage());
    IllegalArgumentException shape =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                dann()
                    .setFeatureExtractorPath(ModelFixtures.TORCHSCRIPT_EXTRACTOR)
                    .setInputShape(new int[] {2, 1, 1})
                    .fit(moons));
    assertTrue(
        shape.getMessage().contains("does not take rows of shape [2, 1, 1]"), shape.getMessage());
  }

  @Test
  void anMlpSpecTrainsTheSameNetworkAsHiddenLayers() {
    DannClassificationModel spec = dann().setFeatureExtractor("dense(8)-dense(4)").fit(moons);
    DannClassificationModel widths = dann().setHiddenLayers(new int[] {8, 4}).fit(moons);
    assertArrayEquals(widths.weights(), spec.weights());
    assertArrayEquals(new int[] {8, 4}, spec.getHiddenLayers());
    assertEquals("dense(8)-dense(4)", widths.getFeatureExtractor());
  }
}
