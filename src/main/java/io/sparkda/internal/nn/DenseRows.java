package io.sparkda.internal.nn;

import static org.bytedeco.pytorch.global.torch.index_select;

import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.bytedeco.pytorch.Tensor;

/**
 * Internal. Dense feature rows in a direct buffer in the native byte order: {@link #open} wraps
 * them as one tensor without a copy and batches are gathered natively (index select) into tensors
 * libtorch owns, with no graph. The buffer is Java memory (freed by the GC with this object), not
 * libtorch's, so nothing native outlives the scope that wraps it; the wrapper holds this object, so
 * the buffer outlives the wrapper. Java serialization (disk spill, collect) writes its bytes.
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
  public Batches open() {
    Tensor all = Tensors.viewOf(values, rows, numFeatures);
    return new Batches() {
      /** Keeps the rows' memory reachable while the wrapper is used. */
      private final DenseRows owner = DenseRows.this;

      @Override
      public Tensor gather(long[] indices, int from, int count) {
        try (Autograd off = Autograd.inference()) {
          return index_select(all, 0, Tensors.longs(indices, from, count));
        }
      }

      @Override
      public Tensor all() {
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
