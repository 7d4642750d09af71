package io.sparkda.jobs;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * A job's output directory, written atomically: everything goes to a hidden sibling temporary
 * directory, which is renamed into place by {@link #commit()}. A failed job leaves the final
 * directory as it was (and removes its temporary one in {@link #abort()}).
 */
final class OutputDirectory {
  private final FileSystem fs;
  private final Path target;
  private final Path staging;
  private final boolean overwrite;

  private OutputDirectory(FileSystem fs, Path target, Path staging, boolean overwrite) {
    this.fs = fs;
    this.target = target;
    this.staging = staging;
    this.overwrite = overwrite;
  }

  static OutputDirectory prepare(String dir, boolean overwrite, Configuration hadoop) {
    if (dir == null || dir.isEmpty()) {
      throw new JobConfigException("output.dir is not set: give a directory for the results");
    }
    try {
      Path target = new Path(dir);
      FileSystem fs = target.getFileSystem(hadoop);
      if (fs.exists(target) && !overwrite) {
        throw new JobConfigException("output directory " + dir + " already exists: choose another "
            + "output.dir, or set output.overwrite = true to replace it");
      }
      Path staging = new Path(target.getParent(),
          "." + target.getName() + ".tmp-" + UUID.randomUUID());
      fs.mkdirs(staging);
      return new OutputDirectory(fs, target, staging, overwrite);
    } catch (IOException e) {
      throw new JobConfigException("cannot prepare output.dir " + dir + ": " + e.getMessage(), e);
    }
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

  /** Moves the finished output into place, replacing an old one only when overwrite is allowed. */
  String commit() throws IOException {
    if (fs.exists(target)) {
      if (!overwrite) {
        throw new JobConfigException("output directory " + target + " appeared while the job ran");
      }
      fs.delete(target, true);
    }
    if (!fs.rename(staging, target)) {
      throw new IOException("could not rename " + staging + " to " + target);
    }
    return fs.makeQualified(target).toString();
  }

  void abort() {
    try {
      fs.delete(staging, true);
    } catch (IOException ignored) {
      // best effort: the staging directory is hidden and named after the job's output
    }
  }
}
