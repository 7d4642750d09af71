package io.sparkda.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparkda.testutil.SparkTestSession;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scoring job on a model the training job saved: the same predictions as training, drift
 * measured against the model's reference, the pointer the training job promotes, and refusals.
 */
class ScoreJobTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;
  private Path sameTarget;

  @BeforeAll
  static void spark() {
    SparkTestSession.get();
  }

  @BeforeEach
  void target() throws Exception {
    sameTarget = JobRuns.rotatedTarget(dir.resolve("day1.csv"), 0, 1000);
  }

  /** conf/example.conf's data with CORAL (seconds to fit), the target with an id column. */
  private Path config(String name, String... extraLines) throws Exception {
    List<String> lines =
        new ArrayList<>(
            List.of(
                "include \"" + Path.of("conf/example.conf").toAbsolutePath() + "\"",
                "method = coral",
                "evaluate.baseline = false",
                "output.report = false",
                "target.path = \"" + sameTarget + "\"",
                "output.keepColumns = [id]"));
    lines.addAll(Arrays.asList(extraLines));
    Path file = dir.resolve(name);
    Files.write(file, lines);
    return file;
  }

  private Path train() throws Exception {
    Path pointer = dir.resolve("models/current");
    JobRuns.Outcome trained =
        JobRuns.train(
            config(
                    "train.conf",
                    "output.dir = \"" + dir.resolve("train") + "\"",
                    "output.promoteTo = \"" + pointer + "\"")
                .toString());
    assertEquals(0, trained.code(), trained.stderr());
    return pointer;
  }

  private JobRuns.Outcome score(Path pointer, String output, String... overrides) throws Exception {
    List<String> args =
        new ArrayList<>(
            List.of(
                config(
                        "score.conf",
                        "score.modelPath = \"" + pointer + "\"",
                        "evaluate.failIf = [targetDrift]")
                    .toString(),
                "output.dir=\"" + dir.resolve(output) + "\""));
    args.addAll(Arrays.asList(overrides));
    return JobRuns.score(args.toArray(new String[0]));
  }

  private JsonNode metrics(String output) throws Exception {
    return JSON.readTree(dir.resolve(output).resolve("metrics.json").toFile());
  }

  @Test
  void scoresLikeTrainingAndSeesNoDriftOnTheTargetItWasAdaptedTo() throws Exception {
    Path pointer = train();
    Path model = dir.resolve("train/model");
    assertEquals(
        model.toUri().getPath().replaceAll("/$", ""),
        Path.of(Files.readString(pointer).strip().replaceFirst("^file:", ""))
            .toString()
            .replaceAll("/$", ""),
        "output.promoteTo points at the committed model");
    JsonNode info = JSON.readTree(model.resolve(ModelInfo.FILE).toFile());
    assertEquals(List.of("x1", "x2"), JSON.convertValue(info.get("inputColumns"), List.class));
    assertEquals(2, info.get("numFeatures").asInt());
    assertTrue(Files.isDirectory(model.resolve(DriftReference.DIR)));

    JobRuns.Outcome validated = score(pointer, "day1", "--validate");
    assertEquals(0, validated.code(), validated.stderr());
    assertFalse(Files.exists(dir.resolve("day1")), "--validate writes nothing");
    JobRuns.Outcome scored = score(pointer, "day1");
    assertEquals(0, scored.code(), scored.stderr());
    SparkSession spark = SparkTestSession.get();
    Dataset<Row> trainedRows = spark.read().parquet(dir.resolve("train/predictions").toString());
    Dataset<Row> scoredRows = spark.read().parquet(dir.resolve("day1/predictions").toString());
    assertEquals(1000, scoredRows.count());
    assertEquals(
        0,
        trainedRows
            .join(scoredRows, trainedRows.col("id").equalTo(scoredRows.col("id")))
            .filter(trainedRows.col("prediction").notEqual(scoredRows.col("prediction")))
            .count(),
        "the saved model scores the training target as the training run did");
    assertEquals(
        1,
        scoredRows
            .select("modelVersion")
            .distinct()
            .filter("modelVersion = '" + info.get("modelVersion").asText() + "'")
            .count(),
        "every row names the model's version");
    JsonNode drift = metrics("day1").get("drift");
    assertFalse(drift.get("drifted").asBoolean(), drift.toString());
    assertTrue(drift.get("proxyADistance").asDouble() < 0.2, drift.toString());
    assertEquals(1000, drift.get("referenceRows").asLong());
    assertEquals("score", metrics("day1").get("job").asText());
  }

  @Test
  void aTargetThatMovedFailsTheDriftGateAfterWritingItsOutputs() throws Exception {
    Path pointer = train();
    Path moved = JobRuns.rotatedTarget(dir.resolve("day3.csv"), 120, 1000);
    JobRuns.Outcome scored = score(pointer, "day3", "target.path=\"" + moved + "\"");
    assertEquals(3, scored.code(), scored.stderr());
    assertTrue(scored.stderr().contains("targetDrift: today's target drifted"), scored.stderr());
    JsonNode drift = metrics("day3").get("drift");
    assertTrue(drift.get("drifted").asBoolean(), drift.toString());
    assertTrue(drift.get("proxyADistance").asDouble() > 0.5, drift.toString());
    assertTrue(Files.isDirectory(dir.resolve("day3/predictions")));
  }

  @Test
  void refusesWhatItCannotScoreNamingTheKeyOrColumn() throws Exception {
    Path pointer = train();
    Path noX2 = dir.resolve("no-x2.csv");
    Files.write(noX2, List.of("id,x1,label", "1,0.1,0", "2,0.2,1"));
    List<String> lines = Files.readAllLines(sameTarget);
    List<String> extraField = new ArrayList<>(lines);
    extraField.add(lines.get(1) + ",7");
    Path malformed = dir.resolve("malformed.csv");
    Files.write(malformed, extraField);
    Path notAModel = Files.createDirectories(dir.resolve("not-a-model"));
    Path otherScala = dir.resolve("other-scala");
    copy(dir.resolve("train/model"), otherScala);
    Path infoFile = otherScala.resolve(ModelInfo.FILE);
    // Edited by hand: Hadoop's checksum of the old text would refuse the file first.
    Files.delete(otherScala.resolve("." + ModelInfo.FILE + ".crc"));
    Files.writeString(
        infoFile,
        Files.readString(infoFile)
            .replaceAll("\"scalaVersion\" : \"[^\"]+\"", "\"scalaVersion\" : \"2.99.1\""));
    String[][] cases = {
      {
        "target.path=\"" + noX2 + "\"",
        "lacks the columns [x2] that the model of score.modelPath reads"
      },
      {
        "score.modelPath=\"" + notAModel + "\"",
        "is not a spark-da model (it has no spark-da-model.json)"
      },
      {"score.modelPath=\"" + otherScala + "\"", "(Scala 2.99), which this Spark"},
      {"score.modelPath=null", "score.modelPath is not set"},
      {"target.path=\"" + malformed + "\"", "target data has 1 malformed rows"},
      {"evaluate.failIf=[evaluatorBelowBaseline]", "(evaluatorBelowBaseline is a training gate)"},
      {"target.table=db.t", "set exactly one of target.path, target.table or target.query"},
      {"output.partitionBy=[ds]", "output.partitionBy names 'ds', which output.partitionValues"},
      {
        "output.partitionValues.id=x", "output.partitionValues names 'id', which output.keepColumns"
      },
    };
    for (String[] c : cases) {
      JobRuns.Outcome outcome = score(pointer, "refused", c[0]);
      assertEquals(2, outcome.code(), c[0] + ": " + outcome.stderr());
      assertTrue(
          outcome.stderr().contains(c[1]),
          c[0] + " should say '" + c[1] + "': " + outcome.stderr());
      assertFalse(Files.exists(dir.resolve("refused")), c[0] + " left an output");
    }
    JobRuns.Outcome dropped =
        score(pointer, "dropped", "target.path=\"" + malformed + "\"", "target.malformed=drop");
    assertEquals(0, dropped.code(), dropped.stderr());
    assertEquals(1, metrics("dropped").get("malformedTargetRows").asLong());
    assertEquals(lines.size() - 1, metrics("dropped").get("targetRows").asLong());
    JobRuns.Outcome trainingDrift =
        JobRuns.train(
            config("t.conf", "output.dir = \"" + dir.resolve("t") + "\"").toString(),
            "evaluate.failIf=[targetDrift]");
    assertEquals(2, trainingDrift.code(), trainingDrift.stderr());
    assertTrue(
        trainingDrift.stderr().contains("is a gate of the scoring job"), trainingDrift.stderr());
  }

  private static void copy(Path from, Path to) throws Exception {
    try (var files = Files.walk(from)) {
      for (Path p : files.toList()) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target);
        }
      }
    }
  }
}
