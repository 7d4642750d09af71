package io.sparkda.internal.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.spi.ToolProvider;
import java.util.stream.Stream;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.junit.jupiter.api.Test;

/**
 * Keeps tensors over Java-owned memory in one place: libtorch's {@code from_blob} wraps memory it
 * does not own, which Java may free while autograd still holds the tensor for backward (the bug
 * that DJL's number overloads caused, docs/djl-bug/README.md). In {@code nn} only {@link
 * Tensors#viewOf} may call it, and its one caller reads the view without a graph. Reads the
 * compiled classes' constant pools, so it sees every call, whatever the source looks like.
 */
class JavaMemoryTensorTest {
  private static final String FROM_BLOB = "org/bytedeco/pytorch/global/torch.from_blob";

  @Test
  void onlyTensorsViewOfWrapsJavaMemory() throws Exception {
    Path classes =
        Path.of(Tensors.class.getProtectionDomain().getCodeSource().getLocation().toURI())
            .resolve("io/sparkda/internal/nn");
    List<Path> files;
    try (Stream<Path> listing = Files.list(classes)) {
      files = listing.filter(p -> p.toString().endsWith(".class")).sorted().toList();
    }
    assertTrue(files.size() > 10, "compiled nn classes found in " + classes);
    List<String> callers = new ArrayList<>();
    for (Path file : files) {
      if (disassemble(file).contains(FROM_BLOB)) {
        callers.add(file.getFileName().toString());
      }
    }
    assertEquals(List.of("Tensors.class"), callers, "make tensors with Tensors.floats/longs");
  }

  @Test
  void theCheckRecognisesACallToFromBlob() throws Exception {
    Path self =
        Path.of(
            JavaMemoryTensorTest.class.getResource("JavaMemoryTensorTest$Offender.class").toURI());
    assertTrue(disassemble(self).contains(FROM_BLOB));
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
    static Tensor wrap(ByteBuffer buffer) {
      return torch.from_blob(new FloatPointer(buffer.asFloatBuffer()), 4);
    }
  }
}
