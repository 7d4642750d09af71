package io.sparkda.examples;

import io.sparkda.data.TwoMoons;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Locale;

/**
 * Writes {@code data-samples/rotated-moons/}: {@code source.csv} (two moons, labelled) and {@code
 * target.csv} (the same moons rotated 35 degrees; its label column is for evaluation only).
 * Deterministic: rerunning gives the same files.
 *
 * <p>Usage: {@code GenerateSamples [outputDir]} (default {@code data-samples}).
 */
public final class GenerateSamples {
  static final int ROWS_PER_DOMAIN = 1000;
  static final double NOISE = 0.1;
  static final double ROTATION_DEGREES = 35;

  private GenerateSamples() {}

  public static void main(String[] args) throws IOException {
    Path dir = Path.of(args.length > 0 ? args[0] : "data-samples", "rotated-moons");
    Files.createDirectories(dir);
    write(dir.resolve("source.csv"), TwoMoons.generate(ROWS_PER_DOMAIN, NOISE, 0, 2016));
    write(
        dir.resolve("target.csv"),
        TwoMoons.generate(ROWS_PER_DOMAIN, NOISE, ROTATION_DEGREES, 2017));
    System.out.println("wrote " + dir.toAbsolutePath());
  }

  private static void write(Path file, List<double[]> points) throws IOException {
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    try (PrintWriter out = new PrintWriter(Files.newBufferedWriter(tmp))) {
      out.println("x1,x2,label");
      for (double[] p : points) {
        out.println(String.format(Locale.ROOT, "%.6f,%.6f,%d", p[0], p[1], (int) p[2]));
      }
    }
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }
}
