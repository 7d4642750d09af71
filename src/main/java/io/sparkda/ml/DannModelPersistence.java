package io.sparkda.ml;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sparkda.internal.nn.FeatureExtractorSpec;
import io.sparkda.internal.nn.NetworkArchitecture;
import io.sparkda.internal.nn.RowShape;
import io.sparkda.internal.nn.TorchScriptLayer;
import io.sparkda.internal.persistence.SavedFormat;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Saves a {@link DannClassificationModel} the way Spark MLlib saves its models: Params as JSON
 * metadata (with the format version and the architecture, {@link SavedFormat}), and the network
 * (architecture plus flat weights) as one Parquet row under {@code data/}. Loading checks the
 * weights against the architecture and the architecture against the metadata: flat weights carry no
 * shapes, so a mismatch would otherwise load silently.
 *
 * <p>Format 2 adds the feature extractor's spec and input shape, and a TorchScript extractor's file
 * (empty for others); earlier formats hold MLPs, whose {@code hiddenLayers} column says it all
 * (format 2 still writes it for MLPs, empty otherwise).
 */
final class DannModelPersistence {
  private static final StructType DATA_SCHEMA =
      new StructType()
          .add("numFeatures", DataTypes.IntegerType, false)
          .add("hiddenLayers", DataTypes.createArrayType(DataTypes.IntegerType, false), false)
          .add("numClasses", DataTypes.IntegerType, false)
          .add("domainHiddenLayers", DataTypes.createArrayType(DataTypes.IntegerType, false), false)
          .add("weights", DataTypes.createArrayType(DataTypes.FloatType, false), false)
          .add("featureExtractor", DataTypes.StringType, false)
          .add("inputShape", DataTypes.createArrayType(DataTypes.IntegerType, false), false)
          .add("extractorModule", DataTypes.BinaryType, false);

  private static final String DATA_DIR = "/data";

  private DannModelPersistence() {}

  static final class Writer extends SavedFormat.Writer<DannClassificationModel> {
    Writer(DannClassificationModel model) {
      super(model);
    }

    @Override
    protected ObjectNode metadataFields() {
      return architectureJson(stage.architecture(), SavedFormat.CURRENT_VERSION);
    }

    @Override
    protected void saveData(String path) {
      NetworkArchitecture a = stage.architecture();
      float[] w = stage.weights();
      Float[] boxed = new Float[w.length];
      for (int i = 0; i < w.length; i++) {
        boxed[i] = w[i];
      }
      Row row =
          RowFactory.create(
              a.numFeatures(),
              boxedList(mlpWidths(a)),
              a.numClasses(),
              boxedList(a.domainHiddenLayers()),
              Arrays.asList(boxed),
              a.extractor().toString(),
              boxedList(a.inputShape().dims()),
              a.extractor().torchScript() == null
                  ? new byte[0]
                  : a.extractor().torchScript().moduleBytes());
      saveRows(path, DATA_DIR, DATA_SCHEMA, List.of(row));
    }

    private static List<Integer> boxedList(int[] values) {
      return Arrays.stream(values).boxed().collect(Collectors.toList());
    }
  }

  private static int[] mlpWidths(NetworkArchitecture a) {
    return a.isMlp() ? a.extractor().denseWidths() : new int[0];
  }

  /**
   * The architecture as a metadata field, readable without Spark or Parquet, in the form format
   * {@code version} wrote it.
   */
  static ObjectNode architectureJson(NetworkArchitecture a, int version) {
    ObjectNode fields = SavedFormat.fields();
    ObjectNode architecture = fields.putObject("architecture");
    architecture.put("numFeatures", a.numFeatures());
    Arrays.stream(mlpWidths(a)).forEach(architecture.putArray("hiddenLayers")::add);
    if (version >= 2) {
      architecture.put("featureExtractor", a.extractor().toString());
      Arrays.stream(a.inputShape().dims()).forEach(architecture.putArray("inputShape")::add);
    }
    architecture.put("numClasses", a.numClasses());
    Arrays.stream(a.domainHiddenLayers()).forEach(architecture.putArray("domainHiddenLayers")::add);
    return fields;
  }

