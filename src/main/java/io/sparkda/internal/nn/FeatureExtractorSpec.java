package io.sparkda.internal.nn;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A feature extractor written as text, the form users give in the {@code featureExtractor} Param
 * and the job's {@code model.featureExtractor}: blocks joined by {@code -}, e.g. {@code
 * conv(32,5)-maxpool(2)-conv(64,5)-maxpool(2)-dense(256)}, or a preset name ({@code lenet}).
 *
 * <ul>
 *   <li>{@code conv(filters,kernel[,stride[,padding]])}: 2-D convolution, then ReLU
 *   <li>{@code maxpool(window[,stride])}, {@code avgpool(window[,stride])}; {@code pool} is maxpool
 *   <li>{@code dense(units)}: fully connected, then ReLU; rows are flattened before the first one
 * </ul>
 *
 * The extractor's output is flattened into the embedding. Saved models keep the canonical text
 * ({@link #toString}), so a spec reads back to an equal one.
 */
public final class FeatureExtractorSpec implements Serializable {
  private static final long serialVersionUID = 1L;

  /**
   * LeNet as TLlib trains it on digits (conv 20 and 50 of 5x5, max pooling, a 500-unit bottleneck),
   * with padding 2 so that 16x16 inputs keep TLlib's 28x28 geometry: 800 values reach the dense
   * layer in both.
   */
  public static final Map<String, String> PRESETS =
      Map.of("lenet", "conv(20,5,1,2)-maxpool(2)-conv(50,5,1,2)-maxpool(2)-dense(500)");

  static final String SYNTAX =
      "conv(filters,kernel[,stride[,padding]]), maxpool(window[,stride]), "
          + "avgpool(window[,stride]), pool(window) (= maxpool) or dense(units), joined by '-', "
          + "or a preset: "
          + String.join(", ", PRESETS.keySet());

  private static final Pattern BLOCK = Pattern.compile("([a-z]+)\\(([0-9, ]*)\\)");

  /** The blocks as layers, without the ReLUs and flattening they imply. */
  private final List<Layer> blocks;

  private FeatureExtractorSpec(List<Layer> blocks) {
    this.blocks = List.copyOf(blocks);
  }

  /** Dense layers of these widths: the MLP that {@code hiddenLayers} describes. */
  public static FeatureExtractorSpec mlp(int[] widths) {
    if (widths.length == 0) {
      throw new IllegalArgumentException("an MLP feature extractor needs at least one layer");
    }
    return new FeatureExtractorSpec(
        Arrays.stream(widths).mapToObj(DenseLayer::new).collect(Collectors.toList()));
  }

  /** A TorchScript module as the whole extractor ({@code featureExtractorPath}). */
  public static FeatureExtractorSpec torchScript(TorchScriptLayer module) {
    return new FeatureExtractorSpec(List.of(module));
  }

  /** Reads a spec or a preset name; the message of a bad one names the block and the syntax. */
  public static FeatureExtractorSpec parse(String text) {
    String trimmed = text.trim().toLowerCase(Locale.ROOT);
    if (trimmed.startsWith(TorchScriptLayer.SPEC_NAME)) {
      throw new IllegalArgumentException(
          "featureExtractor '"
              + text
              + "': a TorchScript extractor is given by its file: set featureExtractorPath");
    }
    String expanded = PRESETS.getOrDefault(trimmed, trimmed);
    if (expanded.isEmpty()) {
      throw new IllegalArgumentException("featureExtractor is empty: write " + SYNTAX);
    }
    List<Layer> blocks = new ArrayList<>();
    for (String block : expanded.split("-", -1)) {
      blocks.add(block(block.trim(), text));
    }
    return new FeatureExtractorSpec(blocks);
  }

  private static Layer block(String block, String spec) {
    Matcher m = BLOCK.matcher(block);
    if (!m.matches()) {
      throw invalid(block, spec, "not a block");
    }
    String name = m.group(1);
    int[] args;
    try {
      args =
          m.group(2).isBlank()
              ? new int[0]
              : Arrays.stream(m.group(2).split(","))
                  .mapToInt(a -> Integer.parseInt(a.trim()))
                  .toArray();
    } catch (NumberFormatException e) {
      throw invalid(block, spec, "arguments are whole numbers separated by commas");
    }
    try {
      switch (name) {
        case "conv":
          arity(args, 2, 4, "conv(filters,kernel[,stride[,padding]])");
          return new Conv2dLayer(
              args[0], args[1], args.length > 2 ? args[2] : 1, args.length > 3 ? args[3] : 0);
        case "pool":
        case "maxpool":
        case "avgpool":
          arity(args, 1, 2, name + "(window[,stride])");
          return new PoolLayer(
              name.equals("avgpool") ? PoolLayer.Kind.AVERAGE : PoolLayer.Kind.MAX,
              args[0],
              args.length > 1 ? args[1] : args[0]);
        case "dense":
          arity(args, 1, 1, "dense(units)");
          return new DenseLayer(args[0]);
        default:
          throw new IllegalArgumentException("unknown block " + name);
      }
    } catch (IllegalArgumentException e) {
      throw invalid(block, spec, e.getMessage());
    }
  }

  private static void arity(int[] args, int min, int max, String form) {
    if (args.length < min || args.length > max) {
      throw new IllegalArgumentException("it takes " + form);
    }
  }

  private static IllegalArgumentException invalid(String block, String spec, String why) {
    return new IllegalArgumentException(
        "featureExtractor '" + spec + "': block '" + block + "': " + why + "; write " + SYNTAX);
  }

  /**
   * The layers for rows of {@code input}: a ReLU after every conv and dense block, a flatten before
   * the first dense block of image rows and at the end, so the embedding is flat.
   */
  public List<Layer> layers(RowShape input) {
    List<Layer> layers = new ArrayList<>();
    RowShape shape = input;
    for (Layer block : blocks) {
      if (block instanceof DenseLayer && shape.rank() != 1) {
        layers.add(new FlattenLayer());
        shape = RowShape.of(shape.size());
      }
      layers.add(block);
      shape = block.outputShape(shape);
      if (block instanceof DenseLayer || block instanceof Conv2dLayer) {
        layers.add(new ReluLayer());
      }
    }
    if (shape.rank() != 1) {
      layers.add(new FlattenLayer());
    }
    return layers;
  }

  /** Whether the spec has conv or pooling blocks, which need rows shaped as images. */
  public boolean spatial() {
    return blocks.stream().anyMatch(b -> b instanceof Conv2dLayer || b instanceof PoolLayer);
  }

  /** Whether every block is dense: the MLP that {@code hiddenLayers} describes. */
  public boolean isMlp() {
    return blocks.stream().allMatch(b -> b instanceof DenseLayer);
  }

  /** The TorchScript module this spec is, or null for a spec of blocks. */
  public TorchScriptLayer torchScript() {
    return blocks.get(0) instanceof TorchScriptLayer ? (TorchScriptLayer) blocks.get(0) : null;
  }

  /** The widths of an all-dense spec (what {@code hiddenLayers} says); throws for others. */
  public int[] denseWidths() {
    if (!isMlp()) {
      throw new IllegalStateException(this + " is not an MLP");
    }
    return blocks.stream().mapToInt(b -> ((DenseLayer) b).units()).toArray();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof FeatureExtractorSpec && ((FeatureExtractorSpec) o).blocks.equals(blocks);
  }

  @Override
  public int hashCode() {
    return blocks.hashCode();
  }

  /** The canonical text, which {@link #parse} reads back to an equal spec. */
  @Override
  public String toString() {
    return blocks.stream().map(Object::toString).collect(Collectors.joining("-"));
  }
}
