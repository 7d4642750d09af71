package io.sparkda.jobs;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Every key of {@code spark-da-reference.conf} with its default and the comment written above it,
 * in the file's order: the reference is the one place keys are documented, so {@code --list-keys}
 * and {@code --help} read it instead of repeating it.
 */
final class ReferenceKeys {
  /** A leaf key (or a free-form object such as {@code source.options}), its default and doc. */
  record Key(String path, String defaultValue, List<String> doc) {}

  private static final String SOURCE = "source.";
  private static final String TARGET = "target.";

  private ReferenceKeys() {}

  static Config reference() {
    Config reference =
        ConfigFactory.parseResources(ReferenceKeys.class.getClassLoader(), JobConfig.REFERENCE);
    if (reference.isEmpty()) {
      throw new IllegalStateException(JobConfig.REFERENCE + " missing from the classpath");
    }
    return reference;
  }

  static List<Key> all() {
    List<Key> keys = new ArrayList<>();
    collect("", reference().root(), keys);
    // target.X means what source.X means, and is documented there.
    Map<String, List<String>> docs = new HashMap<>();
    keys.forEach(k -> docs.put(k.path(), k.doc()));
    return keys.stream()
        .map(
            k ->
                k.doc().isEmpty() && k.path().startsWith(TARGET)
                    ? new Key(
                        k.path(),
                        k.defaultValue(),
                        docs.getOrDefault(SOURCE + k.path().substring(TARGET.length()), List.of()))
                    : k)
        .toList();
  }

  /** The key at {@code path}; IllegalArgumentException when the reference has none. */
  static Key get(String path) {
    return all().stream()
        .filter(k -> k.path().equals(path))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no reference key " + path));
  }

  private static void collect(String prefix, ConfigObject object, List<Key> keys) {
    List<Map.Entry<String, ConfigValue>> entries = new ArrayList<>(object.entrySet());
    entries.sort(Comparator.comparingInt(e -> e.getValue().origin().lineNumber()));
    for (Map.Entry<String, ConfigValue> entry : entries) {
      String path = prefix + entry.getKey();
      ConfigValue value = entry.getValue();
      boolean nested =
          value.valueType() == ConfigValueType.OBJECT && !((ConfigObject) value).isEmpty();
      if (nested && !JobConfig.OPEN_OBJECTS.contains(path)) {
        collect(path + ".", (ConfigObject) value, keys);
      } else {
        List<String> doc = value.origin().comments().stream().map(String::strip).toList();
        if (doc.isEmpty()) {
          // Keys that set a Param are documented where the Param is.
          doc = MethodPipelines.paramDoc(path).map(List::of).orElse(List.of());
        }
        keys.add(new Key(path, value.render(ConfigRenderOptions.concise()), doc));
      }
    }
  }

  /** The --list-keys text: each key = default, its doc indented below it. */
  static String describe(List<Key> keys) {
    StringBuilder text = new StringBuilder();
    for (Key key : keys) {
      text.append(key.path()).append(" = ").append(key.defaultValue()).append('\n');
      for (String line : key.doc()) {
        text.append("    ").append(line).append('\n');
      }
    }
    return text.toString();
  }
}
