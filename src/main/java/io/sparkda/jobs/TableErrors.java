package io.sparkda.jobs;

import io.sparkda.data.DomainReader;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.SparkSession;

/**
 * Spark's errors about tables and catalogs, turned into one line that names the config key and the
 * fix: a table that is not there, a catalog that is not configured, a catalog or format whose
 * package is missing or built for another Spark (docs/jobs.md, "Tables").
 */
final class TableErrors {
  private static final Pattern MISSING_PLUGIN =
      Pattern.compile(
          "Cannot find catalog plugin class for catalog '([^']+)': ([\\w$]+(?:\\.[\\w$]+)*)");
  private static final String PACKAGES =
      " (docs/jobs.md, \"Tables\": Iceberg is org.apache.iceberg:iceberg-spark-runtime-<spark>_"
          + "<scala>, Delta Lake io.delta:delta-spark_<scala>, the Hive catalog Spark's own"
          + " spark-hive)";

  private TableErrors() {}

  /** {@code action}'s result, or a {@link JobConfigException} naming {@code key} and the fix. */
  static <T> T reading(String key, String name, Action<T> action) {
    try {
      return action.run();
    } catch (Exception | LinkageError e) {
      throw explain(key, name, e);
    }
  }

  /** Spark's table calls, some of which declare AnalysisException. */
  interface Action<T> {
    T run() throws Exception;
  }

  /**
   * The one-line refusal for {@code e}, or {@code e} itself (as unchecked) when it is not about the
   * table, its catalog or its format.
   */
  static RuntimeException explain(String key, String name, Throwable e) {
    String line = DomainReader.rootCauseLine(e);
    String subject = key + " '" + name + "'";
    if (e instanceof LinkageError) {
      return new JobConfigException(
          subject
              + ": the package of its catalog or format was built for another Spark than this "
              + SparkSession.active().version()
              + " ("
              + e.getClass().getSimpleName()
              + ": "
              + line
              + "): use that project's build for this Spark"
              + PACKAGES,
          e);
    }
    String message = String.valueOf(e.getMessage());
    Matcher plugin = MISSING_PLUGIN.matcher(message);
    if (plugin.find()) {
      return new JobConfigException(
          subject
              + ": catalog '"
              + plugin.group(1)
              + "' is set to "
              + plugin.group(2)
              + ", which is not on the classpath: add its package with --packages or --jars"
              + PACKAGES,
          e);
    }
    if (message.contains("DATA_SOURCE_NOT_FOUND")
        || message.contains("Failed to find data source")) {
      return new JobConfigException(
          subject + ": its format is not on the classpath (" + line + ")" + PACKAGES, e);
    }
    if (message.contains("TABLE_OR_VIEW_NOT_FOUND") && !key.endsWith(".query")) {
      return new JobConfigException(
          subject
              + " does not exist: check the name (catalog.database.table), that its catalog is"
              + " configured in the spark block, and for delta.`/path` that Delta Lake's"
              + " extension is (docs/jobs.md, \"Tables\")",
          e);
    }
    if (message.contains("REQUIRES_SINGLE_PART_NAMESPACE")) {
      String catalog = name.substring(0, Math.max(0, name.indexOf('.')));
      return new JobConfigException(
          subject
              + ": no catalog '"
              + catalog
              + "' is configured: set spark { \"sql.catalog."
              + catalog
              + "\" = <its class> } and its options (docs/jobs.md, \"Tables\")",
          e);
    }
    if (e instanceof AnalysisException || e.getClass().getSimpleName().equals("ParseException")) {
      return new JobConfigException(subject + ": " + line, e);
    }
    return e instanceof RuntimeException runtime ? runtime : new IllegalStateException(e);
  }
}
