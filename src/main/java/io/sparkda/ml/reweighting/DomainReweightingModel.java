package io.sparkda.ml.reweighting;

import static org.apache.spark.sql.functions.lit;

import io.sparkda.data.DomainColumns;
import io.sparkda.internal.persistence.SavedFormat;
import io.sparkda.internal.shallow.DomainWeights;
import io.sparkda.ml.DeclaredParams;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.ml.Model;
import org.apache.spark.ml.classification.ProbabilisticClassificationModel;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The domain classifier and weight scales {@link DomainReweighting} fitted: {@code transform} adds
 * {@code weightCol}, each source row's clipped density ratio (mean 1 over the fit's source rows),
 * and 1 on target rows and on data without the domain column.
 */
public class DomainReweightingModel extends Model<DomainReweightingModel>
    implements MLWritable, HasReweightingParams<DomainReweightingModel> {
  private static final long serialVersionUID = 1L;
  private static final String CLASSIFIER_DIR = "/domainClassifier";
  private static final String DATA_DIR = "/data";
  private static final StructType DATA_SCHEMA =
      new StructType()
          .add("ratioScale", DataTypes.DoubleType, false)
          .add("flattening", DataTypes.DoubleType, false)
          .add("maxWeight", DataTypes.DoubleType, false)
          .add("clippedScale", DataTypes.DoubleType, false)
          .add("effectiveSampleSize", DataTypes.DoubleType, false)
          .add("quantiles", DataTypes.createArrayType(DataTypes.DoubleType), false);

  private final ProbabilisticClassificationModel<Vector, ?> domainClassifier;
  private final DomainWeights weights;
  private final DeclaredParams declaredParams;

  DomainReweightingModel(
      String uid,
      ProbabilisticClassificationModel<Vector, ?> domainClassifier,
      DomainWeights weights) {
    this.declaredParams = new DeclaredParams(uid);
    this.domainClassifier = domainClassifier;
    this.weights = weights;
    HasReweightingParams.declare(this, declaredParams);
  }

  @Override
  public DeclaredParams declaredParams() {
    return declaredParams;
  }

  /** The clip the weights were fitted with; setting it on the model changes nothing. */
  /** The fitted domain classifier: P(target | x) is its probability of class 1. */
  public ProbabilisticClassificationModel<Vector, ?> domainClassifier() {
    return domainClassifier;
  }

  /**
   * Kish's effective sample size of the fit's source weights, as a fraction of the source rows: 1
   * when all are equal, near 0 when a few rows carry the weight.
   */
  public double effectiveSampleSize() {
    return weights.effectiveSampleSize();
  }

  /** The source weights' min, 5 %, median, 95 % and max, at fit time. */
  public double[] weightQuantiles() {
    return weights.quantiles();
  }

  /** One line: the effective sample size and the weight quantiles. */
  public String weightSummary() {
    return weights.describe();
  }

  @Override
  public Dataset<Row> transform(Dataset<?> dataset) {
    transformSchema(dataset.schema());
    if (!Arrays.asList(dataset.columns()).contains(getDomainCol())) {
      return dataset.toDF().withColumn(getWeightCol(), lit(1.0));
    }
    return weights.withWeights(dataset, domainClassifier, getDomainCol(), getWeightCol());
  }

  @Override
  public StructType transformSchema(StructType schema) {
    DomainColumns.requireFeatures(schema, getFeaturesCol());
    if (Arrays.asList(schema.fieldNames()).contains(getDomainCol())) {
      DomainColumns.requireDomain(schema, getDomainCol());
    }
    return HasReweightingParams.outputSchema(schema, getWeightCol());
  }

  @Override
  public DomainReweightingModel copy(ParamMap extra) {
    return copyValues(new DomainReweightingModel(uid(), domainClassifier, weights), extra)
        .setParent(parent());
  }

  @Override
  public MLWriter write() {
    return new SavedFormat.Writer<DomainReweightingModel>(this) {
      @Override
      protected void saveData(String path) {
        saveNested(domainClassifier, "domain classifier", path + CLASSIFIER_DIR);
        saveRows(
            path,
            DATA_DIR,
            DATA_SCHEMA,
            List.of(
                RowFactory.create(
                    weights.ratioScale(),
                    weights.flattening(),
                    weights.maxWeight(),
                    weights.clippedScale(),
                    weights.effectiveSampleSize(),
                    Arrays.stream(weights.quantiles()).boxed().toList())));
      }
    };
  }

  public static MLReader<DomainReweightingModel> read() {
    return new SavedFormat.Reader<DomainReweightingModel>(DomainReweightingModel.class) {
      @Override
      protected DomainReweightingModel create(String path, SavedFormat.Loaded loaded) {
        ProbabilisticClassificationModel<Vector, ?> classifier =
            DefaultParamsReader.loadParamsInstance(path + CLASSIFIER_DIR, sc());
        Row row = readRows(path, DATA_DIR).head();
        List<Double> quantiles = row.getList(5);
        DomainWeights weights =
            new DomainWeights(
                row.getDouble(0),
                row.getDouble(1),
                row.getDouble(2),
                row.getDouble(3),
                row.getDouble(4),
                quantiles.stream().mapToDouble(Double::doubleValue).toArray());
        return new DomainReweightingModel(loaded.metadata.uid(), classifier, weights);
      }
    };
  }

  public static DomainReweightingModel load(String path) {
    return read().load(path);
  }
}
