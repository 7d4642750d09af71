package io.sparkda.jobs;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToIntFunction;

/** The jobs run in the test's JVM (on its Spark session), their exit code and stderr kept. */
final class JobRuns {
  /** One run's outcome. */
  record Outcome(int code, String stderr) {}

  private JobRuns() {}

  static Outcome train(String... args) {
    return run(AdaptJob::run, args);
  }

  static Outcome score(String... args) {
    return run(ScoreJob::run, args);
  }

  private static Outcome run(ToIntFunction<String[]> job, String[] args) {
    PrintStream saved = System.err;
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    try {
      int code = job.applyAsInt(args);
      return new Outcome(code, err.toString(StandardCharsets.UTF_8));
    } finally {
      System.setErr(saved);
    }
  }

  /**
   * The rows of the committed rotated-moons target ({@code x1,x2,label}) turned by {@code degrees}
   * more, with an id column, into {@code file}: a target that moved.
   */
  static Path rotatedTarget(Path file, double degrees, int firstRows) throws IOException {
    List<String> lines = Files.readAllLines(Path.of("data-samples/rotated-moons/target.csv"));
    double a = Math.toRadians(degrees);
    List<String> out = new ArrayList<>(List.of("id,x1,x2,label"));
    for (int i = 1; i < lines.size() && i <= firstRows; i++) {
      String[] f = lines.get(i).split(",");
      double x = Double.parseDouble(f[0]);
      double y = Double.parseDouble(f[1]);
      out.add(
          String.format(
              "%d,%.6f,%.6f,%s",
              i, x * Math.cos(a) - y * Math.sin(a), x * Math.sin(a) + y * Math.cos(a), f[2]));
    }
    Files.createDirectories(file.getParent());
    Files.write(file, out);
    return file;
  }
}
