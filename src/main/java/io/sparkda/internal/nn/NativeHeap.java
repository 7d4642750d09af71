package io.sparkda.internal.nn;

import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps glibc from returning tensor-sized blocks to the kernel after every free.
 *
 * <p>libtorch allocates its temporaries with malloc. Blocks of a few MiB (a 5000 x 100 gradient,
 * Adam's intermediates) go above glibc's mmap threshold or shrink the heap when freed, so each step
 * maps fresh pages and faults them in again; in a JVM (many threads, many arenas) the dynamic
 * threshold does not settle. Measured on Amazon's 5000-100 network: 24-35 ms per step, of which the
 * optimizer update took 22 ms, against 8-10 ms with the settings below
 * (bench/results/log-2026-12.md). So: blocks up to 32 MiB come from the heap and freed memory stays
 * mapped (up to 1 GiB above the top). The cost is a resident size that stays at its high-water
 * mark. Set the system property {@code spark.da.mallocTuning=false} to leave malloc as it is.
 */
final class NativeHeap {
  private static final Logger LOG = LoggerFactory.getLogger(NativeHeap.class);
  private static final int M_TRIM_THRESHOLD = -1;
  private static final int M_TOP_PAD = -2;
  private static final int M_MMAP_THRESHOLD = -3;

  /** glibc's largest accepted mmap threshold on 64-bit (HEAP_MAX_SIZE / 2). */
  static final int MMAP_THRESHOLD = 32 << 20;

  static final int TRIM_THRESHOLD = 1 << 30;
  static final int TOP_PAD = 64 << 20;
  private static boolean done;

  private NativeHeap() {}

  /** Idempotent; a no-op off Linux/glibc or when turned off. Returns whether malloc was tuned. */
  static synchronized boolean keepFreedMemory() {
    if (done) {
      return true;
    }
    if (!Boolean.parseBoolean(System.getProperty("spark.da.mallocTuning", "true"))
        || !System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux")) {
      return false;
    }
    LibC.Functions libc = LibC.get();
    if (libc == null) { // not glibc (musl), JNA unavailable: run with the defaults
      LOG.info("spark-da: malloc left as it is (libc not reachable through JNA)");
      return false;
    }
    // mallopt returns 1 on success.
    done =
        libc.mallopt(M_MMAP_THRESHOLD, MMAP_THRESHOLD) == 1
            & libc.mallopt(M_TRIM_THRESHOLD, TRIM_THRESHOLD) == 1
            & libc.mallopt(M_TOP_PAD, TOP_PAD) == 1;
    return done;
  }
}
