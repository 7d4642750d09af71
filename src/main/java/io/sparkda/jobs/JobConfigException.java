package io.sparkda.jobs;

/** A mistake in the job's configuration or inputs, reported to the user as one clear line. */
public final class JobConfigException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public JobConfigException(String message) {
    super(message);
  }

  public JobConfigException(String message, Throwable cause) {
    super(message, cause);
  }
}