  static final class Reader extends SavedFormat.Reader<DannClassificationModel> {
    Reader() {
      super(DannClassificationModel.class);
    }

    @Override
    protected DannClassificationModel create(String path, SavedFormat.Loaded loaded) {
      Row data = readRows(path, DATA_DIR).head();
      NetworkArchitecture architecture = architecture(data);
      List<Float> boxed = data.getList(data.fieldIndex("weights"));
      if (boxed.size() != architecture.numParameters()) {
        throw new IllegalArgumentException(
            String.format(
                "model at %s is corrupt: it holds %d " + "weights but its architecture %s needs %d",
                path, boxed.size(), architecture, architecture.numParameters()));
      }
      // From format 1 on the metadata holds the architecture too: both must agree.
      if (loaded.version >= 1
          && !architectureJson(architecture, loaded.version)
              .get("architecture")
              .equals(loaded.json.get("architecture"))) {
        throw new IllegalArgumentException(
            String.format(
                "model at %s is inconsistent: its "
                    + "metadata says architecture %s but its data holds %s",
                path, loaded.json.get("architecture"), architecture));
      }
      float[] weights = new float[boxed.size()];
      for (int i = 0; i < weights.length; i++) {
        weights[i] = boxed.get(i);
      }
      return DannClassificationModel.restore(loaded.metadata.uid(), architecture, weights);
    }

    private static NetworkArchitecture architecture(Row data) {
      int numClasses = data.getInt(data.fieldIndex("numClasses"));
      int[] domainHiddenLayers = ints(data.getList(data.fieldIndex("domainHiddenLayers")));
      if (!Arrays.asList(data.schema().fieldNames()).contains("featureExtractor")) {
        return new NetworkArchitecture(
            data.getInt(data.fieldIndex("numFeatures")),
            ints(data.getList(data.fieldIndex("hiddenLayers"))),
            numClasses,
            domainHiddenLayers);
      }
      RowShape input = RowShape.of(ints(data.getList(data.fieldIndex("inputShape"))));
      String spec = data.getString(data.fieldIndex("featureExtractor"));
      byte[] module = data.getAs("extractorModule");
      FeatureExtractorSpec extractor =
          module.length == 0
              ? FeatureExtractorSpec.parse(spec)
              : FeatureExtractorSpec.torchScript(
                  TorchScriptLayer.load(module, TorchScriptLayer.nameIn(spec), input));
      return new NetworkArchitecture(input, extractor, numClasses, domainHiddenLayers);
    }

    /** The Params that describe the architecture must agree with the weights. */
    @Override
    protected DannClassificationModel finish(String path, DannClassificationModel model) {
      NetworkArchitecture architecture = model.architecture();
      boolean agree =
          model.getFeatureExtractor().equals(architecture.extractor().toString())
              && Arrays.equals(model.getDomainHiddenLayers(), architecture.domainHiddenLayers())
              && (!architecture.isMlp()
                  || Arrays.equals(
                      model.getHiddenLayers(), architecture.extractor().denseWidths()));
      if (!agree) {
        throw new IllegalArgumentException(
            String.format(
                "model at %s is inconsistent: metadata says featureExtractor=%s hiddenLayers=%s "
                    + "domainHiddenLayers=%s but the saved weights are for %s",
                path,
                model.getFeatureExtractor(),
                model.isSet(model.hiddenLayers())
                    ? Arrays.toString(model.getHiddenLayers())
                    : "(not set)",
                Arrays.toString(model.getDomainHiddenLayers()),
                architecture));
      }
      return model;
    }

    private static int[] ints(List<Integer> values) {
      return values.stream().mapToInt(Integer::intValue).toArray();
    }
  }
}
