package io.sparkda.internal.train;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Checkpoint entries (files or directories) named {@code PREFIX...} in one directory, each written
 * under a hidden temporary name and renamed into place, so a reader never sees half of one; the
 * newest is kept and the older ones deleted. The names must sort in the order entries are written.
 */
public final class CheckpointEntries {
  private final FileSystem fs;
  private final Path dir;
  private final String prefix;

  public CheckpointEntries(FileSystem fs, Path dir, String prefix) {
    this.fs = fs;
    this.dir = dir;
    this.prefix = prefix;
  }

  /** Where to write entry {@code name} before {@link #commit}. */
  public Path temporary(String name) {
    return new Path(dir, "." + name + ".tmp-" + UUID.randomUUID());
  }

  /** Renames the written entry into place as {@code name}, then deletes the older entries. */
  public Path commit(Path temporary, String name) throws IOException {
    Path entry = new Path(dir, name);
    if (fs.exists(entry)) {
      fs.delete(entry, true);
    }
    if (!fs.rename(temporary, entry)) {
      throw new IOException("could not rename " + temporary + " to " + entry);
    }
    for (Path old : list()) {
      if (!old.equals(entry)) {
        fs.delete(old, true);
      }
    }
    return entry;
  }

  /** The committed entries, oldest first; deletes what a run killed while writing left. */
  public List<Path> list() throws IOException {
    List<Path> entries = new ArrayList<>();
    FileStatus[] statuses;
    try {
      statuses = fs.listStatus(dir);
    } catch (FileNotFoundException e) {
      return entries;
    }
    for (FileStatus status : statuses) {
      String name = status.getPath().getName();
      if (name.startsWith(prefix)) {
        entries.add(status.getPath());
      } else if (name.startsWith("." + prefix) && name.contains(".tmp-")) {
        // Never renamed, so never read.
        fs.delete(status.getPath(), true);
      }
    }
    entries.sort(null);
    return entries;
  }
}
