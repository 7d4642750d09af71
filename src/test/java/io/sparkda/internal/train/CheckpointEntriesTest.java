package io.sparkda.internal.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.OutputStream;
import java.nio.file.Files;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointEntriesTest {
  @TempDir File dir;

  @Test
  void aCommittedEntryReplacesTheOlderOnesAndHalfWrittenOnesAreCleared() throws Exception {
    FileSystem fs = FileSystem.getLocal(new Configuration());
    CheckpointEntries entries = new CheckpointEntries(fs, new Path(dir.toURI()), "round-");
    write(fs, entries, "round-1");
    // A run killed while it wrote round 2 leaves a temporary file that was never renamed.
    Path halfWritten = entries.temporary("round-2");
    try (OutputStream out = fs.create(halfWritten)) {
      out.write(1);
    }
    List<Path> listed = entries.list();
    assertEquals(List.of("round-1"), listed.stream().map(Path::getName).toList());
    assertFalse(fs.exists(halfWritten), "the half-written entry is deleted, never read");

    write(fs, entries, "round-3");
    assertEquals(List.of("round-3"), entries.list().stream().map(Path::getName).toList());
    try (var files = Files.list(dir.toPath())) {
      assertTrue(
          files.allMatch(
              f ->
                  f.getFileName().toString().startsWith("round-3")
                      || f.getFileName().toString().startsWith(".round-3")),
          "only round 3 and its crc");
    }
  }

  private static void write(FileSystem fs, CheckpointEntries entries, String name)
      throws Exception {
    Path temporary = entries.temporary(name);
    try (OutputStream out = fs.create(temporary)) {
      out.write(name.getBytes());
    }
    entries.commit(temporary, name);
  }
}
