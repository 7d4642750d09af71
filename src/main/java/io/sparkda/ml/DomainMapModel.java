package io.sparkda.ml;

import io.sparkda.internal.data.ByDomain;
import io.sparkda.internal.persistence.SavedFormat;
import io.sparkda.internal.shallow.AffineMap;
import java.lang.reflect.Constructor;
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
    implements MLWritable, HasDomainMapParams<M> {
  private static final long serialVersionUID = 1L;
  private static final String DATA_DIR = "/data";

  private final AffineMap source;
  private final AffineMap target;
  private final DeclaredParams declaredParams;
  private transient Broadcast<AffineMap[]> broadcast;
  private transient SparkContext broadcastContext;

  /**
   * A model's maps: source rows get {@code x sourceMap + sourceOffset}, target rows {@code x
   * targetMap + targetOffset}, or keep their features when {@code targetMap} is null (then {@code
   * sourceMap} is {@code d x d}).
   */
  public static final class Maps {
    private final AffineMap source;
    private final AffineMap target;

    public Maps(
        DenseMatrix sourceMap,
        DenseVector sourceOffset,
        DenseMatrix targetMap,
        DenseVector targetOffset) {
      this(
          AffineMap.of(sourceMap, sourceOffset),
          targetMap == null ? null : AffineMap.of(targetMap, targetOffset));
    }

    /** Maps already built, shared (a copy of a model converts and copies nothing). */
    private Maps(AffineMap source, AffineMap target) {
      this.source = source;
      this.target = target;
    }
  }

  protected DomainMapModel(String uid, Maps maps) {
    this.declaredParams = new DeclaredParams(uid);
    this.source = maps.source;
    this.target = maps.target;
    HasDomainMapParams.declare(this, declaredParams, "mappedFeatures");
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

  @Override
  public DeclaredParams declaredParams() {
    return declaredParams;
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
    return mappedSchema(schema);
  }

  /** The same maps (shared) and Params on a new instance of this model's class. */
  @Override
  public M copy(ParamMap extra) {
    M copy = instance(modelClass(), uid(), new Maps(source, target));
    return copyValues(copy, extra).setParent(parent());
  }

  @SuppressWarnings("unchecked")
  private Class<M> modelClass() {
    return (Class<M>) getClass();
  }

  /** A model of class {@code type} through its constructor {@code (String uid, Maps maps)}. */
  private static <M extends DomainMapModel<M>> M instance(Class<M> type, String uid, Maps maps) {
    try {
      Constructor<M> constructor = type.getDeclaredConstructor(String.class, Maps.class);
      constructor.setAccessible(true);
      return constructor.newInstance(uid, maps);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(
          type.getName() + " needs a constructor (String uid, DomainMapModel.Maps maps)", e);
    }
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

  /** The reader of a model class that saves through {@link #write}. */
  protected static <M extends DomainMapModel<M>> MLReader<M> reader(Class<M> type) {
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
        return DomainMapModel.instance(
            type, loaded.metadata.uid(), new Maps(maps[0], offsets[0], maps[1], offsets[1]));
      }
    };
  }
}
