package io.sparkda.jobs;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeSet;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A lock on an output directory for one job run: the file {@code .NAME.lock} next to it, created
 * atomically (O_EXCL on a local disk, create-without-overwrite on HDFS), holding the owner's host,
 * pid and process start. A second job on the same output fails at once instead of silently
 * replacing the first one's result.
 *
 * <p>A lock whose owner is a process of this host that no longer runs (a killed job) is stale and
 * taken over, with a warning. A lock of another host cannot be checked: the job fails with its age,
 * owner and how to clear it.
 */
final class OutputLock implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(OutputLock.class);

  private final FileSystem fs;
  private final Path file;
  private boolean released;

  private OutputLock(FileSystem fs, Path file) {
    this.fs = fs;
    this.file = file;
  }

  static Path fileFor(Path target) {
    return new Path(target.getParent(), "." + target.getName() + ".lock");
  }

  /** Takes the lock of {@code target}'s output, or throws a {@link JobConfigException}. */
  static OutputLock acquire(FileSystem fs, Path target) throws IOException {
    Path file = fileFor(target);
    if (tryCreate(fs, file)) {
      return new OutputLock(fs, file);
    }
    Properties owner = read(fs, file);
    if (owner != null && isDeadLocalProcess(owner)) {
      LOG.warn(
          "spark-da: removing the stale lock {} of pid {} (started {}), which no longer runs",
          file,
          owner.getProperty("pid"),
          owner.getProperty("started"));
      fs.delete(file, false);
      if (tryCreate(fs, file)) {
        return new OutputLock(fs, file);
      }
      owner = read(fs, file);
    }
    throw new JobConfigException(
        "output.dir "
            + target
            + " is locked by another spark-da job ("
            + describe(owner)
            + "): wait for it to finish, or choose another output.dir; "
            + "if no job is writing it (a run killed on another machine), delete "
            + file);
  }

  private static boolean tryCreate(FileSystem fs, Path file) throws IOException {
    Properties owner = new Properties();
    owner.setProperty("host", hostName());
    owner.setProperty("pid", Long.toString(ProcessHandle.current().pid()));
    ProcessHandle.current()
        .info()
        .startInstant()
        .ifPresent(s -> owner.setProperty("processStart", s.toString()));
    owner.setProperty("started", Instant.now().toString());
    String text =
        "# spark-da output lock: the job writing the directory next to this file\n" + format(owner);
    try {
      if (fs.getUri().getScheme().equals("file")) {
        // Hadoop's local create checks and creates in two steps; NIO's CREATE_NEW is atomic.
        Files.writeString(
            java.nio.file.Path.of(fs.makeQualified(file).toUri()),
            text,
            StandardCharsets.UTF_8,
            StandardOpenOption.CREATE_NEW,
            StandardOpenOption.WRITE);
      } else {
        try (OutputStream out = fs.create(file, false)) {
          out.write(text.getBytes(StandardCharsets.UTF_8));
        }
      }
      return true;
    } catch (FileAlreadyExistsException | org.apache.hadoop.fs.FileAlreadyExistsException e) {
      return false;
    }
  }

  private static Properties read(FileSystem fs, Path file) {
    Properties owner = new Properties();
    try (InputStream in = fs.open(file)) {
      owner.load(in);
      return owner;
    } catch (IOException e) {
      return null; // removed meanwhile, or unreadable: reported as an unknown owner
    }
  }

  /** On this host, with no process of that pid (and start time) alive. */
  private static boolean isDeadLocalProcess(Properties owner) {
    if (!hostName().equals(owner.getProperty("host"))) {
      return false;
    }
    long pid;
    try {
      pid = Long.parseLong(owner.getProperty("pid", ""));
    } catch (NumberFormatException e) {
      return false;
    }
    Optional<ProcessHandle> process = ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
    if (process.isEmpty()) {
      return true;
    }
    // The pid may have been reused by an unrelated process since.
    String recorded = owner.getProperty("processStart");
    Optional<Instant> start = process.get().info().startInstant();
    return recorded != null && start.isPresent() && !start.get().toString().equals(recorded);
  }

  private static String describe(Properties owner) {
    if (owner == null) {
      return "owner unknown";
    }
    String age = "";
    try {
      Duration held = Duration.between(Instant.parse(owner.getProperty("started")), Instant.now());
      age = ", for " + held.toMinutes() + " min";
    } catch (RuntimeException ignored) {
      // no readable start time
    }
    return "pid "
        + owner.getProperty("pid")
        + " on host "
        + owner.getProperty("host")
        + ", since "
        + owner.getProperty("started")
        + age;
  }

  private static String format(Properties owner) {
    StringBuilder text = new StringBuilder();
    for (String key : new TreeSet<>(owner.stringPropertyNames())) {
      text.append(key).append('=').append(owner.getProperty(key)).append('\n');
    }
    return text.toString();
  }

  private static String hostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return "unknown";
    }
  }

  /** Releases the lock; later calls do nothing (the file may be another job's lock by then). */
  @Override
  public synchronized void close() {
    if (released) {
      return;
    }
    released = true;
    try {
      fs.delete(file, false);
    } catch (IOException e) {
      LOG.warn("spark-da: could not remove the output lock {}: {}", file, e.getMessage());
    }
  }
}
