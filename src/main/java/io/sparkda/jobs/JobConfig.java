package io.sparkda.jobs;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueFactory;
import com.typesafe.config.ConfigValueType;
import java.io.File;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * A job's configuration: the user's HOCON file, then {@code key=value} overrides on top, then the
 * defaults of {@code spark-da-reference.conf}. Keys the reference does not know are refused, so a
 * typo fails the job instead of being silently ignored.
 */
public final class JobConfig {
  static final String REFERENCE = "spark-da-reference.conf";

  /** The tuning grid: config keys (checked when the grid is read) to lists of values. */
  static final String TUNE_GRID = "tune.grid";

  /** A list of objects, each a set of config keys and values one tuning candidate changes. */
  static final String TUNE_CANDIDATES = "tune.candidates";

  /** Objects whose keys are free-form (passed to Spark as they are). */
  static final List<String> OPEN_OBJECTS =
      List.of("source.options", "target.options", "output.partitionValues", TUNE_GRID);

  private final Config config;
  private final File file;

  private JobConfig(Config config, File file) {
    this.config = config;
    this.file = file;
  }

  /** The config file the job was started with. */
  public File file() {
    return file;
  }

  public static JobConfig load(File file, List<String> overrides) {
    if (!file.isFile()) {
      throw new JobConfigException("config file not found: " + file);
    }
    Config user;
    try {
      user = ConfigFactory.parseFile(file, ConfigParseOptions.defaults().setAllowMissing(false));
      for (int i = overrides.size() - 1; i >= 0; i--) {
        user = parseOverride(overrides.get(i)).withFallback(user);
      }
    } catch (ConfigException e) {
      throw new JobConfigException("cannot read config " + file + ": " + e.getMessage(), e);
    }
    Config reference = ConfigFactory.parseResources(JobConfig.class.getClassLoader(), REFERENCE);
    if (reference.isEmpty()) {
      throw new IllegalStateException(REFERENCE + " missing from the classpath");
    }
    rejectUnknownKeys(user, reference);
    try {
      return new JobConfig(user.withFallback(reference).resolve(), file.getAbsoluteFile());
    } catch (ConfigException e) {
      throw new JobConfigException("invalid config " + file + ": " + e.getMessage(), e);
    }
  }

  private static Config parseOverride(String override) {
    int eq = override.indexOf('=');
    if (eq <= 0) {
      throw new JobConfigException("override '" + override + "' is not key=value");
    }
    return ConfigFactory.parseString(override);
  }

  private static void rejectUnknownKeys(Config user, Config reference) {
    for (Map.Entry<String, ConfigValue> entry : user.entrySet()) {
      String path = entry.getKey();
      if (OPEN_OBJECTS.stream().anyMatch(open -> path.startsWith(open + "."))
          || path.startsWith(SparkSettings.BLOCK + ".")) {
        continue; // free-form; spark.* keys are Spark settings (SparkSettings)
      }
      if (!knows(reference, path)) {
        throw new JobConfigException(
            "unknown config key '"
                + path
                + "'"
                + knownSiblings(path, reference)
                + " (all keys and defaults: "
                + REFERENCE
                + ", see docs/jobs.md)");
      }
    }
  }

  /** Whether the reference has {@code path}; a path HOCON cannot look up (a quoted key) is new. */
  private static boolean knows(Config reference, String path) {
    try {
      return reference.hasPathOrNull(path);
    } catch (ConfigException e) {
      return false;
    }
  }

  private static String knownSiblings(String path, Config reference) {
    int dot = path.lastIndexOf('.');
    String parent = dot < 0 ? "" : path.substring(0, dot);
    TreeSet<String> names = new TreeSet<>();
    Config scope =
        parent.isEmpty()
            ? reference
            : knows(reference, parent)
                    && reference.getValue(parent).valueType() == ConfigValueType.OBJECT
                ? reference.getConfig(parent)
                : null;
    if (scope == null) {
      return "";
    }
    scope.root().keySet().forEach(names::add);
    return "; known keys"
        + (parent.isEmpty() ? "" : " under '" + parent + "'")
        + ": "
        + String.join(", ", names);
  }

  public boolean isSet(String path) {
    return config.hasPath(path);
  }

  public String string(String path) {
    return read(path, config::getString);
  }

  public int integer(String path) {
    return read(path, config::getInt);
  }

