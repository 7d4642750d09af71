package io.sparkda.ml;

import io.sparkda.internal.train.FitProgress;

/**
 * What a driver that runs several network fits in a row (a nightly job: self-training rounds, then
 * a baseline) tells the progress log, so each line says which fit it is among all ("fit 2/7
 * (self-training around dann, self-training round 1/5)") and how long the whole job has left.
 * Process-wide on the driver; without a plan, lines carry the fit's own ETA only.
 */
public final class TrainingProgress {
  private TrainingProgress() {}

  /** A new run of up to {@code fits} network fits (0 = unknown); forgets the previous run. */
  public static void plan(int fits) {
    FitProgress.plan(fits);
  }

  /** What is fitted next ("dann", "source-only baseline"). */
  public static void stage(String name) {
    FitProgress.stage(name);
  }
}
