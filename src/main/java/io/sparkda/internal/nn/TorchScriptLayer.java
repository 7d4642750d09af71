package io.sparkda.internal.nn;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.UnaryOperator;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.IValue;
import org.bytedeco.pytorch.IValueVector;
import org.bytedeco.pytorch.JitModule;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.bytedeco.pytorch.parameter_iterator;
import org.bytedeco.pytorch.parameter_list;

/**
 * A feature extractor saved from PyTorch as TorchScript ({@code torch.jit.script(m).save(path)}),
 * trained as part of the network: its parameters are a slice of the flat vector (their initial
 * values are the module's own), averaged and updated like every other layer's, while its forward
 * pass is the module's. The spec keeps the file's bytes, so executors and saved models carry it.
 *
 * <p>The module is probed once when the spec is built: its parameters (in the module's order) and
 * the shape of its output for rows of the given shape. Each {@link Network} loads it once ({@link
 * #bind}) and points the module's parameters at the network's views of the flat weights (their
 * data, and in training their gradients), so the optimizer's update is what the module computes
 * with and backward fills the flat gradient: nothing is copied per step.
 */
public final class TorchScriptLayer implements Layer {
  private static final long serialVersionUID = 1L;

  /** What a spec's text calls a TorchScript extractor: {@code torchscript(file name)}. */
  public static final String SPEC_NAME = "torchscript";

  private static final String SPEC_PREFIX = SPEC_NAME + "(";

  private final byte[] module;
  private final String name;
  private final RowShape input;
  private final RowShape output;
  private final long[][] shapes;
  private final float[] initial;

  private TorchScriptLayer(
      byte[] module,
      String name,
      RowShape input,
      RowShape output,
      long[][] shapes,
      float[] initial) {
    this.module = module;
    this.name = name;
    this.input = input;
    this.output = output;
    this.shapes = shapes;
    this.initial = initial;
  }

  /**
   * Loads the module from {@code bytes} and probes it on rows of {@code input}; {@code name} (the
   * file's name) is what messages and the saved spec call it.
   */
  public static TorchScriptLayer load(byte[] bytes, String name, RowShape input) {
    try (PointerScope scope = new PointerScope();
        Autograd off = Autograd.inference()) {
      JitModule module = loadModule(bytes, name);
      List<long[]> shapes = new ArrayList<>();
      List<float[]> values = new ArrayList<>();
      for (Tensor p : parameters(module)) {
        shapes.add(Tensors.shape(p));
        values.add(Tensors.toFloats(p));
      }
      float[] initial = new float[values.stream().mapToInt(v -> v.length).sum()];
      int at = 0;
      for (float[] v : values) {
        System.arraycopy(v, 0, initial, at, v.length);
        at += v.length;
      }
      RowShape output;
      try {
        long[] dims = new long[input.rank() + 1];
        dims[0] = 2;
        for (int i = 0; i < input.rank(); i++) {
          dims[i + 1] = input.dim(i);
        }
        long[] probe = Tensors.shape(forward(module, Tensors.zeros(dims)));
        output = RowShape.of(Arrays.stream(probe).skip(1).mapToInt(Math::toIntExact).toArray());
      } catch (RuntimeException e) {
        throw new IllegalArgumentException(
            "TorchScript feature extractor "
                + name
                + " does not take rows of shape "
                + input
                + " (a batch of shape [n, "
                + input.toString().substring(1)
                + "): "
                + firstLine(e.getMessage())
                + "; set inputShape to the shape its forward expects",
            e);
      }
      return new TorchScriptLayer(
          bytes.clone(), name, input, output, shapes.toArray(new long[0][]), initial);
    }
  }

  /** The module's parameters, its submodules' included, in the module's order. */
  private static List<Tensor> parameters(JitModule module) {
    List<Tensor> parameters = new ArrayList<>();
    parameter_list list = module.parameters(true);
    for (parameter_iterator it = list.begin(); it.notEquals(list.end()); it = it.increment()) {
      parameters.add(it.access());
    }
    return parameters;
  }

  /**
   * Loads the module in the caller's scope. libtorch reads modules from files, so the bytes go
   * through a temporary one.
   */
  private static JitModule loadModule(byte[] bytes, String name) {
    Path file;
    try {
      file = Files.createTempFile("spark-da-extractor", ".pt");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    try {
      Files.write(file, bytes);
      return torch.load(file.toString());
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException(
          name
              + " is not a TorchScript module that libtorch can load (save it with "
              + "torch.jit.script(module).save(path)): "
              + firstLine(e.getMessage()),
          e);
    } finally {
      try {
        Files.deleteIfExists(file);
      } catch (IOException e) { // a temporary file left behind is not worth failing for
      }
    }
  }

  private static String firstLine(String message) {
    return message == null ? "" : message.lines().findFirst().orElse("");
  }

  private static Tensor forward(JitModule module, Tensor x) {
    IValue out = module.forward(new IValueVector(new IValue(x)));
    if (!out.isTensor()) {
      throw new IllegalArgumentException(
          "its forward returns "
              + out.tagKind().getString()
              + ", a feature extractor returns one tensor");
    }
    return out.toTensor();
  }

  /** The module file's bytes, as saved with a model. */
  public byte[] moduleBytes() {
    return module.clone();
  }

  public String name() {
    return name;
  }

  @Override
  public RowShape outputShape(RowShape shape) {
    if (!shape.equals(input)) {
      throw new IllegalArgumentException(
          this + " was probed on rows of shape " + input + ", got " + shape);
    }
    return output;
  }

  @Override
  public long[][] parameterShapes(RowShape shape) {
    return Arrays.stream(shapes).map(long[]::clone).toArray(long[][]::new);
  }

  /** The module's own initial values, as PyTorch saved them. */
  @Override
  public void initialize(RowShape shape, float[] params, int offset, Random random) {
    System.arraycopy(initial, 0, params, offset, initial.length);
  }

  @Override
  public UnaryOperator<Tensor> bind(RowShape shape, List<Tensor> weights, boolean training) {
    JitModule module = loadModule(this.module, name);
    module.train(training);
    List<Tensor> parameters = parameters(module);
    try (Autograd off = Autograd.inference()) {
      for (int k = 0; k < parameters.size(); k++) {
        Tensor parameter = parameters.get(k);
        parameter.__dispatch_set_data(weights.get(k).detach());
        if (training) {
          parameter.mutable_grad().put(weights.get(k).grad());
        } else {
          parameter.set_requires_grad(false);
        }
      }
    }
    return x -> forward(module, x);
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof TorchScriptLayer)) {
      return false;
    }
    TorchScriptLayer other = (TorchScriptLayer) o;
    return Arrays.equals(module, other.module) && input.equals(other.input);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(module) + input.hashCode();
  }

  /** Whether a spec's text is a TorchScript extractor's, as a fitted model records it. */
  public static boolean isSpec(String spec) {
    return spec.startsWith(SPEC_PREFIX) && spec.endsWith(")");
  }

  /** The file name in a saved spec's text, {@code torchscript(name)}. */
  public static String nameIn(String spec) {
    if (!isSpec(spec)) {
      throw new IllegalArgumentException("not a TorchScript extractor's spec: " + spec);
    }
    return spec.substring(SPEC_PREFIX.length(), spec.length() - 1);
  }

  /** {@code torchscript(name)}: what the saved spec and messages call it. */
  @Override
  public String toString() {
    return SPEC_PREFIX + name + ")";
  }
}
