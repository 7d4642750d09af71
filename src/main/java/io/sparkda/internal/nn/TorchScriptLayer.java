package io.sparkda.internal.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.UnaryOperator;

/**
 * A feature extractor saved from PyTorch as TorchScript ({@code torch.jit.script(m).save(path)}),
 * trained as part of the network: its parameters are a slice of the flat vector (their initial
 * values are the module's own), averaged and updated like every other layer's, while its forward
 * pass is the module's. The spec keeps the file's bytes, so executors and saved models carry it.
 *
 * <p>The module is probed once when the spec is built: its parameters (in the module's order) and
 * the shape of its output for rows of the given shape. Each {@link Network} loads it once ({@link
 * #open}); see {@link NativeModule} for how weights and gradients cross.
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
  private final int[] sizes;
  private final float[] initial;

  private TorchScriptLayer(
      byte[] module, String name, RowShape input, RowShape output, int[] sizes, float[] initial) {
    this.module = module;
    this.name = name;
    this.input = input;
    this.output = output;
    this.sizes = sizes;
    this.initial = initial;
  }

  /**
   * Loads the module from {@code bytes} and probes it on rows of {@code input}; {@code name} (the
   * file's name) is what messages and the saved spec call it.
   */
  public static TorchScriptLayer load(byte[] bytes, String name, RowShape input) {
    try (NDManager manager = NDManager.newBaseManager();
        Autograd off = Autograd.inference()) {
      PtSymbolBlock block = loadModule(manager, bytes, name);
      List<Integer> sizes = new ArrayList<>();
      List<float[]> values = new ArrayList<>();
      for (Pair<String, Parameter> p : block.getDirectParameters()) {
        float[] v = p.getValue().getArray().toFloatArray();
        sizes.add(v.length);
        values.add(v);
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
        NDArray probe = forward(block, manager, manager.zeros(new Shape(dims)), false);
        output =
            RowShape.of(
                Arrays.stream(probe.getShape().slice(1).getShape())
                    .mapToInt(Math::toIntExact)
                    .toArray());
      } catch (RuntimeException e) {
        throw new IllegalArgumentException(
            "TorchScript feature extractor "
                + name
                + " does not take rows of shape "
                + input
                + " (a batch of shape [n, "
                + input.toString().substring(1)
                + "): "
                + e.getMessage()
                + "; set inputShape to the shape its forward expects",
            e);
      }
      return new TorchScriptLayer(
          bytes.clone(),
          name,
          input,
          output,
          sizes.stream().mapToInt(Integer::intValue).toArray(),
          initial);
    }
  }

  private static PtSymbolBlock loadModule(NDManager manager, byte[] bytes, String name) {
    try {
      return JniUtils.loadModule(
          (PtNDManager) manager, new ByteArrayInputStream(bytes), false, false);
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException(
          name
              + " is not a TorchScript module that libtorch can load (save it with "
              + "torch.jit.script(module).save(path)): "
              + e.getMessage(),
          e);
    }
  }

  private static NDArray forward(
      PtSymbolBlock block, NDManager manager, NDArray x, boolean training) {
    NDList out = block.forward(new ParameterStore(manager, false), new NDList(x), training);
    if (out.size() != 1) {
      throw new IllegalArgumentException(
          "its forward returns " + out.size() + " tensors, a feature extractor returns one");
    }
    return out.singletonOrThrow();
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
  public int[] parameterSizes(RowShape shape) {
    return sizes.clone();
  }

  /** The module's own initial values, as PyTorch saved them. */
  @Override
  public void initialize(RowShape shape, float[] params, int offset, Random random) {
    System.arraycopy(initial, 0, params, offset, initial.length);
  }

  @Override
  public UnaryOperator<NDArray> bind(RowShape shape, List<NDArray> parameters) {
    throw new IllegalStateException(this + " runs through its NativeModule (open), not views");
  }

  @Override
  public NativeModule open(RowShape shape, NDManager manager, boolean training) {
    PtSymbolBlock block = loadModule(manager, module, name);
    List<NDArray> parameters = new ArrayList<>();
    for (Pair<String, Parameter> p : block.getDirectParameters()) {
      NDArray array = p.getValue().getArray();
      array.setRequiresGradient(training);
      parameters.add(array);
    }
    return new NativeModule() {
      @Override
      public boolean copiesWeights() {
        return true;
      }

      @Override
      public UnaryOperator<NDArray> bind(List<NDArray> weights) {
        try (Autograd off = Autograd.inference()) {
          for (int k = 0; k < parameters.size(); k++) {
            NDArray target = parameters.get(k);
            target.set(new NDIndex("..."), weights.get(k).reshape(target.getShape()));
          }
        }
        return x -> forward(block, manager, x, training);
      }

      @Override
      public NDArray gradient() {
        // getGradient() returns a new handle each call: close them with their flat views.
        NDList handles = new NDList();
        NDList flat = new NDList();
        for (NDArray p : parameters) {
          NDArray gradient = p.getGradient();
          handles.add(gradient);
          flat.add(gradient.reshape(-1));
        }
        NDArray all = NDArrays.concat(flat);
        flat.close();
        handles.close();
        return all;
      }

      @Override
      public void zeroGradients() {
        for (NDArray p : parameters) {
          JniUtils.zeroGrad((PtNDArray) p);
        }
      }
    };
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
