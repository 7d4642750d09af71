package io.sparkda.jobs;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A job's output directory, written atomically: everything goes to a hidden sibling staging
 * directory, which {@link #commit()} renames into place. A failed job leaves the final directory as
 * it was and removes its staging directory ({@link #abort()}).
 *
 * <p>Safety rules: the run holds an {@link OutputLock} on the output from {@link #prepare} to
 * commit or abort, so two jobs cannot both "succeed" into one directory. With overwrite, only a
 * directory that carries spark-da's {@value #MARKER} file (written at commit) is replaced, or an
 * empty one: a directory of anything else is refused, never deleted. Staging directories left by
 * killed runs of the same output are removed (the lock proves no live run owns them).
 */
final class OutputDirectory implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(OutputDirectory.class);

  /** Marks a directory as a committed spark-da output, the only kind overwrite may replace. */
  static final String MARKER = "_SPARK_DA_OUTPUT";

  private final FileSystem fs;
  private final Path target;
  private final Path staging;
  private final boolean overwrite;
  private final OutputLock lock;

  private OutputDirectory(
      FileSystem fs, Path target, Path staging, boolean overwrite, OutputLock lock) {
    this.fs = fs;
    this.target = target;
    this.staging = staging;
    this.overwrite = overwrite;
    this.lock = lock;
  }

  /** {@code output.dir} with {@code output.overwrite}, on the session's file systems. */
  static OutputDirectory prepare(JobConfig config, SparkSession spark) {
    return prepare(
        config.string("output.dir"),
        config.flag("output.overwrite"),
        spark.sparkContext().hadoopConfiguration());
  }

  /**
   * Checks the output can be written (before any training), takes its lock and creates the staging
   * directory. Throws {@link JobConfigException} with the fix when it cannot.
   */
  static OutputDirectory prepare(String dir, boolean overwrite, Configuration hadoop) {
    if (dir == null || dir.isEmpty()) {
      throw new JobConfigException("output.dir is not set: give a directory for the results");
    }
    OutputLock lock = null;
    try {
      FileSystem fs = new Path(dir).getFileSystem(hadoop);
      Path target = fs.makeQualified(new Path(dir));
      if (target.getParent() == null) {
        throw new JobConfigException(
            "output.dir "
                + dir
                + " is a filesystem root: give a "
                + "directory of its own for the results");
      }
      checkReplaceable(fs, target, overwrite);
      Path parent = target.getParent();
      if (!fs.mkdirs(parent) || !fs.getFileStatus(parent).isDirectory()) {
        throw new JobConfigException("cannot create output.dir's parent " + parent);
      }
      lock = OutputLock.acquire(fs, target);
      removeStaleStaging(fs, target);
      Path staging = new Path(parent, stagingPrefix(target) + UUID.randomUUID());
      if (!fs.mkdirs(staging)) {
        throw new JobConfigException("cannot create " + staging);
      }
      // mkdirs alone can succeed where files cannot be written (e.g. a read-only mount).
      try (OutputStream probe = fs.create(new Path(staging, "_probe"), false)) {
        probe.write(0);
      }
      fs.delete(new Path(staging, "_probe"), false);
      return new OutputDirectory(fs, target, staging, overwrite, lock);
    } catch (IOException | RuntimeException e) {
      if (lock != null) {
        lock.close();
      }
      if (e instanceof JobConfigException) {
        throw (JobConfigException) e;
      }
      throw new JobConfigException(
          "output.dir "
              + dir
              + " is not writable ("
              + e.getMessage()
              + "): choose a directory this job can create and write",
          e);
    }
  }

  /** Refuses an existing output unless overwrite is on and it is a spark-da output (or empty). */
  private static void checkReplaceable(FileSystem fs, Path target, boolean overwrite)
      throws IOException {
    if (!fs.exists(target)) {
      return;
    }
    if (!overwrite) {
      throw new JobConfigException(
          "output directory "
              + target
              + " already exists: choose "
              + "another output.dir, or set output.overwrite = true to replace it");
    }
    FileStatus status = fs.getFileStatus(target);
    if (!status.isDirectory()) {
      throw new JobConfigException(
          "output.dir " + target + " is a file, not a directory: " + "choose another output.dir");
    }
    if (!fs.exists(new Path(target, MARKER)) && fs.listStatus(target).length > 0) {
      throw new JobConfigException(
          "output.dir "
              + target
              + " exists and is not a spark-da output "
              + "(it has no "
              + MARKER
              + " file), so output.overwrite will not delete it: choose a "
              + "new or empty directory");
    }
  }

  private static String stagingPrefix(Path target) {
    return "." + target.getName() + ".tmp-";
  }

  private static void removeStaleStaging(FileSystem fs, Path target) throws IOException {
    String prefix = stagingPrefix(target);
    for (FileStatus sibling : fs.listStatus(target.getParent())) {
      if (sibling.isDirectory() && sibling.getPath().getName().startsWith(prefix)) {
        LOG.warn(
            "spark-da: removing {}, a staging directory left by an interrupted run of this "
                + "output",
            sibling.getPath());
        fs.delete(sibling.getPath(), true);
      }
    }
  }

  /** The qualified path of the output directory. */
  Path target() {
    return target;
  }

  /** Where to write {@code child} before the commit. */
  String staged(String child) {
    return new Path(staging, child).toString();
  }

  void writeText(String child, String text) throws IOException {
    try (OutputStream out = fs.create(new Path(staging, child), true)) {
      out.write(text.getBytes(StandardCharsets.UTF_8));
    }
  }

  /**
   * Marks the finished output as spark-da's, moves it into place (replacing an old one only under
   * the rules above) and releases the lock.
   */
  String commit() throws IOException {
    writeText(MARKER, "spark-da output, committed " + Instant.now() + "\n");
    // Checked again: the directory may have appeared while the job ran (the lock does not keep
    // other programs out).
    checkReplaceable(fs, target, overwrite);
    if (fs.exists(target)) {
      fs.delete(target, true);
    }
    if (!fs.rename(staging, target)) {
      throw new IOException("could not rename " + staging + " to " + target);
    }
    lock.close();
    return target.toString();
  }

  /** Removes the staging directory and releases the lock; safe after a commit and twice. */
  void abort() {
    try {
      fs.delete(staging, true);
    } catch (IOException e) {
      LOG.warn("spark-da: could not remove the staging directory {}: {}", staging, e.getMessage());
    } finally {
      lock.close();
    }
  }

  @Override
  public void close() {
    abort();
  }
}
