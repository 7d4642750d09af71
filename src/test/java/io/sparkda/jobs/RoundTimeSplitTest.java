package io.sparkda.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.sparkda.ml.RoundSummary;
import org.junit.jupiter.api.Test;

/** The report's line on where the rounds' time went. */
class RoundTimeSplitTest {

  @Test
  void sharesOfTheRoundsTimeAndTheMeanShippedPerRound() {
    RoundSummary[] rounds = {
      new RoundSummary(1, 0.7, 0.7, 0.5, 0.1, 0.001, 2.0, 0.5, 100_000_000L),
      new RoundSummary(2, 0.6, 0.7, 0.5, 0.1, 0.001, 2.0, 1.5, 300_000_000L)
    };
    assertEquals(
        "50 % in training steps, 50 % in Spark (scheduling, shipping, averaging);"
            + " 200.0 MB shipped per partition per round",
        HtmlReport.roundTimeSplit(rounds));
  }

  @Test
  void roundsFromBeforeTheSplitWasRecordedGiveNoLine() {
    RoundSummary[] resumed = {
      new RoundSummary(1, 0.7, 0.7, 0.5, 0.1, 0.001, 2.0),
      new RoundSummary(2, 0.6, 0.7, 0.5, 0.1, 0.001, 2.0, 1.5, 300_000_000L)
    };
    assertNull(HtmlReport.roundTimeSplit(resumed));
    assertNull(HtmlReport.roundTimeSplit(new RoundSummary[0]));
  }
}
