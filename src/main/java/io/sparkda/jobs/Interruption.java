package io.sparkda.jobs;

import java.util.concurrent.atomic.AtomicReference;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.config.Configurator;
import sun.misc.Signal;

/**
 * SIGTERM / SIGINT for the job's JVM (through {@code sun.misc.Signal}, as Spark's own SignalUtils):
 * says once that the job was interrupted, runs the registered cleanup (the unfinished output's
 * staging directory and lock), then exits with 128 + the signal number as a shell does (143, 130).
 * Without it, Spark's shutdown hook stops the SparkContext under the running job, which then fails
 * with "Cannot call methods on a stopped SparkContext".
 */
final class Interruption {
  private static final AtomicReference<String> SIGNAL = new AtomicReference<>();
  private static final AtomicReference<Runnable> CLEANUP = new AtomicReference<>();

  private Interruption() {}

  /** Installs the handlers; only the job's own main does this (not a host that embeds run()). */
  static void install() {
    handle("TERM", 143);
    handle("INT", 130);
  }

  private static void handle(String name, int exitCode) {
    Signal.handle(
        new Signal(name),
        signal -> {
          if (!SIGNAL.compareAndSet(null, name)) {
            return;
          }
          System.err.println(
              "spark-da: interrupted by SIG"
                  + name
                  + ": stopping, removing the "
                  + "unfinished output");
          // Spark's shutdown stops the context under the running job, whose failures it then logs
          // with stack traces: noise after the line above.
          Configurator.setRootLevel(Level.OFF);
          Runnable cleanup = CLEANUP.getAndSet(null);
          if (cleanup != null) {
            cleanup.run();
          }
          System.exit(exitCode);
        });
  }

  /** The signal that stopped the job, or null. */
  static String signal() {
    return SIGNAL.get();
  }

  /** Runs {@code cleanup} if a signal arrives before {@link #clear()}. */
  static void onSignal(Runnable cleanup) {
    CLEANUP.set(cleanup);
  }

  static void clear() {
    CLEANUP.set(null);
  }
}
