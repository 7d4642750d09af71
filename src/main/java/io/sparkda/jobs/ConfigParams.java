package io.sparkda.jobs;

import java.util.Arrays;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.TreeSet;
import org.apache.spark.ml.param.BooleanParam;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntArrayParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.Params;
import org.apache.spark.ml.param.StringArrayParam;

/**
 * Sets a stage's Params from a config section by name, as XGBoost4J-Spark sets them from a param
 * map: {@code model.batchSize = 32} calls {@code set(batchSize, 32)}. A new Param of the stage
 * needs no job code, only its default in spark-da-reference.conf (which also rejects unknown keys).
 * Values are read with the Param's type, so a wrong type is reported by its config key, and an
 * invalid value by the Param's validator.
 */
final class ConfigParams {
  private ConfigParams() {}

  /**
   * Every key of {@code section} but {@code jobKeys} (settings of the job itself), set on {@code
   * stage} through the Param of the same name.
   */
  static <T extends Params> T set(T stage, JobConfig config, String section, String... jobKeys) {
    Set<String> keys = new TreeSet<>(config.object(section).keySet());
    keys.removeAll(Arrays.asList(jobKeys));
    for (String key : keys) {
      Param<Object> param;
      try {
        @SuppressWarnings("unchecked")
        Param<Object> named = (Param<Object>) stage.getParam(key);
        param = named;
      } catch (NoSuchElementException e) {
        throw new JobConfigException(
            String.format(
                "config key '%s.%s' is not a Param of %s",
                section, key, stage.getClass().getSimpleName()),
            e);
      }
      stage.set(param, value(param, config, section + "." + key));
    }
    return stage;
  }

  private static Object value(Param<?> param, JobConfig config, String path) {
    if (param instanceof IntParam) {
      return config.integer(path);
    } else if (param instanceof LongParam) {
      return config.longValue(path);
    } else if (param instanceof DoubleParam) {
      return config.number(path);
    } else if (param instanceof BooleanParam) {
      return config.flag(path);
    } else if (param instanceof IntArrayParam) {
      return config.integers(path);
    } else if (param instanceof StringArrayParam) {
      return config.strings(path).toArray(new String[0]);
    }
    return config.string(path);
  }
}
