package io.sparkda.jobs;

import java.util.Arrays;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
  /** A Param-like name at the start of a message, followed by a space, quote or colon. */
  private static final Pattern LEADING_NAME = Pattern.compile("^([a-z][A-Za-z0-9]*)[ ':]");

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
      set(stage, param, config, section + "." + key);
    }
    return stage;
  }

  /**
   * Sets the Param named {@code paramName} from the config key {@code path}, for keys named
   * otherwise (e.g. {@code reweighting.domainRegParam} is the domain classifier's regParam).
   */
  static <T extends Params> T set(T stage, String paramName, JobConfig config, String path) {
    @SuppressWarnings("unchecked")
    Param<Object> param = (Param<Object>) stage.getParam(paramName);
    set(stage, param, config, path);
    return stage;
  }

  private static void set(Params stage, Param<Object> param, JobConfig config, String path) {
    Object value = value(param, config, path);
    try {
      stage.set(param, value);
    } catch (IllegalArgumentException e) {
      throw new JobConfigException(invalidValue(path, config.json(path), param, e), e);
    }
  }

  /**
   * A refused value by its config key: Spark's own "dannClassifier_1a2b parameter batchSize given
   * invalid value 0." becomes "model.batchSize = 0 is not valid: " + the Param's doc (which states
   * the valid values); a validator's own message keeps its words, with the key for the Param name.
   */
  private static String invalidValue(
      String path, String value, Param<?> param, IllegalArgumentException e) {
    String message = String.valueOf(e.getMessage());
    if (message.contains(" given invalid value ")) {
      return path + " = " + value + " is not valid: " + param.doc();
    }
    return message.startsWith(param.name()) && !message.startsWith(param.name() + ".")
        ? path + message.substring(param.name().length())
        : path + " = " + value + ": " + message;
  }

  /**
   * An error raised at fit that starts with a Param's name ("inputShape [1, 8, 8] holds 64
   * values..."), with the config key instead when exactly one of {@code sections} has that key; any
   * other error as it is.
   */
  static RuntimeException byConfigKey(
      IllegalArgumentException e, JobConfig config, List<String> sections) {
    String message = String.valueOf(e.getMessage());
    Matcher name = LEADING_NAME.matcher(message);
    if (!name.find()) {
      return e;
    }
    List<String> keys =
        sections.stream()
            .filter(section -> config.object(section).containsKey(name.group(1)))
            .map(section -> section + "." + name.group(1))
            .toList();
    return keys.size() == 1
        ? new JobConfigException(keys.get(0) + message.substring(name.end(1)), e)
        : e;
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
