package io.sparkda.internal.train;

/**
 * Where the driver is in a job made of several network fits (self-training rounds, a baseline), so
 * that each progress line says which fit it is ("fit 2/7: source-only baseline") and how long the
 * whole job has left, not only the current fit. The job plans the fits and names the stage; the
 * self-training loop names its round; {@link DistributedTrainer} counts fits and asks for the
 * overall ETA. Driver-side and process-wide (one job per driver); without a plan, lines carry the
 * fit number and the fit's own ETA only. Internal.
 */
public final class FitProgress {
  private static int planned;
  private static int started;
  private static int finished;
  private static double finishedSeconds;
  private static String stage = "";
  private static String detail = "";

  private FitProgress() {}

  /** A new job of up to {@code fits} network fits (0 = unknown); forgets the previous job. */
  public static synchronized void plan(int fits) {
    planned = fits;
    started = 0;
    finished = 0;
    finishedSeconds = 0;
    stage = "";
    detail = "";
  }

  /** What the job fits next ("dann", "source-only baseline"); clears the detail. */
  public static synchronized void stage(String name) {
    stage = name;
    detail = "";
  }

  /** What inside the stage is fitted next ("self-training round 2/5"). */
  public static synchronized void detail(String name) {
    detail = name;
  }

  /** Marks a fit's start; returns its label, e.g. "fit 2/7 (mmd, self-training round 1/5)". */
  static synchronized String fitStarted() {
    started++;
    String context = stage.isEmpty() ? detail : detail.isEmpty() ? stage : stage + ", " + detail;
    String count = planned >= started ? started + "/" + planned : String.valueOf(started);
    return "fit " + count + (context.isEmpty() ? "" : " (" + context + ")");
  }

  static synchronized void fitFinished(double seconds) {
    finished++;
    finishedSeconds += seconds;
  }

  /**
   * Seconds the job has left: the current fit's {@code fitEta}, then each planned fit not yet
   * started at the mean length of the finished ones (or this fit's projected length); -1 without a
   * plan.
   */
  static synchronized double jobEta(double fitEta, double fitProjectedSeconds) {
    if (planned < started) {
      return -1;
    }
    double perFit = finished > 0 ? finishedSeconds / finished : fitProjectedSeconds;
    return fitEta + (planned - started) * perFit;
  }

  /** "45s", "3m 20s", "1h 05m". */
  static String duration(double seconds) {
    long s = Math.round(Math.max(0, seconds));
    if (s < 60) {
      return s + "s";
    }
    if (s < 3600) {
      return String.format("%dm %02ds", s / 60, s % 60);
    }
    return String.format("%dh %02dm", s / 3600, (s % 3600) / 60);
  }
}
