package io.sparkda.jobs;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileContext;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Options;
import org.apache.hadoop.fs.Path;

/**
 * The "current model" of a scheduled loop: a small file whose one line is a model directory. The
 * training job promotes its model by writing a new file beside the pointer and renaming it over the
 * old one ({@code output.promoteTo}), so a scoring run reads either the old model or the new one,
 * never half of a switch; the scoring job's {@code score.modelPath} may name the file. The rename
 * is atomic on local disks and HDFS; on object stores (s3a) it is a copy.
 */
final class ModelPointer {
  private ModelPointer() {}

  /** Points {@code pointer} at {@code modelDir}, atomically where the file system allows. */
  static void promote(String pointer, String modelDir, Configuration hadoop) throws IOException {
    Path file = new Path(pointer);
    FileSystem fs = file.getFileSystem(hadoop);
    Path parent = fs.makeQualified(file).getParent();
    fs.mkdirs(parent);
    Path temporary = new Path(parent, "." + file.getName() + "." + UUID.randomUUID() + ".tmp");
    try (OutputStream out = fs.create(temporary, false)) {
      out.write((modelDir + "\n").getBytes(StandardCharsets.UTF_8));
    }
    Path qualified = fs.makeQualified(file);
    if ("file".equals(qualified.toUri().getScheme())) {
      // rename(2) replaces the old file in one step; Hadoop's local rename deletes it first.
      Files.move(
          Paths.get(fs.makeQualified(temporary).toUri()),
          Paths.get(qualified.toUri()),
          StandardCopyOption.ATOMIC_MOVE,
          StandardCopyOption.REPLACE_EXISTING);
    } else {
      FileContext.getFileContext(qualified.toUri(), hadoop)
          .rename(temporary, qualified, Options.Rename.OVERWRITE);
    }
  }

  /** The model directory {@code path} names: itself, or the one a pointer file names. */
  static String resolve(String path, Configuration hadoop) {
    Path p = new Path(path);
    try {
      FileSystem fs = p.getFileSystem(hadoop);
      if (!fs.exists(p)) {
        throw new JobConfigException("score.modelPath does not exist: " + path);
      }
      if (fs.getFileStatus(p).isDirectory()) {
        return path;
      }
      String named;
      try (InputStream in = fs.open(p)) {
        named = new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
      }
      if (named.isEmpty() || named.contains("\n")) {
        throw new JobConfigException(
            "score.modelPath "
                + path
                + " is a file but not a model pointer (one line naming a model directory, as"
                + " output.promoteTo writes)");
      }
      Path model = new Path(named);
      return model.isAbsolute() || model.toUri().getScheme() != null
          ? named
          : new Path(fs.makeQualified(p).getParent(), named).toString();
    } catch (IOException e) {
      throw new JobConfigException(
          "cannot read score.modelPath " + path + ": " + e.getMessage(), e);
    }
  }
}
