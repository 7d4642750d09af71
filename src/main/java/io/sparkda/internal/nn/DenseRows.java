package io.sparkda.internal.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Internal. Dense feature rows in a direct buffer in the native byte order: {@link #open} wraps
 * them as one tensor without a copy and batches are gathered natively (index select). The buffer is
 * Java memory (freed by the GC with this object), not libtorch's, so nothing native outlives the
 * manager that wraps it. Java serialization (disk spill, collect) writes its bytes.
 */
public final class DenseRows implements FeatureRows {
  private static final long serialVersionUID = 1L;

  private final int rows;
  private final int numFeatures;
  private transient ByteBuffer values;

  /**
   * @param values row-major {@code [rows, numFeatures]}; only that prefix is used
   */
  public DenseRows(float[] values, int rows, int numFeatures) {
    this.rows = rows;
    this.numFeatures = numFeatures;
    this.values =
        ByteBuffer.allocateDirect(rows * numFeatures * Float.BYTES).order(ByteOrder.nativeOrder());
    this.values.asFloatBuffer().put(values, 0, rows * numFeatures);
  }

  @Override
  public int rows() {
    return rows;
  }

  @Override
  public int numFeatures() {
    return numFeatures;
  }

  @Override
  public long bytes() {
    return values.capacity();
  }

  @Override
  public Batches open(NDManager manager) {
    NDArray all = manager.create(values, new Shape(rows, numFeatures), DataType.FLOAT32);
    return new Batches() {
      @Override
      public NDArray gather(long[] indices, int from, int count, NDManager owner) {
        NDArray index = NativeCopies.longs(owner, indices, from, new Shape(count));
        NDArray batch = all.get(new NDIndex("{}", index));
        batch.attach(owner);
        return batch;
      }

      @Override
      public NDArray all() {
        return all;
      }
    };
  }

  private void writeObject(ObjectOutputStream out) throws IOException {
    out.defaultWriteObject();
    ByteBuffer bytes = values.duplicate();
    bytes.clear();
    byte[] chunk = new byte[Math.min(1 << 16, Math.max(1, bytes.capacity()))];
    while (bytes.hasRemaining()) {
      int n = Math.min(chunk.length, bytes.remaining());
      bytes.get(chunk, 0, n);
      out.write(chunk, 0, n);
    }
  }

  private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
    in.defaultReadObject();
    values =
        ByteBuffer.allocateDirect(rows * numFeatures * Float.BYTES).order(ByteOrder.nativeOrder());
    byte[] chunk = new byte[Math.min(1 << 16, Math.max(1, values.capacity()))];
    while (values.hasRemaining()) {
      int n = Math.min(chunk.length, values.remaining());
      in.readFully(chunk, 0, n);
      values.put(chunk, 0, n);
    }
    values.clear();
  }
}
