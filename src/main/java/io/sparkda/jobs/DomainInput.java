package io.sparkda.jobs;

import static org.apache.spark.sql.functions.expr;

import io.sparkda.data.DomainReader;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Where one domain's rows come from: {@code DOMAIN.path} (files, read by {@link DomainReader}),
 * {@code DOMAIN.table} (a table of the session's catalogs: {@code db.events}, {@code
 * lake.db.events}, {@code delta.`/data/events`}) or {@code DOMAIN.query} (Spark SQL), exactly one;
 * then {@code DOMAIN.where}, a SQL predicate such as a partition filter, which Spark pushes down to
 * the files or the table's partitions.
 *
 * @param domain "source" or "target", the config section
 * @param kind path, table or query
 * @param value the resolved path, the table name or the query
 * @param where the predicate, or "" for every row
 */
record DomainInput(String domain, String kind, String value, String where) {
  static final String PATH = "path";
  static final String TABLE = "table";
  static final String QUERY = "query";
  private static final List<String> KINDS = List.of(PATH, TABLE, QUERY);

  /** Which of path, table and query the config sets; refused unless exactly one (no Spark). */
  static DomainInput of(JobConfig config, String domain) {
    List<String> set = new ArrayList<>();
    for (String kind : KINDS) {
      if (config.isSet(domain + "." + kind) && !config.string(domain + "." + kind).isBlank()) {
        set.add(domain + "." + kind);
      }
    }
    if (set.size() != 1) {
      throw new JobConfigException(
          "set exactly one of "
              + domain
              + ".path, "
              + domain
              + ".table or "
              + domain
              + ".query"
              + (set.isEmpty() ? " (none is set)" : " (set: " + String.join(", ", set) + ")"));
    }
    String kind = set.get(0).substring(domain.length() + 1);
    String value = config.string(set.get(0));
    if (kind.equals(PATH)) {
      value = InputPaths.resolve(domain + ".path", value, config.file());
    }
    return new DomainInput(domain, kind, value, config.string(domain + ".where").trim());
  }

  /** For logs, metrics.json and the report: the path, or the table or query, and the filter. */
  String describe() {
    String what = kind.equals(PATH) ? value : kind + " " + value;
    return where.isEmpty() ? what : what + " where " + where;
  }

  Dataset<Row> read(SparkSession spark, JobConfig config) {
    Dataset<Row> rows =
        switch (kind) {
          case PATH -> readPath(spark, config);
          case TABLE -> TableErrors.reading(domain + ".table", value, () -> spark.table(value));
          default -> TableErrors.reading(domain + ".query", value, () -> spark.sql(value));
        };
    if (where.isEmpty()) {
      return rows;
    }
    try {
      return rows.where(expr(where));
    } catch (Exception e) {
      // A parse error or a column the rows lack; Spark's exceptions are undeclared in Java.
      throw new JobConfigException(
          domain
              + ".where \""
              + where
              + "\" is not a predicate over the "
              + domain
              + " rows: "
              + DomainReader.rootCauseLine(e),
          e);
    }
  }

  private Dataset<Row> readPath(SparkSession spark, JobConfig config) {
    try {
      return DomainReader.read(
          spark,
          domain,
          value,
          config.string(domain + ".format"),
          config.integer(domain + ".numFeatures"),
          config.object(domain + ".options"),
          true);
    } catch (IllegalArgumentException e) {
      if (value.contains(InputPaths.SHARED_DATASETS)) {
        throw new JobConfigException(e.getMessage() + InputPaths.SHARED_DATASETS_HINT, e);
      }
      throw e;
    }
  }
}