  public long longValue(String path) {
    return read(path, config::getLong);
  }

  public double number(String path) {
    return read(path, config::getDouble);
  }

  public boolean flag(String path) {
    return read(path, config::getBoolean);
  }

  public List<String> strings(String path) {
    return read(path, config::getStringList);
  }

  public int[] integers(String path) {
    return read(path, p -> config.getIntList(p).stream().mapToInt(Integer::intValue).toArray());
  }

  /** Reads a required key, turning a wrong type into a message that names the key. */
  private <T> T read(String path, Function<String, T> getter) {
    if (!config.hasPath(path)) {
      throw new JobConfigException("config key '" + path + "' is required");
    }
    try {
      return getter.apply(path);
    } catch (ConfigException e) {
      throw new JobConfigException("config key '" + path + "': " + e.getMessage(), e);
    }
  }

  /** The value at {@code path} as JSON (a number, string, list or object). */
  public String json(String path) {
    return read(path, p -> config.getValue(p).render(ConfigRenderOptions.concise()));
  }

  /** The leaves below {@code path} by their dotted path under it (nulls included). */
  Map<String, ConfigValue> leaves(String path) {
    Map<String, ConfigValue> leaves = new TreeMap<>();
    collectLeaves("", read(path, config::getConfig).root(), leaves);
    return leaves;
  }

  private static void collectLeaves(
      String prefix, ConfigObject object, Map<String, ConfigValue> leaves) {
    for (Map.Entry<String, ConfigValue> entry : object.entrySet()) {
      if (entry.getValue().valueType() == ConfigValueType.OBJECT) {
        collectLeaves(prefix + entry.getKey() + ".", (ConfigObject) entry.getValue(), leaves);
      } else {
        leaves.put(prefix + entry.getKey(), entry.getValue());
      }
    }
  }

  public Map<String, Object> object(String path) {
    return read(path, config::getConfig).root().unwrapped();
  }

  /** This configuration with {@code path} set to {@code value} (a string, number or list). */
  public JobConfig with(String path, Object value) {
    if (!config.hasPathOrNull(path)) {
      throw new JobConfigException(
          "unknown config key '" + path + "'" + knownSiblings(path, config));
    }
    return new JobConfig(config.withValue(path, ConfigValueFactory.fromAnyRef(value)), file);
  }

  /**
   * The leaves of the object at {@code path}, by their dotted path below it, each a list; in the
   * file's order of keys (sorted, as HOCON objects have none).
   */
  public Map<String, List<Object>> lists(String path) {
    Map<String, List<Object>> lists = new TreeMap<>();
    for (Map.Entry<String, ConfigValue> entry : read(path, config::getConfig).entrySet()) {
      // A quoted key ("model.lambda" = [...]) means the same as the unquoted path.
      String name = String.join(".", ConfigUtil.splitPath(entry.getKey()));
      String key = path + "." + name;
      if (entry.getValue().valueType() != ConfigValueType.LIST) {
        throw new JobConfigException(
            "config key '" + key + "' must be a list of values to try, e.g. [0.1, 1.0]");
      }
      @SuppressWarnings("unchecked")
      List<Object> values = (List<Object>) entry.getValue().unwrapped();
      lists.put(name, values);
    }
    return lists;
  }

  /**
   * The list at {@code path} of objects, each as its leaves by dotted path ({@code {
   * model.lambdaMax = 0.1 }} is {@code model.lambdaMax -> 0.1}), in the order HOCON keeps (sorted).
   */
  public List<Map<String, Object>> overrideSets(String path) {
    List<? extends ConfigValue> list = read(path, config::getList);
    List<Map<String, Object>> sets = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      ConfigValue value = list.get(i);
      if (value.valueType() != ConfigValueType.OBJECT || ((ConfigObject) value).isEmpty()) {
        throw new JobConfigException(
            "config key '"
                + path
                + "["
                + i
                + "]' must be a non-empty object of config keys, e.g. { method = jda }");
      }
      Map<String, ConfigValue> leaves = new TreeMap<>();
      collectLeaves("", (ConfigObject) value, leaves);
      Map<String, Object> set = new LinkedHashMap<>();
      leaves.forEach((k, v) -> set.put(k, v.unwrapped()));
      sets.add(set);
    }
    return sets;
  }

  /** The effective configuration, for metrics.json. */
  public Map<String, Object> asMap() {
    return config.root().unwrapped();
  }
}
