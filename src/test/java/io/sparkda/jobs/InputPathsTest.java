package io.sparkda.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InputPathsTest {
  @TempDir Path dir;

  @Test
  void aRelativePathMissingFromTheWorkingDirectoryIsFoundNextToTheConfig() throws Exception {
    Path data = Files.createDirectories(dir.resolve("conf/samples")).resolve("source.csv");
    Files.writeString(data, "x\n");
    File config = dir.resolve("conf/job.conf").toFile();
    assertEquals(data.toString(), InputPaths.resolve("source.path", "samples/source.csv", config));
  }

  @Test
  void pathsThatExistHereOrHaveASchemeOrAreAbsoluteAreKept() {
    File config = dir.resolve("job.conf").toFile();
    // pom.xml exists in the working directory of the tests (the project).
    assertEquals("pom.xml", InputPaths.resolve("source.path", "pom.xml", config));
    assertEquals("hdfs:///data/x", InputPaths.resolve("source.path", "hdfs:///data/x", config));
    assertEquals("/nonexistent/x", InputPaths.resolve("source.path", "/nonexistent/x", config));
    assertEquals("nowhere/x.csv", InputPaths.resolve("source.path", "nowhere/x.csv", config));
  }

  @Test
  void theSparkDaDirectoryIsTheLastPlaceLookedIn() throws Exception {
    Path home = Files.createDirectories(dir.resolve("home/data"));
    Files.writeString(home.resolve("t.csv"), "x\n");
    String saved = System.getProperty(InputPaths.HOME_PROPERTY);
    System.setProperty(InputPaths.HOME_PROPERTY, dir.resolve("home").toString());
    try {
      assertEquals(
          home.resolve("t.csv").toString(),
          InputPaths.resolve("target.path", "data/t.csv", dir.resolve("job.conf").toFile()));
    } finally {
      if (saved == null) {
        System.clearProperty(InputPaths.HOME_PROPERTY);
      } else {
        System.setProperty(InputPaths.HOME_PROPERTY, saved);
      }
    }
  }
}
