package io.sparkda.testutil;

import org.apache.spark.sql.SparkSession;

/**
 * One local Spark session shared by the tests of a JVM (starting Spark takes seconds): 2 cores, and
 * a failed task is tried twice ({@code local[2,2]}), so that tests can check what a re-run task
 * computes.
 */
public final class SparkTestSession {
  private static SparkSession session;

  private SparkTestSession() {}

  public static synchronized SparkSession get() {
    if (session == null) {
      session =
          SparkSession.builder()
              .master("local[2,2]")
              .appName("spark-da-tests")
              .config("spark.ui.enabled", "false")
              .config("spark.sql.shuffle.partitions", "2")
              .config("spark.driver.host", "127.0.0.1")
              .getOrCreate();
      session.sparkContext().setLogLevel("WARN");
    }
    return session;
  }
}
