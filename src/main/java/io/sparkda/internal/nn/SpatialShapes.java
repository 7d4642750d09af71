package io.sparkda.internal.nn;

/** Shape arithmetic of layers that slide a window over rows {@code [channels, height, width]}. */
final class SpatialShapes {
  private SpatialShapes() {}

  static void checkImage(Layer layer, RowShape input) {
    if (input.rank() != 3) {
      throw new IllegalArgumentException(
          layer
              + " takes rows of shape [channels, height, width], got "
              + input
              + ": set inputShape for flat feature vectors, and put it before any dense layer");
    }
  }

  /**
   * Window positions along one axis of {@code size} values; throws when the window does not fit.
   */
  static int slide(Layer layer, RowShape input, int size, int window, int stride, int padding) {
    int span = size + 2 * padding - window;
    if (span < 0) {
      throw new IllegalArgumentException(
          layer
              + " does not fit rows of shape "
              + input
              + ": its window of "
              + window
              + " is larger than "
              + (padding == 0 ? "" : "the padded ")
              + "size "
              + (size + 2 * padding)
              + "; use a smaller kernel or fewer layers before it");
    }
    return span / stride + 1;
  }
}
