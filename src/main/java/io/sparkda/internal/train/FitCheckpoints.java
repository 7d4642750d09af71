package io.sparkda.internal.train;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * A fit's checkpoints in one directory (any Hadoop path), used on the driver only. Each is one
 * file, {@code round-NNNNNNNN.ckpt}, written under a temporary name and renamed into place, so a
 * reader never sees half a checkpoint; once a newer one is in place the older ones are deleted.
 *
 * <p>A checkpoint carries the identity of its fit: the settings that decide the result (Params,
 * network, partitions) and a fingerprint of the data. A fit resumes only from a checkpoint of the
 * same identity, and refuses a directory that holds another fit's, naming what differs.
 */
public final class FitCheckpoints {
  private static final String PREFIX = "round-";
  private static final String SUFFIX = ".ckpt";

  /** No checkpoints: fits start from scratch and write nothing. */
  public static final FitCheckpoints NONE = new FitCheckpoints(null, null, 0, Map.of());

  private final FileSystem fs;
  private final Path dir;
  private final CheckpointEntries entries;
  private final int interval;
  private final Map<String, String> settings;

  private FitCheckpoints(FileSystem fs, Path dir, int interval, Map<String, String> settings) {
    this.fs = fs;
    this.dir = dir;
    this.entries = dir == null ? null : new CheckpointEntries(fs, dir, PREFIX);
    this.interval = interval;
    this.settings = settings;
  }

  /**
   * @param settings what decides the fit's result besides its data and partitions, in a stable
   *     order (name to value)
   */
  public static FitCheckpoints in(
      String dir, int interval, Map<String, String> settings, Configuration hadoop) {
    try {
      Path path = new Path(dir);
      FileSystem fs = path.getFileSystem(hadoop);
      return new FitCheckpoints(
          fs, fs.makeQualified(path), interval, new LinkedHashMap<>(settings));
    } catch (IOException | IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "checkpointDir " + dir + " cannot be used: " + e.getMessage(), e);
    }
  }

  boolean enabled() {
    return dir != null;
  }

  String where() {
    return String.valueOf(dir);
  }

  /** The identity lines of a fit with these settings on this data and number of partitions. */
  String identity(String architecture, int partitions, ShardBuilder.DataFingerprint data) {
    Map<String, String> values = new LinkedHashMap<>(settings);
    values.put("network", architecture);
    values.put("partitions", String.valueOf(partitions));
    values.put("data", data.toString());
    return FitIdentity.of(values);
  }

  /**
   * Whether a checkpoint is due after {@code roundsDone} of {@code rounds}: every interval, and the
   * last.
   */
  boolean due(int roundsDone, int rounds) {
    return enabled() && (roundsDone % interval == 0 || roundsDone == rounds);
  }

  /**
   * The latest checkpoint of this fit, if any; refuses one of another fit.
   *
   * @throws IllegalArgumentException naming checkpointDir and what differs
   */
  Optional<TrainingCheckpoint> latest(String identity) {
    if (!enabled()) {
      return Optional.empty();
    }
    List<Path> files = checkpointFiles();
    if (files.isEmpty()) {
      return Optional.empty();
    }
    Path newest = files.get(files.size() - 1);
    TrainingCheckpoint checkpoint = read(newest);
    if (!checkpoint.identity.equals(identity)) {
      throw FitIdentity.refusal(
          dir, "a checkpoint (" + newest.getName() + ")", checkpoint.identity, identity);
    }
    return Optional.of(checkpoint);
  }

  /** Writes a checkpoint atomically, then deletes the older ones. */
  void save(TrainingCheckpoint checkpoint) {
    String name = String.format("%s%08d%s", PREFIX, checkpoint.rounds, SUFFIX);
    Path temporary = entries.temporary(name);
    try {
      fs.mkdirs(dir);
      try (DataOutputStream out =
          new DataOutputStream(new BufferedOutputStream(fs.create(temporary, false), 1 << 16))) {
        checkpoint.writeTo(out);
      }
      entries.commit(temporary, name);
    } catch (IOException e) {
      throw new UncheckedIOException("spark-da: cannot write checkpoint " + name + " in " + dir, e);
    }
  }

  /** This directory's checkpoint files, oldest first (the names sort by round). */
  private List<Path> checkpointFiles() {
    try {
      return entries.list();
    } catch (IOException e) {
      throw new UncheckedIOException("spark-da: cannot list checkpointDir " + dir, e);
    }
  }

  private TrainingCheckpoint read(Path file) {
    try (DataInputStream in =
        new DataInputStream(new BufferedInputStream(fs.open(file), 1 << 16))) {
      return TrainingCheckpoint.readFrom(in);
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "checkpointDir "
              + dir
              + ": "
              + file.getName()
              + " cannot be read ("
              + e.getMessage()
              + "): delete it to start this fit from scratch",
          e);
    }
  }

  /** For logs. */
  @Override
  public String toString() {
    return enabled() ? dir + " every " + interval + " rounds" : "none";
  }
}
