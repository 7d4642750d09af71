package io.sparkda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Type;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The public API is {@code io.sparkda.ml}, {@code io.sparkda.data}, {@code io.sparkda.eval} and the
 * job entry point; everything under {@code io.sparkda.internal} may change without notice. So no
 * public or protected signature of an API type may mention an internal type.
 */
class ApiBoundaryTest {
  private static final String[] API_PACKAGES = {
    "io.sparkda.ml", "io.sparkda.data", "io.sparkda.eval"
  };
  private static final String INTERNAL = "io.sparkda.internal.";

  @Test
  void publicSignaturesOfTheApiMentionNoInternalType() throws Exception {
    List<String> leaks = new ArrayList<>();
    List<Class<?>> api = apiClasses();
    assertTrue(api.size() >= 10, "found the API classes: " + api);
    assertTrue(
        api.stream().anyMatch(c -> c.getPackageName().equals("io.sparkda.ml.jda")),
        "sub-packages are checked too: " + api);
    for (Class<?> type : api) {
      check(type.getName() + " extends", type.getGenericSuperclass(), leaks);
      for (Type i : type.getGenericInterfaces()) {
        check(type.getName() + " implements", i, leaks);
      }
      for (Constructor<?> c : type.getDeclaredConstructors()) {
        if (visible(c.getModifiers())) {
          for (Type p : c.getGenericParameterTypes()) {
            check(c.toString(), p, leaks);
          }
        }
      }
      for (Method m : type.getDeclaredMethods()) {
        if (visible(m.getModifiers()) && !m.isSynthetic()) {
          check(m.toString(), m.getGenericReturnType(), leaks);
          for (Type p : m.getGenericParameterTypes()) {
            check(m.toString(), p, leaks);
          }
        }
      }
      for (Field f : type.getDeclaredFields()) {
        if (visible(f.getModifiers())) {
          check(f.toString(), f.getGenericType(), leaks);
        }
      }
    }
    assertEquals(List.of(), leaks, "internal types in the public API");
  }

  /** The job is a client of the API too: its sources import nothing internal. */
  @Test
  void theJobUsesOnlyThePublicApi() throws IOException {
    List<String> imports = new ArrayList<>();
    try (Stream<Path> files = Files.list(Path.of("src/main/java/io/sparkda/jobs"))) {
      for (Path file : (Iterable<Path>) files::iterator) {
        for (String line : Files.readAllLines(file)) {
          if (line.contains(INTERNAL)) {
            imports.add(file.getFileName() + ": " + line.trim());
          }
        }
      }
    }
    assertEquals(List.of(), imports);
  }

  private static boolean visible(int modifiers) {
    return Modifier.isPublic(modifiers) || Modifier.isProtected(modifiers);
  }

  private static void check(String where, Type type, List<String> leaks) {
    if (type != null && type.getTypeName().contains(INTERNAL)) {
      leaks.add(where + " mentions " + type.getTypeName());
    }
  }

  /**
   * The public top-level and nested classes of the API packages and their sub-packages (one per
   * shallow method under {@code io.sparkda.ml}), from the compiled classes.
   */
  private static List<Class<?>> apiClasses() throws IOException, ClassNotFoundException {
    List<Class<?>> classes = new ArrayList<>();
    Path root = Path.of("target/classes");
    for (String pkg : API_PACKAGES) {
      try (Stream<Path> files = Files.walk(root.resolve(pkg.replace('.', '/')))) {
        for (Path file : (Iterable<Path>) files::iterator) {
          String name = root.relativize(file).toString();
          if (name.endsWith(".class")) {
            Class<?> type =
                Class.forName(
                    name.substring(0, name.length() - 6).replace('/', '.'),
                    false,
                    ApiBoundaryTest.class.getClassLoader());
            if (Modifier.isPublic(type.getModifiers()) && !type.isAnonymousClass()) {
              classes.add(type);
            }
          }
        }
      }
    }
    return classes;
  }
}
