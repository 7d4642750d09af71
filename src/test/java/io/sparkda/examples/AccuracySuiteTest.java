package io.sparkda.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkda.jobs.JobConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AccuracySuiteTest {
  @TempDir Path dir;

  private static AccuracySuite.Run run(AccuracySuite.Pair pair, String picked, double... acc) {
    Map<String, Double> methods = new LinkedHashMap<>();
    methods.put("logistic-regression", acc[0]);
    methods.put("jda", acc[1]);
    methods.put("dann", acc[2]);
    return new AccuracySuite.Run(pair, 1, methods, picked, "logistic-regression", 1.0);
  }

  @Test
  void theSuiteCoversTheIssuesFourteenPairs() {
    List<AccuracySuite.Pair> all = AccuracySuite.pairs("amazon,digits,coil20");
    assertEquals(16, all.size(), "12 Amazon, 2 digits, 2 COIL-20");
    AccuracySuite.Pair one = AccuracySuite.pairs("amazon:dvd:kitchen").get(0);
    assertEquals("amazon dvd->kitchen", one.name());
    assertEquals(78.3, one.headline(), 1e-9, "the DANN paper's DANN");
    assertEquals("amazon-reviews/kitchen_test.libsvm", one.targetFile());
    assertEquals(89.31, AccuracySuite.pairs("coil20:coil1:coil2").get(0).headline(), 1e-9);
    assertThrows(IllegalArgumentException.class, () -> AccuracySuite.pairs("amazon:dvd:dvd"));
  }

  @Test
  void theLastLineIsThePicksGainRegretAndPublishedCount() {
    AccuracySuite.Pair digits = AccuracySuite.pairs("digits:mnist:usps").get(0); // JDA 67.28
    AccuracySuite.Pair coil = AccuracySuite.pairs("coil20:coil1:coil2").get(0); // JDA 89.31
    List<AccuracySuite.Run> runs =
        List.of(
            // digits: the pick (jda) gains 10 and 20 over LR: mean +15, best candidate itself.
            run(digits, "jda", 50, 60, 55),
            run(digits, "jda", 50, 70, 55),
            // coil: the pick (dann) is 2 below LR and 5 below the best (jda, 90 > 89.31).
            run(coil, "dann", 85, 90, 83));
    String line = AccuracySuite.summary(runs);
    assertEquals(
        "accuracy: mean_gain_vs_source_only=+6.50 worst_vs_source_only=-2.00 mean_regret=3.50 "
            + "beats_published=0/2",
        line);
    String table = AccuracySuite.table(runs);
    assertTrue(
        table.contains("| digits mnist->usps | 50.00 | 65.00 | 55.00 | 65.00 | 65.00 | JDA 67.28"),
        table);
  }

  @Test
  void eachRunsConfigIsAValidJobConfigThatReadsTheSharedData() throws Exception {
    AccuracySuite.Pair pair = AccuracySuite.pairs("coil20:coil2:coil1").get(0);
    Path conf = dir.resolve("suite.conf");
    Files.writeString(
        conf,
        AccuracySuite.config(
            Path.of("/data"), dir.resolve("out"), pair, 3, List.of("logistic-regression", "jda")));
    JobConfig config = JobConfig.load(conf.toFile(), List.of());
    assertEquals("/data/coil20/coil2.libsvm", config.string("source.path"));
    assertEquals("label", config.string("target.labelCol"), "read only to measure");
    assertEquals(
        List.of(Map.of("method", "logistic-regression"), Map.of("method", "jda")),
        config.overrideSets("tune.candidates"));
    assertEquals(3, config.integer("tune.seed"));
    assertEquals(List.of("iwv", "dev", "entropy", "snd"), config.strings("tune.moreEvaluators"));
    assertEquals(3, config.integer("model.seed"));
  }

  @Test
  void autoRunsTheJobsDefaultSearchAsAUserGetsIt() throws Exception {
    AccuracySuite.Pair pair = AccuracySuite.pairs("digits:usps:mnist").get(0);
    Path conf = dir.resolve("auto.conf");
    Files.writeString(
        conf, AccuracySuite.config(Path.of("/data"), dir.resolve("out"), pair, 2, List.of("auto")));
    JobConfig config = JobConfig.load(conf.toFile(), List.of());
    assertEquals("auto", config.string("method"));
    assertTrue(config.overrideSets("tune.candidates").isEmpty(), "auto refuses candidates");
    assertEquals(2, config.integer("tune.seed"));
  }
}
