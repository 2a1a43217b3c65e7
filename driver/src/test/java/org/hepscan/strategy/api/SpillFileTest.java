package org.hepscan.strategy.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Spill files left by drivers that were killed outright are removed by the next driver on
 * the machine; files of live drivers (another process's, or this one's) are left alone.
 */
class SpillFileTest {
  @TempDir
  Path dir;

  @Test
  void aKilledDriversFileGoesAndALiveOnesStays() throws Exception {
    Path orphan = Files.writeString(dir.resolve(SpillFile.PREFIX + "orphan" + SpillFile.SUFFIX), "left by a dead driver");
    Path other = Files.writeString(dir.resolve("not-a-spill-file.columns"), "someone else's");
    Path held = Files.writeString(dir.resolve(SpillFile.PREFIX + "held" + SpillFile.SUFFIX), "a live driver's");

    // another JVM holds a lock on `held`, as a live driver does on its spill file
    Path locker = Files.writeString(dir.resolve("Locker.java"), """
        import java.nio.channels.FileChannel;
        import java.nio.file.*;
        public class Locker {
          public static void main(String[] a) throws Exception {
            FileChannel ch = FileChannel.open(Path.of(a[0]), StandardOpenOption.WRITE);
            ch.lock();
            System.out.println("locked");
            Thread.sleep(600_000);
          }
        }
        """);
    Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), locker.toString(), held.toString())
        .redirectErrorStream(true).start();
    try {
      BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
      assertEquals("locked", out.readLine());

      // a history that spills removes the abandoned files first
      Object owner = new Object();
      SpillFile own = SpillFile.create(owner, dir);
      assertTrue(Files.notExists(orphan), "the unlocked spill file of no live driver");
      assertTrue(Files.exists(other) && Files.exists(held));
      assertEquals(0, SpillFile.removeAbandoned(dir), "this driver's own file and the other driver's stay");
      assertTrue(own != null && owner != null);
      try (var files = Files.list(dir)) {
        assertEquals(1, files.filter(f -> f.getFileName().toString().startsWith(SpillFile.PREFIX) && !f.equals(held)).count(),
            "this driver's own spill file stays");
      }
    } finally {
      p.destroyForcibly(); // SIGKILL: the driver holding `held` dies without cleaning up
      assertTrue(p.waitFor(30, TimeUnit.SECONDS));
    }
    assertEquals(1, SpillFile.removeAbandoned(dir), "the killed driver's file");
    assertTrue(Files.notExists(held));
  }
}
