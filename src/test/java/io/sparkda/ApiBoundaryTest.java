package io.sparkda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Type;
import java.net.URISyntaxException;
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
    assertEquals(List.of(), linesMentioning(Path.of("src/main/java/io/sparkda/jobs"), INTERNAL));
  }

  /**
   * Networks, losses and native steps know nothing of Spark or Scala, nor do their tests: they run
   * the same on every Spark build, which is why CI's Spark 4 pass may leave those tests out ({@code
   * .ci/spark4-skipped-tests}).
   */
  @Test
  void theNetworksUseNoSparkOrScala() throws IOException {
    for (String root : List.of("src/main/java", "src/test/java")) {
      Path nn = Path.of(root, "io/sparkda/internal/nn");
      assertTrue(Files.isDirectory(nn), nn + " exists");
      assertEquals(List.of(), linesMentioning(nn, "org.apache.spark"));
      assertEquals(List.of(), linesMentioning(nn, "scala."));
    }
  }

  /** The lines of the Java files under {@code dir} that contain {@code text}, with their file. */
  private static List<String> linesMentioning(Path dir, String text) throws IOException {
    List<String> found = new ArrayList<>();
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path file : (Iterable<Path>) files::iterator) {
        if (file.toString().endsWith(".java")) {
          for (String line : Files.readAllLines(file)) {
            if (line.contains(text)) {
              found.add(file.getFileName() + ": " + line.trim());
            }
          }
        }
      }
    }
    return found;
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
  private static List<Class<?>> apiClasses()
      throws IOException, ClassNotFoundException, URISyntaxException {
    List<Class<?>> classes = new ArrayList<>();
    // This build's classes (target/ or target-spark4/), wherever the build put them.
    Path root =
        Path.of(ApiBoundaryTest.class.getProtectionDomain().getCodeSource().getLocation().toURI())
            .getParent()
            .resolve("classes");
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
