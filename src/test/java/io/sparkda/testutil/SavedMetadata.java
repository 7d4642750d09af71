package io.sparkda.testutil;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * The metadata file Spark ML writes for a saved stage: {@code metadata/part-00000} under Spark 3,
 * {@code metadata/part-00000-UUID-c000.txt} under Spark 4.
 */
public final class SavedMetadata {
  private SavedMetadata() {}

  public static Path file(Path saved) {
    try (Stream<Path> files = Files.list(saved.resolve("metadata"))) {
      return files
          .filter(f -> f.getFileName().toString().startsWith("part-"))
          .findFirst()
          .orElseThrow(() -> new IllegalStateException("no metadata part file in " + saved));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static String read(String saved) {
    try {
      return Files.readString(file(Path.of(saved)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
