package io.sparkda.jobs;

import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The Spark conf of the job's {@code spark} block: every key under it but {@code master} and {@code
 * appName} is a Spark setting of the same name, so {@code spark.sql.shuffle.partitions = 8} (or
 * {@code spark { executor.memory = 4g }}) reaches Spark as written. Set when the job builds its
 * session, on top of what spark-submit passed.
 */
final class SparkSettings {
  static final String BLOCK = "spark";

  /** Keys of the block that are the job's own, not Spark conf. */
  private static final Set<String> JOB_KEYS = Set.of("master", "appName");

  private SparkSettings() {}

  static Map<String, String> of(JobConfig config) {
    Map<String, String> settings = new TreeMap<>();
    for (Map.Entry<String, ConfigValue> entry : config.leaves(BLOCK).entrySet()) {
      if (JOB_KEYS.contains(entry.getKey())) {
        continue;
      }
      String key = BLOCK + "." + entry.getKey();
      ConfigValue value = entry.getValue();
      if (value.valueType() == ConfigValueType.LIST || value.valueType() == ConfigValueType.NULL) {
        throw new JobConfigException(
            "config key '" + key + "' is passed to Spark as a setting: give it one value");
      }
      settings.put(key, String.valueOf(value.unwrapped()));
    }
    return settings;
  }
}
