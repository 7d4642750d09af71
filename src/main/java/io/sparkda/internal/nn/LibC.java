package io.sparkda.internal.nn;

import com.sun.jna.Library;
import com.sun.jna.Native;

/** The libc functions spark-da calls (through JNA): malloc tuning and the process environment. */
final class LibC {
  private LibC() {}

  /** The functions used; an interface so that JNA can bind it. */
  public interface Functions extends Library {
    int mallopt(int param, int value);

    int setenv(String name, String value, int overwrite);

    String getenv(String name);
  }

  /** libc, or null where JNA cannot bind it (not glibc, or JNA unavailable). */
  static Functions get() {
    return Holder.LIBC;
  }

  private static final class Holder {
    private static final Functions LIBC = load();

    private static Functions load() {
      try {
        return Native.load("c", Functions.class);
      } catch (Throwable e) { // musl without JNA's stub, no JNA: run without
        return null;
      }
    }
  }
}
