package io.sparkda.internal.nn;

import java.util.Locale;
import java.util.Random;
import org.bytedeco.javacpp.PointerScope;

/**
 * The self-check of {@link ConvolutionPath} on many random shapes, for bin/bench-convolution: how
 * often libtorch's conv2d (oneDNN at this JVM's instruction set cap) differs from its im2col
 * kernel, forward or in a gradient. Prints {@code convolution shapes: W of N differ at oneDNN ISA
 * X}. Usage: {@code ConvolutionShapesCheck [N]} (default 200), with {@code
 * -Dspark.da.onednnMaxIsa}.
 */
public final class ConvolutionShapesCheck {
  private ConvolutionShapesCheck() {}

  public static void main(String[] args) {
    int count = args.length > 0 ? Integer.parseInt(args[0]) : 200;
    TorchRuntime.load();
    Random random = new Random(7);
    int wrong = 0;
    for (int i = 0; i < count; i++) {
      int kernel = 1 + random.nextInt(5);
      // rows, channels, filters, kernel, stride, padding, height = width
      int[] shape = {
        1 + random.nextInt(40),
        1 + random.nextInt(40),
        1 + random.nextInt(40),
        kernel,
        1 + random.nextInt(2),
        random.nextInt(3),
        kernel + random.nextInt(12)
      };
      try (PointerScope scope = new PointerScope();
          Autograd recording = Autograd.recording()) {
        wrong += ConvolutionPath.agrees(shape) ? 0 : 1;
      }
    }
    String isa = System.getenv(ConvolutionPath.ISA_VARIABLE);
    String cap = System.getProperty(ConvolutionPath.ISA_PROPERTY, "");
    System.out.printf(
        Locale.ROOT,
        "convolution shapes: %d of %d differ at oneDNN ISA %s%n",
        wrong,
        count,
        cap.isEmpty() ? (isa == null ? "default" : isa) : cap.toUpperCase(Locale.ROOT));
  }
}
