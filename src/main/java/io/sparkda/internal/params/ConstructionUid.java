package io.sparkda.internal.params;

/**
 * Hands a uid to a Java subclass of a Spark ML class while its super-constructor runs.
 *
 * <p>Why: Spark's Scala traits create their Params (featuresCol, labelCol, ...) inside the
 * super-constructor and stamp them with {@code uid()}. A Scala class has its uid before that point;
 * a Java field is only assigned after {@code super()}, so without this the shared Params would
 * belong to a null uid. Constructors call {@code this(ConstructionUid.begin(uid), ...)}, whose
 * arguments are evaluated before {@code super()}, and {@code uid()} falls back to {@link
 * #pending()} until the field is set.
 */
public final class ConstructionUid {
  private static final ThreadLocal<String> PENDING = new ThreadLocal<>();

  private ConstructionUid() {}

  public static String begin(String uid) {
    if (uid == null) {
      throw new IllegalArgumentException("uid must not be null");
    }
    PENDING.set(uid);
    return uid;
  }

  public static String pending() {
    String uid = PENDING.get();
    if (uid == null) {
      throw new IllegalStateException("uid requested outside construction");
    }
    return uid;
  }

  public static void end() {
    PENDING.remove();
  }
}
