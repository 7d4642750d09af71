package io.sparkda.internal.nn;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.Structure;

/**
 * The libc functions spark-da calls (through JNA): malloc tuning, the process environment, and
 * which mapped file a native function comes from.
 */
final class LibC {
  private LibC() {}

  /** The functions used; an interface so that JNA can bind it. */
  public interface Functions extends Library {
    int mallopt(int param, int value);

    int setenv(String name, String value, int overwrite);

    String getenv(String name);

    /** In libc since glibc 2.34 (before, in libdl: then the call throws UnsatisfiedLinkError). */
    int dladdr(Pointer address, DlInfo info);
  }

  /** dladdr's {@code Dl_info}: the file holding an address, and the symbol nearest below it. */
  @Structure.FieldOrder({"dli_fname", "dli_fbase", "dli_sname", "dli_saddr"})
  public static final class DlInfo extends Structure {
    public String dli_fname;
    public Pointer dli_fbase;
    public String dli_sname;
    public Pointer dli_saddr;
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
