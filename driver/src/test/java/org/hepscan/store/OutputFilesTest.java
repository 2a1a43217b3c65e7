package org.hepscan.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Checkpoints, atomic small files and the output lock, on the local file system (no Spark). */
class OutputFilesTest {
  @TempDir
  Path dir;

  private ScanOutput output() throws IOException {
    return ScanOutput.at(dir.resolve("scan").toString(), new Configuration());
  }

  private List<String> files(Path p) throws IOException {
    try (Stream<Path> s = Files.list(p)) {
      return s.map(f -> f.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void checkpointsAreNewFilesTheLastTwoKeptAndTheNewestReadableWins() throws Exception {
    ScanOutput out = output();
    for (int k = 1; k <= 5; k++) {
      Checkpoint.of(k, 10L * k + 1, 10L * k, k, 1.5 * k, JsonNodeFactory.instance.objectNode().put("k", k)).save(out);
    }
    assertEquals(List.of("state-000004.json", "state-000005.json"), files(dir.resolve("scan/checkpoint")),
        "no temporary or .crc files; the two newest kept");
    Checkpoint c = Checkpoint.load(out).orElseThrow();
    assertEquals(5, c.iteration());
    assertEquals(51, c.nextId());
    assertEquals(5, c.strategy().get("k").intValue());

    // a newest file that does not read (a disk that filled up) is passed over for the one before
    Files.writeString(dir.resolve("scan/checkpoint/state-000005.json"), "{\"version\": 1, \"iterat");
    assertEquals(4, Checkpoint.load(out).orElseThrow().iteration());
  }

  @Test
  void noCheckpointIsNoCheckpoint() throws Exception {
    assertTrue(Checkpoint.load(output()).isEmpty());
  }

  @Test
  void smallFilesAreReplacedWholeWithNoSideFiles() throws Exception {
    ScanOutput out = output();
    out.writeAtomically(out.progress(), "{\"a\": 1}");
    out.writeAtomically(out.progress(), "{\"a\": 2}");
    assertEquals("{\"a\": 2}", out.readIfExists(out.progress()).orElseThrow());
    assertEquals(List.of("progress.json"), files(dir.resolve("scan")));
  }

  @Test
  void aLiveDriverHoldsTheOutputAndAGoneOneIsTakenOver() throws Exception {
    ScanOutput out = output();
    try (OutputLock lock = OutputLock.acquire(out)) {
      assertTrue(Files.exists(dir.resolve("scan/.hepscan.lock")));
      assertTrue(out.isEmpty(), "a lock alone does not make a scan");
      OutputLock.HeldException e = assertThrows(OutputLock.HeldException.class, () -> OutputLock.acquire(out));
      assertTrue(e.getMessage().contains("pid " + ProcessHandle.current().pid()), e.getMessage());
    }
    assertFalse(Files.exists(dir.resolve("scan/.hepscan.lock")), "released");

    // a driver of this host that died (SIGKILL leaves its lock behind)
    Process dead = new ProcessBuilder("true").start();
    dead.waitFor();
    long now = System.currentTimeMillis();
    writeLock(out, new OutputLock.Holder(OutputLock.hostName(), dead.pid(), now, now));
    OutputLock.acquire(out).close();

    // a driver of another host whose heartbeat stopped long ago, and one that is still beating
    writeLock(out, new OutputLock.Holder("other-host", 1, now - 3_600_000, now - 600_000));
    OutputLock.acquire(out).close();
    writeLock(out, new OutputLock.Holder("other-host", 1, now - 3_600_000, now - 5_000));
    assertThrows(OutputLock.HeldException.class, () -> OutputLock.acquire(out));
    assertFalse(OutputLock.isStale(OutputLock.read(out).orElseThrow(), Instant.now(), OutputLock.hostName()));
  }

  private static void writeLock(ScanOutput out, OutputLock.Holder h) throws IOException {
    out.writeAtomically(out.lock(), Json.MAPPER.writeValueAsString(h));
  }
}
