package io.sparkda.ml;

import io.sparkda.data.DomainColumns;
import io.sparkda.internal.data.ByDomain;
import io.sparkda.internal.persistence.SavedFormat;
import io.sparkda.internal.shallow.AffineMap;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.SparkContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.ml.Model;
import org.apache.spark.ml.linalg.DenseMatrix;
import org.apache.spark.ml.linalg.DenseVector;
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
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * A fitted shallow adaptation that maps features by domain: source rows ({@code domainCol} = 0) get
 * {@code x M_s + b_s}, target rows, and rows of data without the domain column (the target to
 * score), get {@code x M_t + b_t}, or their features unchanged when the model has no target map.
 * Subspace alignment, TCA, JDA and linear OT are such models; they differ in how {@code fit} finds
 * the maps.
 *
 * <p>The maps are broadcast once per model and SparkContext, not on every {@code transform}.
 */
public abstract class DomainMapModel<M extends DomainMapModel<M>> extends Model<M>
    implements MLWritable, HasDomainMapParams {
  private static final long serialVersionUID = 1L;
  private static final String DATA_DIR = "/data";

  private final String uid;
  private final AffineMap source;
  private final AffineMap target;
  private final Param<String> featuresCol;
  private final Param<String> domainCol;
  private final Param<String> outputCol;
  private transient Broadcast<AffineMap[]> broadcast;
  private transient SparkContext broadcastContext;

  /**
   * @param targetMap null: target rows keep their features (then {@code sourceMap} is {@code d x
   *     d})
   */
  protected DomainMapModel(
      String uid,
      DenseMatrix sourceMap,
      DenseVector sourceOffset,
      DenseMatrix targetMap,
      DenseVector targetOffset) {
    this(
        uid,
        AffineMap.of(sourceMap, sourceOffset),
        targetMap == null ? null : AffineMap.of(targetMap, targetOffset));
    // Both domains must come out equally wide: unmapped target rows keep their d features.
    int targetIn = target == null ? source.inputSize() : target.inputSize();
    int targetOut = target == null ? source.inputSize() : target.outputSize();
    if (targetIn != source.inputSize() || targetOut != source.outputSize()) {
      throw new IllegalArgumentException(
          String.format(
              "the source map is %dx%d but target rows come out %dx%d",
              source.inputSize(), source.outputSize(), targetIn, targetOut));
    }
  }

  /** A model with {@code other}'s uid and maps (shared, not copied), for {@code copy}. */
  protected DomainMapModel(DomainMapModel<?> other) {
    this(other.uid, other.source, other.target);
  }

  @SuppressWarnings("unchecked")
  private DomainMapModel(String uid, AffineMap source, AffineMap target) {
    this.uid = uid;
    this.source = source;
    this.target = target;
    Param<?>[] shared = HasDomainMapParams.declare(this);
    featuresCol = (Param<String>) shared[0];
    domainCol = (Param<String>) shared[1];
    outputCol = (Param<String>) shared[2];
    setDefault(featuresCol, "features");
    setDefault(domainCol, "domain");
    setDefault(outputCol, "mappedFeatures");
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

  @SuppressWarnings("unchecked")
  public M setFeaturesCol(String value) {
    return (M) set(featuresCol, value);
  }

  @SuppressWarnings("unchecked")
  public M setDomainCol(String value) {
    return (M) set(domainCol, value);
  }

  @SuppressWarnings("unchecked")
  public M setOutputCol(String value) {
    return (M) set(outputCol, value);
  }

  /** Features the model reads. */
  public int numFeatures() {
    return source.inputSize();
  }

  /** Width of the mapped features. */
  public int outputSize() {
    return source.outputSize();
  }

  /** {@code M_s} ({@code numFeatures x outputSize}). */
  public DenseMatrix sourceMap() {
    return source.matrix();
  }

  public DenseVector sourceOffset() {
    return source.offset();
  }

  /** {@code M_t}, or null when target rows keep their features. */
  public DenseMatrix targetMap() {
    return target == null ? null : target.matrix();
  }

  /** {@code b_t}, or null when target rows keep their features. */
  public DenseVector targetOffset() {
    return target == null ? null : target.offset();
  }

  @Override
  public Dataset<Row> transform(Dataset<?> dataset) {
    transformSchema(dataset.schema());
    Broadcast<AffineMap[]> maps = broadcastMaps(dataset.sparkSession().sparkContext());
    return ByDomain.map(
        dataset,
        getFeaturesCol(),
        getDomainCol(),
        getOutputCol(),
        numFeatures(),
        "model",
        (features, domain) -> {
          AffineMap map = maps.value()[domain];
          return map == null ? features : map.apply(features);
        });
  }

  /** The maps as one broadcast per SparkContext: a d x d map can be hundreds of MB. */
  private synchronized Broadcast<AffineMap[]> broadcastMaps(SparkContext sc) {
    if (broadcast == null || broadcastContext != sc || sc.isStopped()) {
      broadcast = JavaSparkContext.fromSparkContext(sc).broadcast(new AffineMap[] {source, target});
      broadcastContext = sc;
    }
    return broadcast;
  }

  @Override
  public StructType transformSchema(StructType schema) {
    DomainColumns.requireFeatures(schema, getFeaturesCol());
    if (Arrays.asList(schema.fieldNames()).contains(getDomainCol())) {
      DomainColumns.requireDomain(schema, getDomainCol());
    }
    return DomainColumns.withVectorOutput(schema, getOutputCol());
  }

  /** This model's maps and Params on a new instance of the same class (for {@code copy}). */
  protected final M copyTo(M model, ParamMap extra) {
    return copyValues(model, extra).setParent(parent());
  }

  @Override
  public MLWriter write() {
    return new SavedFormat.Writer<DomainMapModel<M>>(this) {
      @Override
      protected void saveData(String path) {
        List<Row> rows = new ArrayList<>();
        rows.add(RowFactory.create(0, source.matrix(), source.offset()));
        if (target != null) {
          rows.add(RowFactory.create(1, target.matrix(), target.offset()));
        }
        saveRows(path, DATA_DIR, DATA_SCHEMA, rows);
      }
    };
  }

  private static final StructType DATA_SCHEMA =
      new StructType()
          .add("domain", DataTypes.IntegerType, false)
          .add("map", SQLDataTypes.MatrixType(), false)
          .add("offset", SQLDataTypes.VectorType(), false);

  /** Builds a model of one class from its saved uid and maps (a null target map: unchanged). */
  @FunctionalInterface
  protected interface Factory<M> {
    M create(
        String uid,
        DenseMatrix sourceMap,
        DenseVector sourceOffset,
        DenseMatrix targetMap,
        DenseVector targetOffset);
  }

  /** The reader of a model class that saves through {@link #write}. */
  protected static <M extends DomainMapModel<M>> MLReader<M> reader(
      Class<M> type, Factory<M> factory) {
    return new SavedFormat.Reader<M>(type) {
      @Override
      protected M create(String path, SavedFormat.Loaded loaded) {
        DenseMatrix[] maps = new DenseMatrix[2];
        DenseVector[] offsets = new DenseVector[2];
        Dataset<Row> data = readRows(path, DATA_DIR);
        if (!Arrays.asList(data.columns()).contains("domain")) {
          // Saved before the shared layout (CORAL up to 2026-11): one source map, no offset.
          maps[0] = ((Matrix) data.head().getAs("map")).toDense();
          offsets[0] = new DenseVector(new double[maps[0].numCols()]);
        } else {
          for (Row row : data.collectAsList()) {
            int domain = row.getInt(0);
            maps[domain] = ((Matrix) row.get(1)).toDense();
            offsets[domain] = ((Vector) row.get(2)).toDense();
          }
        }
        return factory.create(loaded.metadata.uid(), maps[0], offsets[0], maps[1], offsets[1]);
      }
    };
  }
}
