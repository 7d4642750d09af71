package io.sparkda.jobs;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class BuildInfoTest {
  @Test
  void theScalaThisTestRunsOnIsTheOneTheBuildWroteDown() {
    assertDoesNotThrow(() -> BuildInfo.checkScala());
  }

  @Test
  void aJarForAnotherScalaIsRefusedWithTheJarToSubmitInstead() {
    JobConfigException e =
        assertThrows(JobConfigException.class, () -> BuildInfo.checkScala("2.12", "2.13.16"));
    assertTrue(e.getMessage().contains("spark-da_2.12"), e.getMessage());
    assertTrue(e.getMessage().contains("Scala 2.13.16"), e.getMessage());
    assertTrue(e.getMessage().contains("spark-da_2.13 (mvn -Pspark4 package)"), e.getMessage());
    assertThrows(JobConfigException.class, () -> BuildInfo.checkScala("2.13", "2.12.18"));
    assertThrows(JobConfigException.class, () -> BuildInfo.checkScala("2.1", "2.12.18"));
    assertDoesNotThrow(() -> BuildInfo.checkScala("2.13", "2.13.16"));
  }
}
