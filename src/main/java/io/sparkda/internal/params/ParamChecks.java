package io.sparkda.internal.params;

import java.io.Serializable;
import java.util.Arrays;
import java.util.List;
import scala.runtime.AbstractFunction1;

/** Serializable Param validators for Java-declared Params (Spark takes Scala functions). */
public final class ParamChecks {
  private ParamChecks() {}

  /** A validator built from a Java predicate. */
  private static final class Check<T> extends AbstractFunction1<T, Object> implements Serializable {
    private static final long serialVersionUID = 1L;
    private final SerializablePredicate<T> predicate;

    Check(SerializablePredicate<T> predicate) {
      this.predicate = predicate;
    }

    @Override
    public Object apply(T value) {
      return predicate.test(value);
    }
  }

  public interface SerializablePredicate<T> extends Serializable {
    boolean test(T value);
  }

  public static AbstractFunction1<Object, Object> intAtLeast(int min) {
    return new Check<>(v -> ((Integer) v) >= min);
  }

  public static AbstractFunction1<Object, Object> doubleAtLeast(double min) {
    return new Check<>(v -> ((Double) v) >= min && !((Double) v).isInfinite());
  }

  public static AbstractFunction1<Object, Object> finite() {
    return new Check<>(v -> Double.isFinite((Double) v));
  }

  public static AbstractFunction1<Object, Object> doublePositive() {
    return new Check<>(v -> ((Double) v) > 0 && !((Double) v).isInfinite());
  }

  /** A double in (low, high] ({@code closedLow} false) or [low, high]. */
  public static AbstractFunction1<Object, Object> doubleIn(
      double low, double high, boolean closedLow) {
    return new Check<>(
        v -> ((Double) v) <= high && (closedLow ? (Double) v >= low : (Double) v > low));
  }

  public static AbstractFunction1<String, Object> oneOf(String... allowed) {
    List<String> options = Arrays.asList(allowed);
    return new Check<>(options::contains);
  }

  /** Layer sizes: every entry >= 1, at least {@code minLength} entries. */
  public static AbstractFunction1<int[], Object> layerSizes(int minLength) {
    return new Check<>(
        sizes -> sizes.length >= minLength && Arrays.stream(sizes).allMatch(s -> s >= 1));
  }

  /**
   * A validator from any predicate; one that throws {@link IllegalArgumentException} reaches the
   * caller with its own message (Spark's is only "given invalid value").
   */
  public static <T> AbstractFunction1<T, Object> of(SerializablePredicate<T> predicate) {
    return new Check<>(predicate);
  }

  public static <T> AbstractFunction1<T, Object> notNull() {
    return new Check<>(v -> v != null);
  }
}
