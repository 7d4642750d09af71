package io.sparkda.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SelectionReplayTest {
  @TempDir Path dir;

  /** A run of three candidates: the guard (lr), jda and dann, as AccuracySuite records it. */
  private static String record(String reverse, String entropy) {
    return "{\"pair\":\"digits mnist->usps\",\"seed\":1,\"tuning\":{\"sourceOnlyCandidate\":0,"
        + "\"candidates\":["
        + candidate("logistic-regression", 0.50, "0.7", "0.5")
        + ","
        + candidate("jda", 0.70, reverse, entropy)
        + ","
        + candidate("dann", 0.40, "0.6", "0.1")
        + "]}}";
  }

  private static String candidate(String method, double accuracy, String score, String entropy) {
    return "{\"config\":\"method="
        + method
        + "\",\"targetAccuracy\":"
        + accuracy
        + ",\"score\":"
        + score
        + ",\"moreScores\":{\"iwv\":0.3,\"dev\":0.3,\"entropy\":"
        + entropy
        + ",\"snd\":1.0}}";
  }

  @Test
  void eachRuleReplaysItsPickBehindTheGuard() throws Exception {
    Path file = dir.resolve("candidates.jsonl");
    Files.writeString(file, record("0.9", "0.3") + "\n" + record("0.65", "0.3") + "\n");
    List<SelectionReplay.Recorded> runs = SelectionReplay.read(file);
    assertEquals(2, runs.size());
    assertEquals(0, runs.get(0).guard());
    // Reverse validation: jda (0.9) beats the guard (0.7); at 0.65 it does not, the guard stays.
    assertEquals("jda", SelectionReplay.pick(runs.get(0), "reverse-validation").picked());
    assertEquals(
        "logistic-regression", SelectionReplay.pick(runs.get(1), "reverse-validation").picked());
    // Entropy (smaller is better) picks dann (0.1).
    assertEquals("dann", SelectionReplay.pick(runs.get(0), "entropy").picked());
    // iwv ties everywhere: nothing is strictly better than the guard.
    assertEquals("logistic-regression", SelectionReplay.pick(runs.get(0), "iwv").picked());
    assertEquals(70.0, SelectionReplay.pick(runs.get(0), "reverse-validation").pickAccuracy());
  }

  /**
   * Equal mean ranks keep the guard: entropy prefers it, snd the other, the rest tie. Summing each
   * rank divided by 5 made them -1.2000000000000002 and -1.2, and picked the other candidate.
   */
  @Test
  void equalMeanRanksKeepTheGuard() throws Exception {
    String scores = "\"score\":0.7,\"moreScores\":{\"iwv\":0.3,\"dev\":0.3,";
    Path file = dir.resolve("tie.jsonl");
    Files.writeString(
        file,
        "{\"pair\":\"digits mnist->usps\",\"seed\":1,\"tuning\":{\"sourceOnlyCandidate\":0,"
            + "\"candidates\":["
            + "{\"config\":\"method=nearest-neighbor\",\"targetAccuracy\":0.6,"
            + scores
            + "\"entropy\":0.1,\"snd\":0.5}},"
            + "{\"config\":\"method=jda\",\"targetAccuracy\":0.7,"
            + scores
            + "\"entropy\":0.2,\"snd\":0.9}}]}}\n");
    SelectionReplay.Recorded run = SelectionReplay.read(file).get(0);
    assertEquals("nearest-neighbor", SelectionReplay.pick(run, "mean-rank").picked());
  }

  /**
   * A method = auto run: the search that picked, then the guard search's other candidate, whose
   * source-accuracy score no replayed rule may read; the pick is held against the chosen guard.
   */
  @Test
  void anAutoRunKeepsTheGuardSearchsCandidatesWithoutScores() throws Exception {
    Path file = dir.resolve("auto.jsonl");
    Files.writeString(
        file,
        "{\"pair\":\"digits mnist->usps\",\"seed\":1,\"tuning\":{\"sourceOnlyCandidate\":0,"
            + "\"picked\":1,\"candidates\":["
            + candidate("source-only", 0.75, "0.80", "0.3")
            + ","
            + candidate("mmd", 0.80, "0.77", "0.3")
            + "],\"guardSearch\":{\"sourceOnlyCandidate\":null,\"picked\":0,\"candidates\":["
            + candidate("source-only", 0.75, "0.95", "0.3")
            + ","
            + candidate("nearest-neighbor", 0.60, "0.99", "0.0")
            + "]}}}\n");
    SelectionReplay.Recorded run = SelectionReplay.read(file).get(0);
    assertEquals(List.of("source-only", "mmd", "nearest-neighbor"), run.names());
    assertArrayEquals(new double[] {75, 80, 60}, run.accuracies(), 1e-9);
    assertTrue(Double.isNaN(run.scores().get("reverse-validation")[2]));
    assertTrue(Double.isNaN(run.scores().get("entropy")[2]), "its 0.0 entropy is not read");
    assertEquals(1, run.picked(), "the recorded pick, mmd");
    AccuracySuite.Run picked = run.run(run.picked(), 0);
    assertEquals("source-only", picked.guard());
    assertEquals(
        "accuracy: mean_gain_vs_source_only=+5.00 worst_vs_source_only=+5.00 mean_regret=0.00 "
            + "beats_published=1/1",
        AccuracySuite.summary(List.of(picked)));
  }

  @Test
  void ranksPutTheBestFirstAndScoresThatAreNotFiniteLast() {
    assertArrayEquals(
        new double[] {2, 1, 3}, SelectionReplay.ranks(new double[] {0.5, 0.9, 0.1}, true));
    assertArrayEquals(
        new double[] {2, 3, 1}, SelectionReplay.ranks(new double[] {0.5, 0.9, 0.1}, false));
    assertArrayEquals(
        new double[] {1, 3, 2}, SelectionReplay.ranks(new double[] {0.5, Double.NaN, 0.1}, true));
  }
}
