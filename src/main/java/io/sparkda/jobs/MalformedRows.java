package io.sparkda.jobs;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.first;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.when;

import io.sparkda.data.DomainReader;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code source.malformed} / {@code target.malformed}: what the jobs do with csv and json rows
 * Spark could not parse into the inferred columns (a field too many or too few, a cell of the wrong
 * type), which its permissive mode would otherwise fix up without a word.
 */
final class MalformedRows {
  private static final Logger LOG = LoggerFactory.getLogger(MalformedRows.class);
  static final String FAIL = "fail";
  static final String DROP = "drop";
  static final String WARN = "warn";
  private static final List<String> POLICIES = List.of(FAIL, DROP, WARN);

  /** How much of a malformed line a message quotes. */
  private static final int QUOTED = 80;

  private MalformedRows() {}

  /** The policy of {@code DOMAIN.malformed}; refused unless fail, drop or warn (no Spark). */
  static String policy(JobConfig config, String domain) {
    String policy = config.string(domain + ".malformed");
    if (!POLICIES.contains(policy)) {
      throw new JobConfigException(
          domain
              + ".malformed '"
              + policy
              + "' is not supported: use one of "
              + String.join(", ", POLICIES));
    }
    return policy;
  }

  /**
   * One domain's rows after its policy, and how many were malformed.
   *
   * @param cache what to unpersist when done (the rows read from it), or null
   */
  record Judged(Dataset<Row> rows, long malformed, Dataset<Row> cache) {
    void release() {
      if (cache != null) {
        cache.unpersist();
      }
    }
  }

  /**
   * Caches csv or json rows (anything else is returned as it is), counts the malformed ones,
   * applies the policy, and returns the rows without the parse column (and without the malformed
   * rows, with drop). Cached because Spark fills the parse column only where it parses whole rows:
   * a query of some columns, or a count, sees none.
   */
  static Judged judge(JobConfig config, String domain, Dataset<Row> rows) {
    if (!Arrays.asList(rows.columns()).contains(DomainReader.MALFORMED_RECORD)) {
      return new Judged(rows, 0, null);
    }
    Dataset<Row> cached = rows.persist(StorageLevel.MEMORY_AND_DISK());
    Column malformed = col(DomainReader.MALFORMED_RECORD).isNotNull();
    Row counts =
        cached
            .agg(
                count(when(malformed, 1)),
                first(when(malformed, col(DomainReader.MALFORMED_RECORD)), true))
            .head();
    try {
      judge(config, domain, counts.getLong(0), counts.getString(1));
    } catch (JobConfigException e) {
      cached.unpersist();
      throw e;
    }
    Dataset<Row> kept =
        policy(config, domain).equals(DROP) ? cached.filter(not(malformed)) : cached;
    return new Judged(kept.drop(DomainReader.MALFORMED_RECORD), counts.getLong(0), cached);
  }

  /** Applies the policy to {@code count} malformed rows: exit 2 for fail, else a log line. */
  private static void judge(JobConfig config, String domain, long count, String firstLine) {
    if (count == 0) {
      return;
    }
    String policy = policy(config, domain);
    String line = firstLine == null ? "" : firstLine.strip();
    String quoted = line.length() > QUOTED ? line.substring(0, QUOTED) + "..." : line;
    if (policy.equals(FAIL)) {
      throw new JobConfigException(
          String.format(
              "%s data has %d malformed rows (more or fewer fields than the header, or a cell"
                  + " of the wrong type; the first: \"%s\"): fix them, or set %s.malformed = drop"
                  + " (skip them) or warn (keep them as Spark parsed them)",
              domain, count, quoted, domain));
    }
    LOG.warn(
        "spark-da: {} data has {} malformed rows (the first: \"{}\"); {}.malformed = {}: {}",
        domain,
        count,
        quoted,
        domain,
        policy,
        policy.equals(DROP) ? "skipped" : "kept as Spark parsed them");
  }
}
