package io.sparkda.testutil;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;

/**
 * One local Spark session shared by the tests of a JVM (starting Spark takes seconds): 2 cores, and
 * a failed task is tried twice ({@code local[2,2]}), so that tests can check what a re-run task
 * computes.
 *
 * <p>In the table tests' JVM (the system property {@value #TABLES} names a directory) the session
 * also has Spark's Hive catalog, with an embedded Derby metastore and the warehouse in that
 * directory, and Delta Lake's extension and catalog: settings a session takes only when it starts.
 */
public final class SparkTestSession {
  public static final String TABLES = "spark.da.test.tables";
  private static SparkSession session;

  private SparkTestSession() {}

  public static synchronized SparkSession get() {
    if (session == null) {
      SparkSession.Builder builder =
          SparkSession.builder()
              .master("local[2,2]")
              .appName("spark-da-tests")
              .config("spark.ui.enabled", "false")
              .config("spark.sql.shuffle.partitions", "2")
              .config("spark.driver.host", "127.0.0.1");
      String tables = System.getProperty(TABLES);
      if (tables != null) {
        // A fresh metastore and warehouse per JVM: tables of an earlier run would collide.
        deleteRecursively(Path.of(tables));
        builder =
            builder
                .enableHiveSupport()
                .config("spark.sql.warehouse.dir", tables + "/warehouse")
                .config(
                    "spark.hadoop.javax.jdo.option.ConnectionURL",
                    "jdbc:derby:;databaseName=" + tables + "/metastore_db;create=true")
                .config("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension")
                .config(
                    "spark.sql.catalog.spark_catalog",
                    "org.apache.spark.sql.delta.catalog.DeltaCatalog");
      }
      session = builder.getOrCreate();
      session.sparkContext().setLogLevel("WARN");
    }
    return session;
  }

  private static void deleteRecursively(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
