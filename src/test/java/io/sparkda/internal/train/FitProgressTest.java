package io.sparkda.internal.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class FitProgressTest {
  @Test
  void fitsAreCountedAgainstThePlanAndTheJobEtaUsesFinishedFits() {
    FitProgress.plan(3);
    FitProgress.stage("self-training around dann");
    FitProgress.detail("self-training round 0/1");
    assertEquals(
        "fit 1/3 (self-training around dann, self-training round 0/1)", FitProgress.fitStarted());
    // No fit finished yet: the two fits to come are estimated at this one's projected length.
    assertEquals(5 + 2 * 20, FitProgress.jobEta(5, 20), 1e-9);
    FitProgress.fitFinished(10);
    FitProgress.stage("source-only baseline");
    assertEquals("fit 2/3 (source-only baseline)", FitProgress.fitStarted());
    // One fit left after this one, at the mean of the finished ones (10 s).
    assertEquals(4 + 10, FitProgress.jobEta(4, 99), 1e-9);
  }

  @Test
  void withoutAPlanFitsAreNumberedAndThereIsNoJobEta() {
    FitProgress.plan(0);
    assertEquals("fit 1", FitProgress.fitStarted());
    assertEquals(-1, FitProgress.jobEta(5, 20), 1e-9);
    // More fits than planned (self-training stopped late, a retried fit): no made-up total.
    FitProgress.plan(1);
    FitProgress.fitStarted();
    assertEquals("fit 2", FitProgress.fitStarted());
    assertEquals(-1, FitProgress.jobEta(5, 20), 1e-9);
  }

  @Test
  void durationsReadLikeATimer() {
    assertEquals("45s", FitProgress.duration(44.6));
    assertEquals("3m 20s", FitProgress.duration(200));
    assertEquals("1h 05m", FitProgress.duration(3900));
  }
}
