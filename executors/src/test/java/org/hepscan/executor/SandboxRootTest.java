package org.hepscan.executor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sandbox directories of JVMs killed with SIGKILL are removed by the next JVM on the
 * machine that looks; those of live JVMs, of other machines, and anything that is not a
 * JVM's root are left alone. The JVMs are real: child processes that own a root each.
 */
class SandboxRootTest {
  @TempDir
  Path dir;

  private final List<Process> children = new ArrayList<>();

  @AfterEach
  void killChildren() {
    children.forEach(Process::destroyForcibly);
  }

  /** A JVM of its own that owns a root under {@code base} with one sandbox in it; returns once it has. */
  private Path holder(Path base) throws Exception {
    // the classes it needs and SLF4J, not the module's 400 MB test classpath: the JVM starts in a fraction of the time
    String classpath = Stream.of(System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"))
            .split(File.pathSeparator))
        .filter(e -> e.endsWith("classes") || e.endsWith("test-classes") || e.contains("slf4j-api"))
        .collect(java.util.stream.Collectors.joining(File.pathSeparator));
    List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx32m",
        "-XX:TieredStopAtLevel=1", "-cp", classpath, SandboxRootHolder.class.getName(), base.toString());
    Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    children.add(p);
    BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    String line = out.readLine();
    if (line == null) {
      throw new AssertionError("the holder JVM ended before it owned a root (exit " + (p.waitFor(5, TimeUnit.SECONDS) ? p.exitValue() : -1) + ")");
    }
    Path root = Path.of(line.trim());
    assertTrue(Files.isRegularFile(onlySandbox(root).resolve("spectrum.slha")));
    return root;
  }

  private static Path onlySandbox(Path root) throws Exception {
    try (Stream<Path> s = Files.list(root)) {
      List<Path> sandboxes = s.filter(p -> p.getFileName().toString().startsWith("point-")).toList();
      assertEquals(1, sandboxes.size(), "sandboxes in " + root);
      return sandboxes.get(0);
    }
  }

  private static void sigkill(Process p) throws Exception {
    p.destroyForcibly(); // SIGKILL on Linux: no shutdown hook runs, the root stays behind
    assertTrue(p.waitFor(30, TimeUnit.SECONDS));
    assertEquals(137, p.exitValue(), "killed by SIGKILL");
  }

  @Test
  void theRootOfAJvmKilledWithSigkillIsRemovedAndLiveOnesAreLeftAlone() throws Exception {
    Path base = dir.resolve("hepscan-sandboxes-test");
    Path doomed = holder(base);
    Path alive = holder(base);
    SandboxRoot mine = SandboxRoot.open(base);
    Path mySandbox = Files.createTempDirectory(mine.dir(), "point-1-");

    // what a sweep must never take: a root named for another machine (a base shared over NFS, or this one before
    // its last restart), whose lock no one here holds; and anything not made by a JVM at all
    Path otherMachine = Files.createDirectories(base.resolve("jvm-4242-0123456789ab-deadbeef"));
    Files.writeString(otherMachine.resolve(SandboxRoot.OWNER_FILE), "pid 4242\n");
    Path notARoot = Files.createDirectories(base.resolve("notes"));
    if (SandboxRoot.machineId().equals("0123456789ab")) {
      throw new IllegalStateException("this machine's id is the one the test takes for another machine's");
    }

    assertEquals(List.of(), mine.removeDead(), "no JVM has died yet");
    assertTrue(Files.isDirectory(doomed) && Files.isDirectory(alive));

    sigkill(children.get(0));
    assertTrue(Files.isDirectory(doomed), "a JVM killed with SIGKILL leaves its sandboxes");

    assertEquals(List.of(doomed), mine.removeDead());
    assertFalse(Files.exists(doomed), "the dead JVM's root and its sandbox are gone");
    assertTrue(Files.isRegularFile(onlySandbox(alive).resolve("spectrum.slha")), "the live JVM's sandbox is untouched");
    assertTrue(Files.isDirectory(mySandbox), "and so is this JVM's own");
    assertTrue(Files.isDirectory(otherMachine) && Files.isDirectory(notARoot));

    // the second JVM dies too: its root goes at the next look
    sigkill(children.get(1));
    assertEquals(List.of(alive), mine.removeDead());
    assertEquals(List.of(), mine.removeDead(), "nothing left to remove");

    mine.close();
    assertFalse(Files.exists(mine.dir()), "a JVM that ends normally removes its own root");
  }

  @Test
  void anotherRootOfTheSameJvmIsNeverTaken() throws Exception {
    Path base = dir.resolve("base");
    SandboxRoot first = SandboxRoot.open(base);
    SandboxRoot second = SandboxRoot.open(base);
    assertEquals(List.of(), first.removeDead());
    assertEquals(List.of(), second.removeDead());
    assertTrue(Files.isDirectory(first.dir()) && Files.isDirectory(second.dir()));
    // still held: a JVM started now cannot take either
    Path third = holder(base);
    sigkill(children.get(0));
    assertEquals(List.of(third), first.removeDead());
    assertTrue(Files.isDirectory(second.dir()));
    first.close();
    second.close();
  }

  @Test
  void aRootThatNeverGotItsNameIsRemovedOnlyWhenItIsAnHourOld() throws Exception {
    Path base = dir.resolve("base");
    SandboxRoot mine = SandboxRoot.open(base);
    Path fresh = Files.createDirectories(base.resolve(".starting-123"));
    Path old = Files.createDirectories(base.resolve(".starting-456"));
    Files.setLastModifiedTime(old, FileTime.from(Instant.now().minus(2, ChronoUnit.HOURS)));
    assertEquals(List.of(old), mine.removeDead());
    assertTrue(Files.isDirectory(fresh), "a JVM may be about to rename it");
    mine.close();
  }

  @Test
  void keptSandboxesLiveOutsideTheSweptBase() {
    assertFalse(OracleRunner.keptSandboxes().startsWith(SandboxRoot.defaultBase()));
    assertFalse(SandboxRoot.defaultBase().startsWith(OracleRunner.keptSandboxes()));
  }
}
