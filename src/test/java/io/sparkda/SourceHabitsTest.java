package io.sparkda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Habits the formatter does not enforce (Spotless with google-java-format checks layout and import
 * order in {@code validate}): code names a class by its import, not inline as {@code
 * java.util.Arrays.toString(...)}. A fully qualified name is fine where the simple name is already
 * imported from another package (two {@code Path}s in one file).
 */
class SourceHabitsTest {
  private static final Pattern QUALIFIED =
      Pattern.compile(
          "(?<![\\w.])((?:java|javax|org|com|scala|ai|io)(?:\\.[a-z0-9_]+)+)\\.([A-Z]\\w*)");
  private static final Pattern IMPORT = Pattern.compile("^import ([\\w.]+)\\.(\\w+);");

  @Test
  void codeUsesImportsNotInlineQualifiedNames() throws IOException {
    List<Path> sources = sources();
    assertTrue(sources.size() > 50, "found the sources: " + sources.size());
    List<String> found = new ArrayList<>();
    for (Path file : sources) {
      found.addAll(inlineQualifiedNames(file.toString(), Files.readAllLines(file)));
    }
    assertEquals(List.of(), found, "import these classes instead");
  }

  @Test
  void theCheckFindsQualifiedNamesInCodeButNotInCommentsStringsOrClashes() {
    List<String> lines =
        List.of(
            "import java.nio.file.Path;",
            "/** See {@link java.util.Arrays}. */",
            "class A {",
            "  String s = \"at io.sparkda.jobs.JobConfig\"; // java.util.List in a comment",
            "  org.apache.hadoop.fs.Path p;",
            "  int[] c = java.util.Arrays.copyOf(x, 2);",
            "}");
    assertEquals(List.of("A.java:6: java.util.Arrays"), inlineQualifiedNames("A.java", lines));
  }

  static List<String> inlineQualifiedNames(String file, List<String> lines) {
    Map<String, String> imported = new HashMap<>();
    for (String line : lines) {
      Matcher m = IMPORT.matcher(line);
      if (m.find()) {
        imported.put(m.group(2), m.group(1));
      }
    }
    List<String> found = new ArrayList<>();
    boolean inComment = false;
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).trim();
      if (line.startsWith("/*")) {
        inComment = true;
      }
      if (inComment
          || line.startsWith("*")
          || line.startsWith("import ")
          || line.startsWith("package ")) {
        inComment &= !line.contains("*/");
        continue;
      }
      Matcher m = QUALIFIED.matcher(code(line));
      while (m.find()) {
        String elsewhere = imported.get(m.group(2));
        if (elsewhere == null || elsewhere.equals(m.group(1))) {
          found.add(file + ":" + (i + 1) + ": " + m.group(1) + "." + m.group(2));
        }
      }
    }
    return found;
  }

  /** The line without string literals and a trailing // comment. */
  private static String code(String line) {
    StringBuilder code = new StringBuilder();
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (c == '"') {
        for (i++; i < line.length() && line.charAt(i) != '"'; i++) {
          i += line.charAt(i) == '\\' ? 1 : 0;
        }
        code.append("\"\"");
      } else if (line.startsWith("//", i)) {
        break;
      } else {
        code.append(c);
      }
    }
    return code.toString();
  }

  private static List<Path> sources() throws IOException {
    List<Path> sources = new ArrayList<>();
    for (String root : List.of("src/main/java", "src/test/java", "src/bench/java")) {
      try (Stream<Path> files = Files.walk(Path.of(root))) {
        sources.addAll(
            files.filter(f -> f.toString().endsWith(".java")).collect(Collectors.toList()));
      }
    }
    return sources;
  }
}
