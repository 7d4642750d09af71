package io.sparkda.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * One partition's training rows, built once and cached, so that rounds do not re-read or
 * re-convert rows. Every shard holds rows of both domains.
 *
 * <p>Features live in direct buffers in the native byte order: a round wraps them as tensors
 * without a copy ({@link #sourceFeatures(NDManager)}), and batches are then gathered natively.
 * They are Java memory (freed by the GC when Spark drops the cached shard), not libtorch's, so
 * nothing native outlives the task that wraps them. Java serialization (disk spill, collect)
 * writes their bytes.
 */
public final class Shard implements Serializable {
  private static final long serialVersionUID = 2L;

  final int numFeatures;
  private transient ByteBuffer sourceFeatures;
  final long[] sourceLabels;
  private transient ByteBuffer targetFeatures;
  /** Class index per target row, -1 where unlabelled (all of them unless semi-supervised). */
  final long[] targetLabels;
  /** Positions of the labelled target rows, which each step samples for the label loss. */
  final int[] labelledTargetRows;

  Shard(int numFeatures, float[] sourceFeatures, long[] sourceLabels, float[] targetFeatures,
      long[] targetLabels) {
    this.numFeatures = numFeatures;
    this.sourceFeatures = direct(sourceFeatures);
    this.sourceLabels = sourceLabels;
    this.targetFeatures = direct(targetFeatures);
    this.targetLabels = targetLabels;
    this.labelledTargetRows = java.util.stream.IntStream.range(0, targetLabels.length)
        .filter(i -> targetLabels[i] >= 0).toArray();
  }

  int sourceRows() {
    return sourceLabels.length;
  }

  int targetRows() {
    return targetLabels.length;
  }

  /** The source rows {@code [sourceRows, numFeatures]}, over this shard's memory (no copy). */
  NDArray sourceFeatures(NDManager manager) {
    return manager.create(sourceFeatures, new Shape(sourceRows(), numFeatures), DataType.FLOAT32);
  }

  /** The target rows {@code [targetRows, numFeatures]}, over this shard's memory (no copy). */
  NDArray targetFeatures(NDManager manager) {
    return manager.create(targetFeatures, new Shape(targetRows(), numFeatures), DataType.FLOAT32);
  }

  /** A copy of the source features, row-major (tests, diagnostics). */
  float[] sourceFeatureArray() {
    float[] copy = new float[sourceFeatures.capacity() / Float.BYTES];
    sourceFeatures.duplicate().order(ByteOrder.nativeOrder()).asFloatBuffer().get(copy);
    return copy;
  }

  private static ByteBuffer direct(float[] values) {
    ByteBuffer buffer = ByteBuffer.allocateDirect(values.length * Float.BYTES)
        .order(ByteOrder.nativeOrder());
    buffer.asFloatBuffer().put(values);
    return buffer;
  }

  private void writeObject(ObjectOutputStream out) throws IOException {
    out.defaultWriteObject();
    write(out, sourceFeatures);
    write(out, targetFeatures);
  }

  private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
    in.defaultReadObject();
    sourceFeatures = read(in);
    targetFeatures = read(in);
  }

  private static void write(ObjectOutputStream out, ByteBuffer buffer) throws IOException {
    ByteBuffer bytes = buffer.duplicate();
    bytes.clear();
    out.writeInt(bytes.capacity());
    byte[] chunk = new byte[Math.min(1 << 16, Math.max(1, bytes.capacity()))];
    while (bytes.hasRemaining()) {
      int n = Math.min(chunk.length, bytes.remaining());
      bytes.get(chunk, 0, n);
      out.write(chunk, 0, n);
    }
  }

  private static ByteBuffer read(ObjectInputStream in) throws IOException {
    int capacity = in.readInt();
    ByteBuffer buffer = ByteBuffer.allocateDirect(capacity).order(ByteOrder.nativeOrder());
    byte[] chunk = new byte[Math.min(1 << 16, Math.max(1, capacity))];
    while (buffer.hasRemaining()) {
      int n = Math.min(chunk.length, buffer.remaining());
      in.readFully(chunk, 0, n);
      buffer.put(chunk, 0, n);
    }
    buffer.clear();
    return buffer;
  }
}
