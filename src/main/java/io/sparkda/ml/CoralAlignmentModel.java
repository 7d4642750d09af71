package io.sparkda.ml;

import static org.apache.spark.sql.functions.col;

import io.sparkda.data.DomainColumns;
import io.sparkda.internal.persistence.SavedFormat;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.ml.Model;
import org.apache.spark.ml.linalg.DenseMatrix;
import org.apache.spark.ml.linalg.Matrix;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.api.java.UDF2;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The CORAL map fitted by {@link CoralAlignment}: source rows ({@code domainCol} = 0) get {@code x
 * A} in {@code outputCol}; target rows, and every row of data without the domain column (the target
 * to score), get their features unchanged.
 */
public class CoralAlignmentModel extends Model<CoralAlignmentModel>
    implements MLWritable, HasCoralParams {
  private static final long serialVersionUID = 1L;

  private final String uid;
  private final DenseMatrix map;
  private final Param<String> featuresCol;
  private final Param<String> domainCol;
  private final Param<String> outputCol;

  @SuppressWarnings("unchecked")
  CoralAlignmentModel(String uid, DenseMatrix map) {
    this.uid = uid;
    this.map = map;
    Param<?>[] shared = HasCoralParams.declare(this);
    featuresCol = (Param<String>) shared[0];
    domainCol = (Param<String>) shared[1];
    outputCol = (Param<String>) shared[2];
    setDefault(featuresCol, "features");
    setDefault(domainCol, "domain");
    setDefault(outputCol, "coralFeatures");
  }

  @Override
  public String uid() {
    return uid;
  }

  @Override
  public Param<String> featuresCol() {
    return featuresCol;
  }

  @Override
  public Param<String> domainCol() {
    return domainCol;
  }

  @Override
  public Param<String> outputCol() {
    return outputCol;
  }

  public CoralAlignmentModel setFeaturesCol(String value) {
    return (CoralAlignmentModel) set(featuresCol, value);
  }

  public CoralAlignmentModel setOutputCol(String value) {
    return (CoralAlignmentModel) set(outputCol, value);
  }

  /** The {@code d x d} map A: a source row x becomes x A. */
  public DenseMatrix map() {
    return map;
  }

  public int numFeatures() {
    return map.numRows();
  }

  @Override
  public Dataset<Row> transform(Dataset<?> dataset) {
    transformSchema(dataset.schema());
    int d = numFeatures();
    String featuresName = getFeaturesCol();
    Broadcast<DenseMatrix> transposed =
        JavaSparkContext.fromSparkContext(dataset.sparkSession().sparkContext())
            .broadcast(map.transpose());
    UDF1<Vector, Vector> recolour =
        features -> {
          checkSize(features, d, featuresName);
          return transposed.value().multiply(features);
        };
    if (!Arrays.asList(dataset.columns()).contains(getDomainCol())) {
      UserDefinedFunction unchanged =
          functions.udf(
              (UDF1<Vector, Vector>)
                  features -> {
                    checkSize(features, d, featuresName);
                    return features;
                  },
              SQLDataTypes.VectorType());
      return dataset.withColumn(getOutputCol(), unchanged.apply(col(featuresName)));
    }
    String domainName = getDomainCol();
    UserDefinedFunction byDomain =
        functions.udf(
            (UDF2<Vector, Double, Vector>)
                (features, domain) -> {
                  if (domain == null
                      || (domain != DomainColumns.SOURCE && domain != DomainColumns.TARGET)) {
                    throw new IllegalArgumentException(
                        "domain column '"
                            + domainName
                            + "' must be 0 (source) "
                            + "or 1 (target), got "
                            + domain);
                  }
                  return domain == DomainColumns.SOURCE
                      ? recolour.call(features)
                      : checkSize(features, d, featuresName);
                },
            SQLDataTypes.VectorType());
    return dataset.withColumn(
        getOutputCol(),
        byDomain.apply(col(featuresName), col(domainName).cast(DataTypes.DoubleType)));
  }

  private static Vector checkSize(Vector features, int d, String column) {
    if (features == null) {
      return null;
    }
    if (features.size() != d) {
      throw new IllegalArgumentException(
          String.format(
              "features column '%s' has a vector of "
                  + "size %d but the CORAL model was fitted on size %d",
              column, features.size(), d));
    }
    return features;
  }

  @Override
  public StructType transformSchema(StructType schema) {
    DomainColumns.requireFeatures(schema, getFeaturesCol());
    if (Arrays.asList(schema.fieldNames()).contains(getDomainCol())) {
      DomainColumns.requireDomain(schema, getDomainCol());
    }
    return outputSchema(schema, getOutputCol());
  }

  static StructType outputSchema(StructType schema, String outputCol) {
    if (Arrays.asList(schema.fieldNames()).contains(outputCol)) {
      throw new IllegalArgumentException(
          "output column '" + outputCol + "' already exists: " + "set outputCol to a new name");
    }
    return schema.add(outputCol, SQLDataTypes.VectorType(), true);
  }

  @Override
  public CoralAlignmentModel copy(ParamMap extra) {
    return copyValues(new CoralAlignmentModel(uid, map), extra).setParent(parent());
  }

  @Override
  public MLWriter write() {
    return new Writer(this);
  }

  private static final String DATA_DIR = "/data";

  public static MLReader<CoralAlignmentModel> read() {
    return new Reader();
  }

  public static CoralAlignmentModel load(String path) {
    return read().load(path);
  }

  /** Params as JSON metadata, the map as one Parquet row, like Spark's own models. */
  private static final class Writer extends SavedFormat.Writer<CoralAlignmentModel> {
    Writer(CoralAlignmentModel model) {
      super(model);
    }

    @Override
    protected void saveData(String path) {
      StructType schema = new StructType().add("map", SQLDataTypes.MatrixType(), false);
      saveRows(path, DATA_DIR, schema, List.of(RowFactory.create(stage.map)));
    }
  }

  private static final class Reader extends SavedFormat.Reader<CoralAlignmentModel> {
    Reader() {
      super(CoralAlignmentModel.class);
    }

    @Override
    protected CoralAlignmentModel create(String path, SavedFormat.Loaded loaded) {
      Matrix saved = readRows(path, DATA_DIR).head().getAs("map");
      return new CoralAlignmentModel(loaded.metadata.uid(), saved.toDense());
    }
  }
}
