package io.sparkda.internal.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.spi.ToolProvider;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Keeps {@code nn} free of DJL's {@code Number} overloads ({@code NDArray.mul(Number)} and the
 * like), whose operand autograd may read after a garbage collection freed it (see {@link Scalars}).
 * Reads the compiled classes' constant pools, so it sees every call, whatever the source looks like
 * ({@code mul(2f)}, {@code mul(weight)}, {@code div(n)}).
 */
class NumberOverloadTest {
  /** A call to any NDArray method that takes a Number. */
  private static final Pattern NUMBER_OVERLOAD =
      Pattern.compile("Method ai/djl/ndarray/NDArray\\.(\\w+):\\([^)]*Ljava/lang/Number;[^)]*\\)");

  @Test
  void nnCallsNoNumberOverloadOfNdArray() throws Exception {
    Path classes =
        Path.of(Scalars.class.getProtectionDomain().getCodeSource().getLocation().toURI())
            .resolve("io/sparkda/internal/nn");
    List<Path> files;
    try (Stream<Path> listing = Files.list(classes)) {
      files = listing.filter(p -> p.toString().endsWith(".class")).sorted().toList();
    }
    assertTrue(files.size() > 10, "compiled nn classes found in " + classes);
    List<String> offenders = new ArrayList<>();
    for (Path file : files) {
      Matcher m = NUMBER_OVERLOAD.matcher(disassemble(file));
      while (m.find()) {
        offenders.add(file.getFileName() + ": NDArray." + m.group(1) + "(Number)");
      }
    }
    assertEquals(List.of(), offenders, "use Scalars.like(array, value) instead");
  }

  @Test
  void theCheckRecognisesANumberOverload() throws Exception {
    Path self =
        Path.of(NumberOverloadTest.class.getResource("NumberOverloadTest$Offender.class").toURI());
    assertTrue(NUMBER_OVERLOAD.matcher(disassemble(self)).find());
  }

  private static String disassemble(Path classFile) {
    ToolProvider javap =
        ToolProvider.findFirst("javap")
            .orElseThrow(
                () -> new IllegalStateException("javap not found: run the tests on a JDK"));
    StringWriter out = new StringWriter();
    int rc = javap.run(new PrintWriter(out), new PrintWriter(out), "-v", classFile.toString());
    assertEquals(0, rc, out.toString());
    return out.toString();
  }

  /** What the check must catch. */
  @SuppressWarnings("unused")
  private static final class Offender {
    static NDArray twice(NDArray x) {
      return x.mul(2f);
    }
  }
}
