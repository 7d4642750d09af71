package io.sparkda.internal.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Internal. Copies Java arrays into tensors that libtorch allocates and owns, through one direct
 * buffer per thread that is reused (kept for the thread's life, at most 64 MB).
 *
 * <p>DJL's {@code manager.create(float[])} allocates a fresh direct buffer per call and keeps it as
 * the tensor's memory. Direct buffers are freed only when a GC runs their cleaners, so every call
 * maps and faults in new pages: creating a 160 KB index tensor took 0.5 ms, more than the sparse
 * product it fed. Here the bytes go through the thread's scratch buffer into a libtorch copy, and
 * libtorch's memory is freed, and reused, as soon as the tensor is closed.
 */
public final class NativeCopies {
  /** Larger copies get their own buffer instead of growing the scratch one. */
  private static final int MAX_SCRATCH_BYTES = 64 << 20;

  private static final ThreadLocal<ByteBuffer> SCRATCH = new ThreadLocal<>();

  private NativeCopies() {}

  /** {@code values[from, from + shape.size())} as a float32 tensor of {@code shape}. */
  public static NDArray floats(NDManager manager, float[] values, int from, Shape shape) {
    int n = Math.toIntExact(shape.size());
    ByteBuffer bytes = scratch(4L * n);
    bytes.asFloatBuffer().put(values, from, n);
    return owned(manager, bytes, shape, DataType.FLOAT32);
  }

  /** {@code values[from, from + shape.size())} as an int64 tensor of {@code shape}. */
  public static NDArray longs(NDManager manager, long[] values, int from, Shape shape) {
    int n = Math.toIntExact(shape.size());
    ByteBuffer bytes = scratch(8L * n);
    bytes.asLongBuffer().put(values, from, n);
    return owned(manager, bytes, shape, DataType.INT64);
  }

  /**
   * A buffer of exactly {@code size} bytes in the native order, to be filled and then passed to
   * {@link #owned} before the thread asks for another one.
   */
  static ByteBuffer scratch(long size) {
    int bytes = Math.toIntExact(size);
    if (bytes > MAX_SCRATCH_BYTES) {
      return ByteBuffer.allocateDirect(bytes).order(ByteOrder.nativeOrder());
    }
    ByteBuffer buffer = SCRATCH.get();
    if (buffer == null || buffer.capacity() < bytes) {
      buffer = ByteBuffer.allocateDirect(Math.max(bytes, 64 << 10));
      SCRATCH.set(buffer);
    }
    // A view from the start of the buffer: from_blob takes the buffer's address, not its position.
    ByteBuffer view = buffer.duplicate().order(ByteOrder.nativeOrder());
    view.clear().limit(bytes);
    return view;
  }

  /** A libtorch-owned copy of {@code bytes} (filled from the start); the buffer is free again. */
  static NDArray owned(NDManager manager, ByteBuffer bytes, Shape shape, DataType type) {
    try (NDArray view = manager.create(bytes, shape, type)) {
      return view.duplicate();
    }
  }
}
