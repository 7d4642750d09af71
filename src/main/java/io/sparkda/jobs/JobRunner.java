package io.sparkda.jobs;

import java.io.File;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the training and the scoring job share around their work: the command line, the config, the
 * Spark session (reused when one is active, then left open), and the exit codes: 0 done, 3 outputs
 * written but a quality gate failed ({@link QualityGates}), 2 configuration or input error (one
 * line on stderr, stack trace with {@code --verbose}), 1 any other failure.
 */
final class JobRunner {
  private static final Logger LOG = LoggerFactory.getLogger(JobRunner.class);

  /** One job's work, given the loaded config and a session. */
  interface Job {
    String help();

    /**
     * Every check of the config alone (types, unknown keys, Param values, gates, output rules): run
     * before the Spark session starts, so a bad key fails in seconds.
     */
    void checkConfig(JobConfig config);

    /** {@code --validate}: the checks, nothing written; a one-line summary. */
    String validate(SparkSession spark, JobConfig config);

    /** The work; returns the committed output directory. */
    String execute(SparkSession spark, JobConfig config) throws Exception;
  }

  private JobRunner() {}

  static int run(String[] args, Job job) {
    JobArguments arguments;
    try {
      arguments = JobArguments.parse(args);
    } catch (JobConfigException e) {
      return exitCodeFor(e, false);
    }
    switch (arguments.mode()) {
      case HELP -> {
        System.out.println(job.help());
        return 0;
      }
      case LIST_KEYS -> {
        System.out.print(ReferenceKeys.describe(ReferenceKeys.all()));
        return 0;
      }
      default -> {
        return runWithConfig(arguments, job);
      }
    }
  }

  private static int runWithConfig(JobArguments arguments, Job job) {
    try {
      BuildInfo.checkScala();
      JobConfig config = JobConfig.load(new File(arguments.config()), arguments.overrides());
      job.checkConfig(config);
      boolean ownSession = SparkSession.getActiveSession().isEmpty();
      if (ownSession) {
        LOG.info("spark-da: starting Spark");
      }
      SparkSession spark = session(config);
      try {
        if (arguments.mode() == JobArguments.Mode.VALIDATE) {
          System.out.println("spark-da: " + job.validate(spark, config));
          return 0;
        }
        try {
          String output = job.execute(spark, config);
          System.out.println("spark-da: outputs written to " + output);
          return 0;
        } catch (QualityGates.Failed e) {
          System.out.println("spark-da: outputs written to " + e.output);
          System.err.println("spark-da: " + e.getMessage());
          return 3;
        }
      } finally {
        if (ownSession) {
          spark.stop();
        }
      }
    } catch (Exception e) {
      if (Interruption.signal() != null) {
        return 128; // the signal handler has reported and is exiting with 128 + the signal
      }
      return exitCodeFor(e, arguments.verbose());
    }
  }

  /** One line on stderr (the stack trace with --verbose); 2 for bad config or input, else 1. */
  private static int exitCodeFor(Exception e, boolean verbose) {
    if (e instanceof JobConfigException || e instanceof IllegalArgumentException) {
      System.err.println("spark-da: " + JobConfigException.oneLine(e.getMessage()));
      if (verbose) {
        e.printStackTrace();
      }
      return 2;
    }
    System.err.println("spark-da: job failed: " + e);
    if (verbose) {
      e.printStackTrace();
    }
    return 1;
  }

  private static SparkSession session(JobConfig config) {
    SparkSession.Builder builder = SparkSession.builder().appName(config.string("spark.appName"));
    // spark-submit passes the master as the spark.master system property; only without it do we
    // fall back to the config's (local) master.
    if (System.getProperty("spark.master") == null && SparkSession.getActiveSession().isEmpty()) {
      builder = builder.master(config.string("spark.master"));
    }
    for (Map.Entry<String, String> conf : SparkSettings.of(config).entrySet()) {
      builder = builder.config(conf.getKey(), conf.getValue());
    }
    return builder.getOrCreate();
  }
}
