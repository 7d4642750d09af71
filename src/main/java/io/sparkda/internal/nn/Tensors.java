package io.sparkda.internal.nn;

import static org.bytedeco.pytorch.global.torch.empty;
import static org.bytedeco.pytorch.global.torch.from_blob;
import static org.bytedeco.pytorch.global.torch.sparse_csr_tensor;

import java.nio.ByteBuffer;
import java.util.Arrays;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorOptions;
import org.bytedeco.pytorch.global.torch.ScalarType;

/**
 * Internal. Tensors made from Java arrays and read back into them. Every tensor made here is
 * allocated and owned by libtorch; the Java values are copied in. Never wrap Java-owned memory
 * ({@code from_blob}) in a tensor that recorded code may keep for backward: the Java buffer can be
 * freed while autograd still needs it (docs/djl-bug/README.md). The one tensor over Java memory is
 * a dense shard's ({@link #viewOf}), which only an index gather or inference reads, with no graph.
 */
public final class Tensors {
  static {
    TorchRuntime.load();
  }

  private static final TensorOptions FLOAT32 = permanent(new TensorOptions(ScalarType.Float));
  private static final TensorOptions INT64 = permanent(new TensorOptions(ScalarType.Long));

  private Tensors() {}

  private static TensorOptions permanent(TensorOptions options) {
    // Kept for the JVM's life, whatever scope the class happens to be initialised in.
    options.retainReference();
    return options;
  }

  /** {@code values[from, from + size)} as a float32 tensor of {@code shape}. */
  public static Tensor floats(float[] values, int from, long... shape) {
    Tensor t = empty(shape, FLOAT32, null);
    int size = Math.toIntExact(size(shape));
    if (size > 0) { // an empty tensor has no data pointer
      t.data_ptr_float().put(values, from, size);
    }
    return t;
  }

  /** {@code values[from, from + size)} as an int64 tensor of {@code shape}. */
  public static Tensor longs(long[] values, int from, long... shape) {
    Tensor t = empty(shape, INT64, null);
    int size = Math.toIntExact(size(shape));
    if (size > 0) {
      t.data_ptr_long().put(values, from, size);
    }
    return t;
  }

  /**
   * A float32 tensor over a direct buffer's memory, without a copy: Java owns that memory. Only for
   * reading with no graph recorded (an index gather, inference); the caller keeps the buffer
   * reachable while the tensor is used.
   */
  static Tensor viewOf(ByteBuffer floats, long... shape) {
    return from_blob(new FloatPointer(floats.asFloatBuffer()), shape, FLOAT32);
  }

  /**
   * A sparse CSR tensor {@code [rows, columns]} from its row offsets {@code [rows + 1]}, column
   * indices {@code [nnz]} (both int64) and values {@code [nnz]}, which it holds.
   */
  static Tensor sparseRows(
      Tensor rowOffsets, Tensor columnIndices, Tensor values, long rows, long columns) {
    return sparse_csr_tensor(
        rowOffsets, columnIndices, values, new long[] {rows, columns}, FLOAT32);
  }

  /** Whether {@code t} is sparse (CSR or COO) rather than strided. */
  static boolean isSparse(Tensor t) {
    return t.is_sparse_csr() || t.is_sparse();
  }

  /** An uninitialised float32 tensor. */
  static Tensor emptyFloats(long... shape) {
    return empty(shape, FLOAT32, null);
  }

  /** A float32 tensor of zeros. */
  static Tensor zeros(long... shape) {
    return emptyFloats(shape).zero_();
  }

  /** The values of a float32 tensor, in row-major order. */
  public static float[] toFloats(Tensor t) {
    Tensor dense = t.is_contiguous() ? t : t.contiguous();
    float[] out = new float[Math.toIntExact(dense.numel())];
    if (out.length > 0) {
      dense.data_ptr_float().get(out);
    }
    return out;
  }

  /** The values of an int64 tensor, in row-major order. */
  static long[] toLongs(Tensor t) {
    Tensor dense = t.is_contiguous() ? t : t.contiguous();
    long[] out = new long[Math.toIntExact(dense.numel())];
    if (out.length > 0) {
      dense.data_ptr_long().get(out);
    }
    return out;
  }

  /** The sizes of {@code t}'s dimensions. */
  static long[] shape(Tensor t) {
    return t.sizes().vec().get();
  }

  private static long size(long[] shape) {
    return Arrays.stream(shape).reduce(1L, Math::multiplyExact);
  }
}
