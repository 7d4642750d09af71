package io.sparkda.testutil;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A class's {@code main} in a fresh JVM on the tests' class path: for what only a new process
 * shows, such as which native library loads first or a setting read once when libtorch loads.
 */
public final class ChildJvm {
  private static final long TIMEOUT_SECONDS = 120;

  private ChildJvm() {}

  /** The child's exit code and its stdout and stderr, interleaved as written. */
  public record Result(int exitCode, String output) {}

  /**
   * Runs {@code main} with {@code jvmOptions}, without the environment variables named in {@code
   * unset}; fails (killing the child) if it runs over two minutes.
   */
  public static Result run(Class<?> main, List<String> jvmOptions, String... unset)
      throws IOException, InterruptedException {
    String java =
        System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
    List<String> command = new ArrayList<>(List.of(java));
    command.addAll(jvmOptions);
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), main.getName()));
    // To a file, not a pipe: a child that hangs cannot then block the reader past the timeout.
    Path log = Files.createTempFile("child-jvm", ".log");
    try {
      ProcessBuilder builder =
          new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
      for (String variable : unset) {
        builder.environment().remove(variable);
      }
      Process process = builder.start();
      boolean finished = process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS);
      if (!finished) {
        process.destroyForcibly().waitFor();
      }
      String output = Files.readString(log, StandardCharsets.UTF_8);
      if (!finished) {
        throw new AssertionError(
            main.getSimpleName() + " ran over " + TIMEOUT_SECONDS + " s:\n" + output);
      }
      return new Result(process.exitValue(), output);
    } finally {
      Files.deleteIfExists(log);
    }
  }
}
