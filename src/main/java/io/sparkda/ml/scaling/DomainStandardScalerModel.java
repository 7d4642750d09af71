package io.sparkda.ml.scaling;

import io.sparkda.internal.data.ByDomain;
import io.sparkda.internal.persistence.SavedFormat;
import io.sparkda.ml.DeclaredParams;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.ml.Model;
import org.apache.spark.ml.linalg.DenseVector;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.SparseVector;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
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
 * Each domain's mean and standard deviation, as {@link DomainStandardScaler} found them, applied by
 * domain: {@code (x - mean_d) / std_d} (0 where {@code std_d} is 0). Rows of data without the
 * domain column are target rows.
 */
public class DomainStandardScalerModel extends Model<DomainStandardScalerModel>
    implements MLWritable, HasDomainScalingParams<DomainStandardScalerModel> {
  private static final long serialVersionUID = 1L;
  private static final String DATA_DIR = "/data";
  private static final StructType DATA_SCHEMA =
      new StructType()
          .add("domain", DataTypes.IntegerType, false)
          .add("mean", SQLDataTypes.VectorType(), false)
          .add("std", SQLDataTypes.VectorType(), false);

  private final DenseVector[] means;
  private final DenseVector[] stds;
  private final DeclaredParams declaredParams;

  /** Means and standard deviations indexed by domain (0 source, 1 target). */
  DomainStandardScalerModel(String uid, DenseVector[] means, DenseVector[] stds) {
    this.declaredParams = new DeclaredParams(uid);
    this.means = means.clone();
    this.stds = stds.clone();
    HasDomainScalingParams.declare(this, declaredParams);
  }

  @Override
  public DeclaredParams declaredParams() {
    return declaredParams;
  }

  /** The source's (0) or the target's (1) feature means. */
  public DenseVector mean(int domain) {
    return means[domain].copy();
  }

  /** The source's (0) or the target's (1) feature standard deviations. */
  public DenseVector std(int domain) {
    return stds[domain].copy();
  }

  @Override
  public Dataset<Row> transform(Dataset<?> dataset) {
    transformSchema(dataset.schema());
    double[][] shift = new double[2][];
    double[][] scale = new double[2][];
    for (int d = 0; d < 2; d++) {
      double[] std = stds[d].values();
      shift[d] = getWithMean() ? means[d].values().clone() : new double[std.length];
      scale[d] = new double[std.length];
      for (int i = 0; i < std.length; i++) {
        scale[d][i] = !getWithStd() ? 1.0 : std[i] > 0 ? 1.0 / std[i] : 0.0;
      }
    }
    boolean centre = getWithMean();
    return ByDomain.map(
        dataset,
        getFeaturesCol(),
        getDomainCol(),
        getOutputCol(),
        means[0].size(),
        "scaler",
        (features, domain) -> scale(features, centre, shift[domain], scale[domain]));
  }

  /** Sparse rows stay sparse when nothing is subtracted. */
  private static Vector scale(Vector x, boolean centre, double[] shift, double[] scale) {
    if (!centre && x instanceof SparseVector sparse) {
      double[] values = sparse.values().clone();
      int[] indices = sparse.indices();
      for (int a = 0; a < values.length; a++) {
        values[a] *= scale[indices[a]];
      }
      return Vectors.sparse(sparse.size(), indices, values);
    }
    double[] values = x.toArray();
    for (int i = 0; i < values.length; i++) {
      values[i] = (values[i] - shift[i]) * scale[i];
    }
    return Vectors.dense(values);
  }

  @Override
  public StructType transformSchema(StructType schema) {
    return mappedSchema(schema);
  }

  @Override
  public DomainStandardScalerModel copy(ParamMap extra) {
    return copyValues(new DomainStandardScalerModel(uid(), means, stds), extra).setParent(parent());
  }

  @Override
  public MLWriter write() {
    return new SavedFormat.Writer<DomainStandardScalerModel>(this) {
      @Override
      protected void saveData(String path) {
        List<Row> rows = new ArrayList<>();
        for (int d = 0; d < 2; d++) {
          rows.add(RowFactory.create(d, means[d], stds[d]));
        }
        saveRows(path, DATA_DIR, DATA_SCHEMA, rows);
      }
    };
  }

  public static MLReader<DomainStandardScalerModel> read() {
    return new SavedFormat.Reader<DomainStandardScalerModel>(DomainStandardScalerModel.class) {
      @Override
      protected DomainStandardScalerModel create(String path, SavedFormat.Loaded loaded) {
        DenseVector[] means = new DenseVector[2];
        DenseVector[] stds = new DenseVector[2];
        for (Row row : readRows(path, DATA_DIR).collectAsList()) {
          means[row.getInt(0)] = ((Vector) row.get(1)).toDense();
          stds[row.getInt(0)] = ((Vector) row.get(2)).toDense();
        }
        return new DomainStandardScalerModel(loaded.metadata.uid(), means, stds);
      }
    };
  }

  public static DomainStandardScalerModel load(String path) {
    return read().load(path);
  }
}
