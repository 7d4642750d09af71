package io.sparkda.internal.nn;

import org.bytedeco.javacpp.PointerScope;

/**
 * Lifetimes of native objects. Every tensor, scalar and option set that JavaCPP creates attaches
 * itself to the innermost open {@link PointerScope} of its thread and is freed when that scope
 * closes; a step or a batch opens one in try-with-resources. Objects that outlive the call that
 * made them (a trainer's weights for a round, a scoring session's for a partition) are made in a
 * scope of their own that is then taken off the thread's stack ({@link #owned}), so that nothing
 * the caller creates afterwards lands in it; their owner closes it.
 */
public final class Scopes {
  private Scopes() {}

  /** A new scope, innermost on this thread until {@link #owned} takes it off the stack. */
  static PointerScope open() {
    return new PointerScope();
  }

  /**
   * Takes {@code scope} off the thread's stack and keeps what is attached to it, until {@code
   * scope.close()} (which its owner calls, on any thread) frees it.
   */
  static PointerScope owned(PointerScope scope) {
    scope.extend();
    scope.close();
    return scope;
  }
}
