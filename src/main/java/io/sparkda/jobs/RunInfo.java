package io.sparkda.jobs;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Properties;

/**
 * What one run was, for metrics.json's {@code run}: when, which build and libraries (from {@code
 * spark-da-build.properties}, written by the Maven build), and the inputs as resolved.
 *
 * @param sourcePath the source path the job read (after relative-path resolution)
 * @param numClasses the width of the model's probability vectors
 */
record RunInfo(
    String startedAt,
    String finishedAt,
    double wallSeconds,
    String sparkDaVersion,
    String gitCommit,
    String sparkVersion,
    String djlVersion,
    String pytorchVersion,
    String javaVersion,
    String sourcePath,
    String targetPath,
    int numClasses) {

  private static final Properties BUILD = build();

  static RunInfo of(Instant started, String runtimeSparkVersion, JobInputs inputs, int numClasses) {
    Instant finished = Instant.now();
    String dirty = "true".equals(BUILD.getProperty("gitDirty")) ? "-dirty" : "";
    return new RunInfo(
        started.toString(),
        finished.toString(),
        Duration.between(started, finished).toMillis() / 1000.0,
        BUILD.getProperty("version", "unknown"),
        commit(BUILD.getProperty("gitCommit")) + dirty,
        runtimeSparkVersion,
        BUILD.getProperty("djlVersion", "unknown"),
        BUILD.getProperty("pytorchVersion", "unknown"),
        System.getProperty("java.version"),
        inputs.sourcePath(),
        inputs.targetPath(),
        numClasses);
  }

  /** A build outside git leaves the placeholder unfiltered. */
  private static String commit(String value) {
    return value == null || value.isEmpty() || value.startsWith("${") ? "unknown" : value;
  }

  private static Properties build() {
    Properties properties = new Properties();
    try (InputStream in =
        RunInfo.class.getClassLoader().getResourceAsStream("spark-da-build.properties")) {
      if (in != null) {
        properties.load(in);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return properties;
  }
}
