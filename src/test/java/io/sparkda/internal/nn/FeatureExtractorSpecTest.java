package io.sparkda.internal.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FeatureExtractorSpecTest {
  @Test
  void specReadsBackFromItsCanonicalText() {
    FeatureExtractorSpec spec =
        FeatureExtractorSpec.parse(" Conv(32, 5)-pool(2)-conv(64,5,1,2)-avgpool(3,2)-dense(256) ");
    assertEquals("conv(32,5)-maxpool(2)-conv(64,5,1,2)-avgpool(3,2)-dense(256)", spec.toString());
    assertEquals(spec, FeatureExtractorSpec.parse(spec.toString()));
    assertTrue(spec.spatial());
  }

  @Test
  void lenetPresetNeedsAnImageAndEmbedsInto500() {
    FeatureExtractorSpec lenet = FeatureExtractorSpec.parse("lenet");
    assertEquals(FeatureExtractorSpec.PRESETS.get("lenet"), lenet.toString());
    NetworkArchitecture digits =
        new NetworkArchitecture(RowShape.of(1, 16, 16), lenet, 10, new int[] {500});
    assertEquals(500, digits.embeddingSize());
    assertEquals(
        RowShape.of(800),
        digits.featureExtractor().layers().stream()
            .filter(l -> l instanceof FlattenLayer)
            .findFirst()
            .orElseThrow()
            .outputShape(RowShape.of(50, 4, 4)));
  }

  @Test
  void reluFollowsConvAndDenseAndImagesAreFlattenedBeforeDense() {
    List<Layer> layers =
        FeatureExtractorSpec.parse("conv(2,3)-maxpool(2)-dense(4)").layers(RowShape.of(1, 8, 8));
    assertEquals(
        "conv(2,3) relu maxpool(2) flatten dense(4) relu",
        layers.stream().map(Object::toString).collect(Collectors.joining(" ")));
    List<Layer> poolLast =
        FeatureExtractorSpec.parse("conv(2,3)-avgpool(2)").layers(RowShape.of(1, 8, 8));
    assertEquals("flatten", poolLast.get(poolLast.size() - 1).toString(), "embeddings are flat");
  }

  @Test
  void mlpSpecIsTheHiddenLayersNetwork() {
    FeatureExtractorSpec mlp = FeatureExtractorSpec.mlp(new int[] {8, 4});
    assertEquals("dense(8)-dense(4)", mlp.toString());
    assertFalse(mlp.spatial());
    assertArrayEquals(new int[] {8, 4}, mlp.denseWidths());
    assertEquals(
        new NetworkArchitecture(6, new int[] {8, 4}, 3, new int[] {2}),
        new NetworkArchitecture(
            RowShape.of(6), FeatureExtractorSpec.parse("dense(8)-dense(4)"), 3, new int[] {2}));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "conv(32)|block 'conv(32)': it takes conv(filters,kernel[,stride[,padding]])",
        "conv(32,5)-lstm(4)|block 'lstm(4)': unknown block lstm",
        "conv(32,5)--dense(4)|block '': not a block",
        "dense(0)|block 'dense(0)': a dense layer needs >= 1 units",
        "conv(3,x)|block 'conv(3,x)': not a block",
        "''|featureExtractor is empty"
      })
  void badSpecsNameTheBlockAndTheSyntax(String spec, String message) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> FeatureExtractorSpec.parse(spec));
    assertTrue(e.getMessage().contains(message), e.getMessage());
    assertTrue(e.getMessage().contains("dense(units)"), "lists the syntax: " + e.getMessage());
  }

  @Test
  void shapeArithmeticThatDoesNotFitNamesTheBlock() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                new NetworkArchitecture(
                    RowShape.of(1, 16, 16),
                    FeatureExtractorSpec.parse("conv(32,5)-pool(2)-conv(64,5)-pool(2)-conv(8,3)"),
                    10,
                    new int[0]));
    assertTrue(
        e.getMessage().contains("conv(8,3) does not fit rows of shape [64, 1, 1]"), e.getMessage());
    assertTrue(e.getMessage().contains("featureExtractor conv(32,5)-maxpool(2)"), e.getMessage());
  }
}
