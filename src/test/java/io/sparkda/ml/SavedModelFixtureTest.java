package io.sparkda.ml;

import static org.apache.spark.sql.functions.lit;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.sparkda.testutil.SavedMetadata;
import io.sparkda.testutil.SparkTestSession;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Models saved by earlier versions of spark-da ({@link ModelFixtures}) still load and score as they
 * did when they were saved, and models saved by the Spark 3.5 build ({@code vN}) and by the Spark 4
 * build ({@code vN-spark4}) load in both: this class runs in each build.
 */
class SavedModelFixtureTest {
  private static final Path FIXTURES = Path.of("src/test/resources/model-fixtures");

  static Stream<Path> versions() throws IOException {
    List<Path> dirs;
    try (Stream<Path> list = Files.list(FIXTURES)) {
      dirs = list.filter(Files::isDirectory).sorted().toList();
    }
    assertFalse(dirs.isEmpty(), "no fixtures under " + FIXTURES.toAbsolutePath());
    return dirs.stream();
  }

  @ParameterizedTest
  @MethodSource("versions")
  void dannModelLoadsAndScoresAsSaved(Path version) throws IOException {
    SparkSession spark = SparkTestSession.get();
    DannClassificationModel model =
        DannClassificationModel.load(version.resolve("dann").toString());
    assertScores(
        version.resolve("dann/expected.csv"),
        ModelFixtures.vectors(model.transform(ModelFixtures.points(spark)), "probability"));
  }

  /** Conv and TorchScript extractors, saved from format 2 on. */
  @ParameterizedTest
  @MethodSource("versions")
  void extractorDannModelsLoadAndScoreAsSaved(Path version) throws IOException {
    assumeTrue(formatVersion(version) >= 2, "no conv or TorchScript extractors before format 2");
    SparkSession spark = SparkTestSession.get();
    for (String kind : List.of(ModelFixtures.CONV_DANN, ModelFixtures.TORCHSCRIPT_DANN)) {
      Path saved = version.resolve(kind);
      DannClassificationModel model = DannClassificationModel.load(saved.toString());
      assertScores(
          saved.resolve("expected.csv"),
          ModelFixtures.vectors(model.transform(ModelFixtures.points(spark)), "probability"));
    }
  }

  @ParameterizedTest
  @MethodSource("versions")
  void coralModelLoadsAndAlignsAsSaved(Path version) throws IOException {
    SparkSession spark = SparkTestSession.get();
    CoralAlignmentModel model = CoralAlignmentModel.load(version.resolve("coral").toString());
    Dataset<Row> source = ModelFixtures.points(spark).withColumn("domain", lit(0.0));
    assertScores(
        version.resolve("coral/expected.csv"),
        ModelFixtures.vectors(model.transform(source), "aligned"));
  }

  @ParameterizedTest
  @MethodSource("versions")
  void selfTrainingModelLoadsAndScoresAsSaved(Path version) throws IOException {
    SparkSession spark = SparkTestSession.get();
    SelfTrainingClassificationModel model =
        SelfTrainingClassificationModel.load(version.resolve("self-training").toString());
    assertScores(
        version.resolve("self-training/expected.csv"),
        ModelFixtures.vectors(model.transform(ModelFixtures.points(spark)), "probability"));
  }

  /**
   * The newest format has fixtures saved by each build, so that each build loads the other's (and
   * its own): a new format version needs {@code vN} and {@code vN-spark4}.
   */
  @Test
  void theNewestFormatHasFixturesSavedByBothSparkBuilds() throws IOException {
    List<Path> dirs = versions().toList();
    int newest = dirs.stream().mapToInt(SavedModelFixtureTest::formatVersion).max().orElseThrow();
    Set<String> savedBy = new TreeSet<>();
    for (Path version : dirs) {
      if (formatVersion(version) == newest) {
        String metadata = SavedMetadata.read(version.resolve("dann").toString());
        Matcher spark = Pattern.compile("\"sparkVersion\":\"(\\d+)\\.").matcher(metadata);
        assertTrue(spark.find(), version + ": no sparkVersion in " + metadata);
        savedBy.add(spark.group(1));
      }
    }
    assertEquals(
        Set.of("3", "4"),
        savedBy,
        "Spark major versions that saved format " + newest + " fixtures");
  }

  /** The format version a fixture directory holds: {@code v2} and {@code v2-spark4} hold 2. */
  private static int formatVersion(Path version) {
    Matcher m = Pattern.compile("v(\\d+)(-.*)?").matcher(version.getFileName().toString());
    assertTrue(m.matches(), "fixture directory " + version + " is not vN or vN-NAME");
    return Integer.parseInt(m.group(1));
  }

  private static void assertScores(Path expectedFile, List<String> actual) throws IOException {
    List<String> expected = Files.readAllLines(expectedFile);
    assertEquals(expected.size(), actual.size());
    for (int i = 0; i < expected.size(); i++) {
      String[] e = expected.get(i).split(",");
      String[] a = actual.get(i).split(",");
      assertEquals(e.length, a.length, expectedFile + " row " + i);
      for (int j = 0; j < e.length; j++) {
        assertEquals(
            Double.parseDouble(e[j]),
            Double.parseDouble(a[j]),
            1e-6,
            expectedFile + " row " + i + " value " + j);
      }
    }
  }
}
