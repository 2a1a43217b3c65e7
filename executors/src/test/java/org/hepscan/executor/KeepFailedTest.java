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
import java.util.stream.Stream;
import org.hepscan.config.ConfigException;
import org.hepscan.config.Options;
import org.hepscan.external.chain.ChainFactory;
import org.hepscan.external.chain.ChainReader;
import org.hepscan.oracle.Evaluation;
import org.hepscan.oracle.Oracle;
import org.hepscan.oracle.OracleFactory;
import org.hepscan.oracle.Point;
import org.hepscan.oracle.Status;
import org.hepscan.space.Parameter;
import org.hepscan.space.ParameterSpace;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** keep_failed: the sandboxes of calls that did not end OK stay for debugging; the others go. */
class KeepFailedTest {
  @TempDir
  Path dir;

  /** A fake code that writes a log into its sandbox, then works for x > 0, fails for x < 0 and hangs at x = 0. */
  private ChainFactory command() throws Exception {
    Path prog = dir.resolve("code");
    Files.writeString(prog, """
        #!/bin/sh
        echo "started with x=$1" > run.log
        case "$1" in
          -*) echo "no convergence" >&2; exit 2 ;;
          0) sleep 600 ;;
          *) echo "O $1" ;;
        esac
        """);
    assertTrue(prog.toFile().setExecutable(true));
    ParameterSpace space = new ParameterSpace(List.of(Parameter.continuous("x", -1, 1, Parameter.Scale.LINEAR)));
    Map<String, Object> options = Map.of("argv", List.of(prog.toString(), "${x}"),
        "observables", Map.of("O", Map.of("from", "stdout", "key", "O")));
    List<ConfigException> warnings = new ArrayList<>();
    return ChainReader.single("command", Options.of("oracle.command", options), space, warnings);
  }

  private static List<Path> sandboxes(Path root) throws Exception {
    if (!Files.exists(root)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(root)) {
      return s.sorted().toList();
    }
  }

  @Test
  void failedInvalidAndTimedOutSandboxesAreKeptAndOkOnesRemoved() throws Exception {
    OracleFactory f = command();
    OracleRunner runner = new OracleRunner(f, Duration.ofSeconds(1), 1, true);
    Path root = dir.resolve("sandboxes");
    try (Oracle o = f.create()) {
      Evaluation ok = runner.evaluateOne(o, new Point(1, 1, "random", new double[] {0.5}), root, "test");
      assertEquals(Status.OK, ok.status(), ok.message());
      assertEquals(List.of(), sandboxes(root), "an OK call leaves nothing");

      Evaluation failed = runner.evaluateOne(o, new Point(2, 1, "random", new double[] {-0.5}), root, "test");
      assertEquals(Status.FAILED, failed.status());
      assertEquals("command: code exited 2: no convergence", failed.message());
      List<Path> kept = sandboxes(root);
      assertEquals(1, kept.size());
      Path sandbox = kept.get(0);
      assertTrue(sandbox.getFileName().toString().startsWith("point-2-"), sandbox.toString());
      assertEquals("started with x=-0.5\n", Files.readString(sandbox.resolve("run.log")));
      assertEquals("no convergence\n", Files.readString(sandbox.resolve("stage1-command.stderr")));

      Evaluation hung = runner.evaluateOne(o, new Point(3, 1, "random", new double[] {0}), root, "test");
      assertEquals(Status.TIMEOUT, hung.status(), hung.message());
      assertEquals(2, sandboxes(root).size());
      assertTrue(sandboxes(root).get(1).getFileName().toString().startsWith("point-3-"));
    }
  }

  @Test
  void withoutKeepFailedEverySandboxIsRemoved() throws Exception {
    OracleFactory f = command();
    OracleRunner runner = new OracleRunner(f, Duration.ofSeconds(1), 1);
    Path root = dir.resolve("sandboxes");
    try (Oracle o = f.create()) {
      assertEquals(Status.FAILED, runner.evaluateOne(o, new Point(2, 1, "random", new double[] {-0.5}), root, "test").status());
      assertEquals(Status.TIMEOUT, runner.evaluateOne(o, new Point(3, 1, "random", new double[] {0}), root, "test").status());
    }
    assertEquals(List.of(), sandboxes(root));
  }

  /**
   * Spark stops the losing attempt of a speculated task by interrupting its thread: the
   * call's program is killed and its sandbox removed even though failed ones are kept,
   * since the point's answer is the other attempt's.
   */
  @Test
  void aCallWhoseTaskIsKilledLeavesNoSandboxAndNoProcess() throws Exception {
    OracleFactory f = command();
    OracleRunner runner = new OracleRunner(f, Duration.ofSeconds(60), 1, true);
    Path root = dir.resolve("sandboxes");
    java.util.concurrent.atomic.AtomicReference<Throwable> ended = new java.util.concurrent.atomic.AtomicReference<>();
    try (Oracle o = f.create()) {
      Thread task = new Thread(() -> {
        try {
          runner.evaluateOne(o, new Point(5, 1, "random", new double[] {0}), root, "test"); // x = 0 sleeps 600 s
          ended.set(new AssertionError("the call returned"));
        } catch (Throwable t) {
          ended.set(t);
        }
      });
      task.start();
      long deadline = System.nanoTime() + 20_000_000_000L;
      while ((sandboxes(root).isEmpty() || !Files.exists(sandboxes(root).get(0).resolve("run.log"))) && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      Path sandbox = sandboxes(root).get(0);
      List<ProcessHandle> program = ProcessHandle.current().descendants()
          .filter(h -> h.info().commandLine().orElse("").contains("sleep 600") || h.info().command().orElse("").endsWith("sleep"))
          .toList();
      assertTrue(!program.isEmpty(), "the program runs");

      task.interrupt();
      task.join(20_000);
      assertTrue(ended.get() instanceof InterruptedException, "the task sees its interruption: " + ended.get());
      while (Files.exists(sandbox) && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      assertFalse(Files.exists(sandbox), "the sandbox of a killed attempt is removed, keep_failed or not");
      for (ProcessHandle h : program) {
        h.onExit().get(10, java.util.concurrent.TimeUnit.SECONDS);
        assertFalse(h.isAlive(), "the program of a killed attempt is killed");
      }
    }
  }

  @Test
  void aCallAbandonedAtTheRunnersTimeoutIsKeptWhenItFinallyEnds() throws Exception {
    OracleRunnerTest.StubbornFactory.RELEASE = new java.util.concurrent.CountDownLatch(1);
    OracleRunner runner = new OracleRunner(new OracleRunnerTest.StubbornFactory(), Duration.ofMillis(200), 1, true);
    Path root = dir.resolve("sandboxes");
    Oracle o = runner.factory().create();
    Evaluation e = runner.evaluateOne(o, new Point(4, 1, "random", new double[] {1, 2}), root, "test");
    assertEquals(Status.TIMEOUT, e.status());
    OracleRunnerTest.StubbornFactory.RELEASE.countDown();
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (OracleCall.abandoned() > 0 && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertEquals(0, OracleCall.abandoned());
    List<Path> kept = sandboxes(root);
    assertEquals(1, kept.size(), "the late OK answer was discarded: the call is a TIMEOUT and its sandbox stays");
    assertTrue(Files.exists(kept.get(0).resolve("busy.txt")));
  }
}
