package io.sparkda.jobs;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import scala.util.Properties$;

/**
 * What the scoring job needs to know of a model the training job saved, in {@value #FILE} next to
 * the PipelineModel's own metadata: which build wrote it, which columns it reads, its version (in
 * every predictions row) and where its drift reference is ({@link DriftReference}).
 *
 * @param formatVersion {@value #FORMAT}; a newer one is refused
 * @param modelVersion when it was trained and a random suffix, e.g. 20261205T031500Z-3fa2c1d0
 * @param inputColumns the columns the model reads from a row (the features, or their vector)
 * @param numFeatures the width of the assembled feature vector
 * @param target the training target, as read
 */
record ModelInfo(
    int formatVersion,
    String modelVersion,
    String trainedAt,
    String sparkVersion,
    String scalaVersion,
    String sparkDaVersion,
    String method,
    List<String> inputColumns,
    int numFeatures,
    int numClasses,
    String target) {
  static final String FILE = "spark-da-model.json";
  static final int FORMAT = 1;
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  static ModelInfo of(
      Instant trainedAt,
      String sparkVersion,
      String method,
      List<String> inputColumns,
      int numFeatures,
      int numClasses,
      String target) {
    return new ModelInfo(
        FORMAT,
        newVersion(trainedAt),
        trainedAt.toString(),
        sparkVersion,
        Properties$.MODULE$.versionNumberString(),
        BuildInfo.get("version", "unknown"),
        method,
        inputColumns,
        numFeatures,
        numClasses,
        target);
  }

  /** A run's id (and a model's version): its start in UTC and a random suffix; sorts by time. */
  static String newVersion(Instant started) {
    return DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC)
            .format(started)
        + "-"
        + UUID.randomUUID().toString().substring(0, 8);
  }

  String toJson() {
    try {
      return JSON.writeValueAsString(this);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * The info of the model directory {@code dir}, refused (exit 2, naming {@code score.modelPath})
   * when it is not a spark-da model or was written by a build this one cannot read.
   */
  static ModelInfo load(String dir, Configuration hadoop, String runningSpark) {
    Path file = new Path(dir, FILE);
    ModelInfo info;
    try {
      FileSystem fs = file.getFileSystem(hadoop);
      if (!fs.exists(file)) {
        throw new JobConfigException(
            "score.modelPath "
                + dir
                + " is not a spark-da model (it has no "
                + FILE
                + "): give the model/ directory of a training run (its output.dir/model) or the"
                + " file output.promoteTo wrote");
      }
      try (InputStream in = fs.open(file)) {
        info =
            JSON.readValue(new String(in.readAllBytes(), StandardCharsets.UTF_8), ModelInfo.class);
      }
    } catch (IOException e) {
      throw new JobConfigException("cannot read score.modelPath " + dir + ": " + e.getMessage(), e);
    }
    info.checkReadable(
        dir, Properties$.MODULE$.versionNumberString(), runningSpark.split("\\.")[0]);
    return info;
  }

  /** Refuses a format this build does not know, and a model of another Scala or Spark major. */
  void checkReadable(String dir, String runningScala, String runningSparkMajor) {
    if (formatVersion > FORMAT) {
      throw new JobConfigException(
          "score.modelPath "
              + dir
              + " has model format "
              + formatVersion
              + " (spark-da "
              + sparkDaVersion
              + "); this spark-da reads format "
              + FORMAT
              + ": score with that spark-da or newer");
    }
    String built = binary(scalaVersion);
    String sparkMajor = sparkVersion.split("\\.")[0];
    if (!built.equals(binary(runningScala)) || !sparkMajor.equals(runningSparkMajor)) {
      throw new JobConfigException(
          "score.modelPath "
              + dir
              + " was written by Spark "
              + sparkVersion
              + " (Scala "
              + built
              + "), which this Spark "
              + runningSparkMajor
              + ".x (Scala "
              + binary(runningScala)
              + ") does not read: score it with the spark-da build of its Spark, or train again"
              + " on this one");
    }
  }

  private static String binary(String scala) {
    String[] parts = scala.split("\\.");
    return parts.length < 2 ? scala : parts[0] + "." + parts[1];
  }
}
