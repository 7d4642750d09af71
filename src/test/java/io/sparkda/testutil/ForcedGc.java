package io.sparkda.testutil;

import java.lang.ref.PhantomReference;
import java.lang.ref.Reference;
import java.lang.ref.ReferenceQueue;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * A garbage collection whose effects on native memory have happened when it returns: unreachable
 * direct buffers are freed (their cleaners ran) and the freed blocks are handed out again, filled
 * with a finite marker, as any later allocation in the JVM could. Code that still reads such a
 * block then sees the marker instead of its data.
 */
public final class ForcedGc {
  /** A finite value no gradient of the tests' small networks comes near. */
  public static final float MARKER = 12345.0f;

  private ForcedGc() {}

  /**
   * Collects, waits until reference processing (which runs direct-buffer cleaners) has caught up,
   * then reallocates small native blocks. Keep the returned buffers reachable until the code under
   * test has run, or they are freed again.
   */
  public static List<ByteBuffer> collectAndReuseFreedMemory() {
    for (int i = 0; i < 3; i++) {
      awaitOneCollection();
    }
    List<ByteBuffer> reused = new ArrayList<>();
    for (int size : new int[] {4, 8}) {
      for (int i = 0; i < 256; i++) {
        ByteBuffer b = ByteBuffer.allocateDirect(size).order(ByteOrder.nativeOrder());
        while (b.remaining() >= 4) {
          b.putFloat(MARKER);
        }
        reused.add(b);
      }
    }
    return reused;
  }

  private static void awaitOneCollection() {
    ReferenceQueue<Object> queue = new ReferenceQueue<>();
    PhantomReference<Object> sentinel = new PhantomReference<>(new Object(), queue);
    System.gc();
    try {
      // The reference handler enqueues the sentinel in the same pass in which it runs the
      // cleaners of the buffers found unreachable by this collection.
      if (queue.remove(10_000) == null) {
        throw new IllegalStateException("no reference processing within 10 s of System.gc()");
      }
      Thread.sleep(20);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } finally {
      Reference.reachabilityFence(sentinel);
    }
  }
}
