package io.sparkda.jobs;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import scala.util.Properties$;

/**
 * What this jar was built from and for ({@code spark-da-build.properties}, written by the Maven
 * build): versions for metrics.json, and the Scala version a job must run on.
 */
final class BuildInfo {
  private static final Properties BUILD = load();

  private BuildInfo() {}

  /** A build property, or {@code fallback} where the build did not write it. */
  static String get(String key, String fallback) {
    String value = BUILD.getProperty(key);
    // A build outside git leaves the placeholder unfiltered.
    return value == null || value.isEmpty() || value.startsWith("${") ? fallback : value;
  }

  /**
   * Refuses to run on another Scala than this jar's: spark-da_2.12 (Spark 3.5) on Spark 4 would
   * otherwise train for minutes and then fail on a missing Scala or json4s method.
   */
  static void checkScala() {
    checkScala(get("scalaBinaryVersion", null), Properties$.MODULE$.versionNumberString());
  }

  static void checkScala(String builtFor, String running) {
    if (builtFor != null && !running.equals(builtFor) && !running.startsWith(builtFor + ".")) {
      throw new JobConfigException(
          "this job jar is spark-da_"
              + builtFor
              + " (built for Spark "
              + get("sparkVersion", "?")
              + "), but this Spark runs Scala "
              + running
              + ": submit spark-da_2.13 (mvn -Pspark4 package) to Spark 4 and spark-da_2.12"
              + " (mvn package) to Spark 3.5");
    }
  }

  private static Properties load() {
    Properties properties = new Properties();
    try (InputStream in =
        BuildInfo.class.getClassLoader().getResourceAsStream("spark-da-build.properties")) {
      if (in != null) {
        properties.load(in);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return properties;
  }
}
