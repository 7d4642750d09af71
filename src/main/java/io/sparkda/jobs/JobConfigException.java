package io.sparkda.jobs;

/** A mistake in the job's configuration or inputs, reported to the user as one clear line. */
public final class JobConfigException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public JobConfigException(String message) {
    super(oneLine(message));
  }

  public JobConfigException(String message, Throwable cause) {
    super(oneLine(message), cause);
  }

  /** The message as one line: a value it quotes may hold a newline or another control character. */
  static String oneLine(String message) {
    return message == null
        ? null
        : message.replace("\r", "\\r").replace("\n", "\\n").replaceAll("\\p{Cntrl}", "?");
  }
}
