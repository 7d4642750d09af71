package io.sparkda.jobs;

import java.time.Duration;
import java.time.Instant;

/**
 * What one run was, for metrics.json's {@code run}: when, which build and libraries (from {@code
 * spark-da-build.properties}, written by the Maven build), and the inputs as resolved.
 *
 * @param sourcePath the source as read ({@link DomainInput#describe}): its path (after
 *     relative-path resolution), or its table or query, and its where predicate
 * @param numClasses the width of the model's probability vectors
 */
record RunInfo(
    String startedAt,
    String finishedAt,
    double wallSeconds,
    String sparkDaVersion,
    String gitCommit,
    String sparkVersion,
    String javacppVersion,
    String pytorchVersion,
    String javaVersion,
    String sourcePath,
    String targetPath,
    int numClasses) {

  static RunInfo of(Instant started, String runtimeSparkVersion, JobInputs inputs, int numClasses) {
    Instant finished = Instant.now();
    String dirty = "true".equals(BuildInfo.get("gitDirty", "")) ? "-dirty" : "";
    return new RunInfo(
        started.toString(),
        finished.toString(),
        Duration.between(started, finished).toMillis() / 1000.0,
        BuildInfo.get("version", "unknown"),
        BuildInfo.get("gitCommit", "unknown") + dirty,
        runtimeSparkVersion,
        BuildInfo.get("javacppVersion", "unknown"),
        BuildInfo.get("pytorchVersion", "unknown"),
        System.getProperty("java.version"),
        inputs.sourcePath(),
        inputs.targetPath(),
        numClasses);
  }
}
