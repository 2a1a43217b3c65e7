package org.hepscan.executor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.hepscan.config.ConfigException;
import org.hepscan.config.Options;
import org.hepscan.external.chain.ChainFactory;
import org.hepscan.external.chain.ChainReader;
import org.hepscan.oracle.Evaluation;
import org.hepscan.oracle.Oracle;
import org.hepscan.oracle.Point;
import org.hepscan.oracle.Status;
import org.hepscan.space.Parameter;
import org.hepscan.space.ParameterSpace;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A sandbox goes even while programs of its call still touch it: files that vanish during
 * the walk are removed, not failures; a program still writing is stopped and the removal
 * retried. The programs are real: shell loops that create and delete files as fast as
 * they can, so that the walk meets the race on every round.
 */
class SandboxRemovalTest {
  /** Creates and deletes files and directories in its working directory, in a loop, until killed. */
  private static final String CHURN = """
      i=0
      while :; do
        i=$((i+1))
        echo x > f$i
        mkdir -p d$i/sub && echo y > d$i/sub/g
        rm -rf f$((i-1)) d$((i-1))
      done
      """;

  @TempDir
  Path dir;

  private final List<Process> started = new ArrayList<>();

  @AfterEach
  void killWhatWasStarted() throws Exception {
    for (Process p : started) {
      p.destroyForcibly();
      p.waitFor(10, TimeUnit.SECONDS);
    }
    // the background remover may still be emptying this test's trash: JUnit deleting the same
    // tree at the same time failed the test once on a loaded machine (DirectoryNotEmpty)
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (SandboxContext.pending() > 0 && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
  }

  private Process churnIn(Path sandbox) throws Exception {
    Process p = new ProcessBuilder("/bin/sh", "-c", CHURN).directory(sandbox.toFile())
        .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    started.add(p);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (countEntries(sandbox) < 2 && System.nanoTime() < deadline) { // churning before the removal starts
      Thread.sleep(1);
    }
    return p;
  }

  private static long countEntries(Path d) {
    try (var s = Files.list(d)) {
      return s.count();
    } catch (Exception e) {
      return 0;
    }
  }

  @Test
  void aSandboxIsRemovedWhileAProgramCreatesAndDeletesFilesInIt() throws Exception {
    for (int round = 0; round < 10; round++) {
      RecordingLogger log = new RecordingLogger();
      SandboxContext context = new SandboxContext(dir.resolve("root"), "point-" + round, Duration.ofSeconds(1), log, false);
      Path sandbox = context.sandbox();
      Process churn = churnIn(sandbox);
      context.cleanUp(Status.OK); // an OK call with a stray child: nothing says in advance that anything still runs there
      assertFalse(Files.exists(sandbox), "round " + round + ": the sandbox is gone");
      assertEquals(List.of(), log.warnings, "round " + round + ": nothing reported");
      // stopped only when a pass failed on it: killing strays of a call that ended by itself is the process runner's
      // job, so this one is ours to end
      churn.destroyForcibly();
      assertTrue(churn.waitFor(10, TimeUnit.SECONDS));
    }
  }

  @Test
  void anOkCallsSandboxLeavesAtOnceAndIsRemovedFromTheTrashInTheBackground() throws Exception {
    Path root = dir.resolve("root");
    List<Path> sandboxes = new ArrayList<>();
    for (int round = 0; round < 5; round++) {
      RecordingLogger log = new RecordingLogger();
      SandboxContext context = new SandboxContext(root, "point-" + round, Duration.ofSeconds(1), log, false);
      Path sandbox = context.sandbox();
      Files.createDirectories(sandbox.resolve("sub"));
      Files.writeString(sandbox.resolve("sub/spectrum.slha"), "Block MASS\n");
      context.cleanUp(Status.OK);
      assertFalse(Files.exists(sandbox), "round " + round + ": the sandbox is gone from the root");
      assertEquals(List.of(), log.warnings);
      sandboxes.add(sandbox);
    }
    assertEquals(5, sandboxes.stream().distinct().count(), "a directory of its own per call");
    Path trash = root.resolve(SandboxContext.TRASH);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (Files.list(trash).findAny().isPresent() && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertEquals(List.of(), Files.list(trash).toList(), "the trash is emptied");
    try (var s = Files.list(root)) {
      assertEquals(List.of(trash), s.toList(), "nothing but the trash folder is left");
    }
  }

  @Test
  void whenTheTrashIsFullACallRemovesItsOwnSandboxAndNothingPilesUp() throws Exception {
    Path root = dir.resolve("root");
    long idle = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (SandboxContext.pending() > 0 && System.nanoTime() < idle) {
      Thread.sleep(20); // what other tests left in the trash goes first
    }
    java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
    SandboxContext.REMOVER.execute(() -> {
      try {
        release.await(60, TimeUnit.SECONDS); // the remover is slower than the calls
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    Path trash = root.resolve(SandboxContext.TRASH);
    try {
      List<Path> sandboxes = new ArrayList<>();
      for (int i = 0; i < SandboxContext.MAX_PENDING + 10; i++) {
        RecordingLogger log = new RecordingLogger();
        SandboxContext context = new SandboxContext(root, "point-" + i, Duration.ofSeconds(1), log, false);
        Path sandbox = context.sandbox();
        Files.writeString(sandbox.resolve("spectrum.slha"), "Block MASS\n");
        context.cleanUp(Status.OK);
        assertFalse(Files.exists(sandbox), "call " + i + ": its sandbox is gone from the root");
        assertEquals(List.of(), log.warnings);
        sandboxes.add(sandbox);
      }
      try (var s = Files.list(trash)) {
        assertEquals(SandboxContext.MAX_PENDING, s.count(), "the trash holds at most MAX_PENDING; the calls beyond removed their own");
      }
    } finally {
      release.countDown();
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (Files.list(trash).findAny().isPresent() && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertEquals(List.of(), Files.list(trash).toList(), "the trash is emptied once the remover catches up");
  }

  @Test
  void aRootRemovedBetweenCallsIsMadeAgain() throws Exception {
    Path root = dir.resolve("root");
    SandboxContext first = new SandboxContext(root, "point-1", Duration.ofSeconds(1), new RecordingLogger(), false);
    Path a = first.sandbox();
    first.cleanUp(Status.FAILED);
    SandboxRemoval.removeTree(root, false); // a clean-up of the machine's temporary folders, say
    SandboxContext second = new SandboxContext(root, "point-2", Duration.ofSeconds(1), new RecordingLogger(), false);
    Path b = second.sandbox();
    assertTrue(Files.isDirectory(b) && b.getParent().equals(root) && !b.equals(a));
    second.cleanUp(Status.OK);
    assertFalse(Files.exists(b));
  }

  @Test
  void aSandboxOfACallCutShortIsRemovedAndItsProgramsStoppedFirst() throws Exception {
    RecordingLogger log = new RecordingLogger();
    SandboxContext context = new SandboxContext(dir.resolve("root"), "point-1", Duration.ofSeconds(1), log, false);
    Path sandbox = context.sandbox();
    Process idle = new ProcessBuilder("/bin/sh", "-c", "exec sleep 600").directory(sandbox.toFile()).start();
    started.add(idle);
    assertEquals(List.of(idle.pid()), SandboxRemoval.processesWorkingIn(sandbox).stream().map(ProcessHandle::pid).toList());
    context.cleanUp(Status.TIMEOUT);
    assertFalse(Files.exists(sandbox));
    assertTrue(idle.waitFor(10, TimeUnit.SECONDS), "a program of a timed-out call does not outlive it, even idle");
    assertEquals(List.of(), log.warnings);
  }

  @Test
  void aSandboxThatIsAlreadyGoneIsRemoved() throws Exception {
    SandboxRemoval.removeTree(dir.resolve("never-made"), false);
    SandboxRemoval.removeTree(dir.resolve("never-made"), true);
    Path kept = Files.createDirectories(dir.resolve("root"));
    Files.writeString(kept.resolve(".owner"), "pid 1\n");
    Files.createDirectories(kept.resolve("point-1-x/sub"));
    Files.createSymbolicLink(kept.resolve("point-1-x/link"), dir); // removed, never followed
    SandboxRemoval.remove(kept, kept.resolve(".owner"), false);
    assertEquals(List.of(kept.resolve(".owner")), Files.list(kept).toList());
  }

  /**
   * The race of the field: a program killed at its timeout whose child left the process
   * tree (it cleared its environment and was re-parented, so the runner's kill misses it)
   * and keeps writing into the sandbox. When the call returns TIMEOUT its sandbox is gone
   * and the child stopped.
   */
  @Test
  void aChildWritingAfterItsProgramIsKilledAtTheTimeoutLeavesNoSandboxAndNoProcess() throws Exception {
    Path churn = dir.resolve("churn.sh");
    Files.writeString(churn, CHURN);
    Path prog = dir.resolve("code");
    Files.writeString(prog, "#!/bin/sh\n"
        + "( env -i /bin/sh " + churn + " & )\n" // a subshell that exits at once: the child is re-parented
        + "echo started > run.log\n"
        + "sleep 600\n");
    assertTrue(prog.toFile().setExecutable(true));
    ParameterSpace space = new ParameterSpace(List.of(Parameter.continuous("x", -1, 1, Parameter.Scale.LINEAR)));
    Map<String, Object> options = Map.of("argv", List.of(prog.toString(), "${x}"),
        "observables", Map.of("O", Map.of("from", "stdout", "key", "O")));
    ChainFactory f = ChainReader.single("command", Options.of("oracle.command", options), space, new ArrayList<ConfigException>());
    OracleRunner runner = new OracleRunner(f, Duration.ofSeconds(1), 1);
    Path root = dir.resolve("sandboxes");
    try (Oracle o = f.create()) {
      for (int round = 0; round < 3; round++) {
        Evaluation e = runner.evaluateOne(o, new Point(round, 1, "random", new double[] {0.5}), root, "test");
        assertEquals(Status.TIMEOUT, e.status(), e.message());
        assertEquals(List.of(), Files.exists(root) ? Files.list(root).toList() : List.of(), "round " + round);
      }
    }
    // no churner is left anywhere under the root: they would show with a "(deleted)" working directory
    assertEquals(List.of(), SandboxRemoval.processesWorkingIn(root));
  }
}
