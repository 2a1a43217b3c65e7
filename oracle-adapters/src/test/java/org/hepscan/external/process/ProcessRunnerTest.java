package org.hepscan.external.process;

import static org.hepscan.external.Fakes.alive;
import static org.hepscan.external.Fakes.pidIn;
import static org.hepscan.external.Fakes.script;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Running programs by argv, with their output in files and nothing of them left behind. */
class ProcessRunnerTest {
  private static final Path SETSID = Path.of("/usr/bin/setsid");
  @TempDir
  Path dir;

  private Invocation invocation(List<String> argv, Path stdin, Map<String, String> env, Duration timeout) {
    return new Invocation(argv, dir, stdin, dir.resolve("out.txt"), dir.resolve("err.txt"), env, timeout);
  }

  @Test
  void aHangingProgramAndTheChildItStartedAreBothKilledAtTheTimeout() throws Exception {
    Path prog = script(dir, "hang.sh", """
        echo $$ > parent.pid
        sleep 600 &
        echo $! > child.pid
        echo "iterating the RGEs" >&2
        sleep 600
        """);
    long t0 = System.nanoTime();
    ProcessOutcome out = ProcessRunner.run(invocation(List.of(prog.toString()), null, Map.of(), Duration.ofMillis(800)));
    double took = (System.nanoTime() - t0) / 1e9;

    long parent = pidIn(dir.resolve("parent.pid"), 1);
    long child = pidIn(dir.resolve("child.pid"), 1);
    assertTrue(out.timedOut());
    assertFalse(alive(parent), "the program " + parent + " is gone");
    assertFalse(alive(child), "the child " + child + " it started is gone");
    // the script, its background sleep and its foreground sleep
    assertEquals(3, out.leftovers(), "killed the whole tree");
    assertTrue(took >= 0.8 && took < 5, "stopped at the timeout, took " + took);
    assertEquals("iterating the RGEs", Tail.oneLine(out.stderrTail()));
  }

  @Test
  void aChildLeftRunningAfterTheProgramExitsIsKilledToo() throws Exception {
    // the child is re-parented when the subshell exits: only the run's mark finds it
    Path prog = script(dir, "detach.sh", """
        ( sleep 600 & echo $! > orphan.pid ) &
        wait
        echo done
        """);
    ProcessOutcome out = ProcessRunner.run(invocation(List.of(prog.toString()), null, Map.of(), Duration.ofSeconds(20)));
    long orphan = pidIn(dir.resolve("orphan.pid"), 1);
    assertFalse(out.timedOut());
    assertEquals(0, out.exitCode());
    assertTrue(ProcessHandle.of(orphan).flatMap(ProcessHandle::parent).map(p -> p.pid() != ProcessHandle.current().pid()).orElse(true),
        "not a child of ours");
    assertFalse(alive(orphan), "the orphan " + orphan + " is gone");
    assertEquals(1, out.leftovers());
    assertEquals("done", out.stdoutTail().strip());
  }

  @Test
  void aChildThatGoesIntoTheBackgroundAsTheProgramExitsIsKilledBeforeItStartsMore() throws Exception {
    // the subshell outlives the program and starts its own child only later: the look
    // after the exit must find the subshell, and nothing it starts may stay
    Path prog = script(dir, "late.sh", """
        ( sh -c 'echo $PPID' > sub.pid; sleep 0.5; sleep 600 & echo $! > late.pid; wait ) &
        while [ ! -s sub.pid ]; do sleep 0.01; done
        """);
    try {
      ProcessOutcome out = ProcessRunner.run(invocation(List.of(prog.toString()), null, Map.of(), Duration.ofSeconds(20)));
      long sub = pidIn(dir.resolve("sub.pid"), 1);
      assertEquals(0, out.exitCode());
      assertFalse(alive(sub), "the background subshell " + sub + " is gone");
      assertTrue(out.leftovers() >= 1, "killed at least the subshell: " + out.leftovers());
      Thread.sleep(1000); // past the time it would have started its child
      assertTrue(!Files.exists(dir.resolve("late.pid")) || !alive(pidIn(dir.resolve("late.pid"), 1)), "nothing it would have started runs");
    } finally {
      killIn(dir.resolve("sub.pid"), dir.resolve("late.pid"));
    }
  }

  @Test
  void aDaemonInItsOwnSessionAndItsChildWithoutTheMarkAreKilled() throws Exception {
    // a daemonizing child: setsid -f (a new session and group, re-parented at once) and a
    // grandchild with a cleared environment, which only its session ties to the run
    assumeTrue(Files.isExecutable(SETSID), "needs util-linux setsid");
    Path prog = script(dir, "daemon.sh", """
        SETSID -f /bin/sh -c 'env -i /bin/sleep 600 & echo $! > cleared.pid; echo $$ > daemon.pid; exec sleep 600'
        while [ ! -s cleared.pid ] || [ ! -s daemon.pid ]; do sleep 0.01; done
        """.replace("SETSID", SETSID.toString()));
    try {
      ProcessOutcome out = ProcessRunner.run(invocation(List.of(prog.toString()), null, Map.of(), Duration.ofSeconds(20)));
      long daemon = pidIn(dir.resolve("daemon.pid"), 1);
      long cleared = pidIn(dir.resolve("cleared.pid"), 1);
      assertEquals(0, out.exitCode());
      assertFalse(alive(daemon), "the daemon " + daemon + " is gone");
      assertFalse(alive(cleared), "its child " + cleared + " without the mark is gone");
      assertEquals(2, out.leftovers());
    } finally {
      killIn(dir.resolve("daemon.pid"), dir.resolve("cleared.pid"));
    }
  }

  @Test
  void aProgramRunInItsOwnSessionLosesEvenChildrenThatClearTheirEnvironment() throws Exception {
    // what a spec can do for a code whose children clear their environment: run it through
    // setsid, so that the session (the program's pid) ties them to the run
    assumeTrue(Files.isExecutable(SETSID), "needs util-linux setsid");
    Path prog = script(dir, "leader.sh", """
        ( env -i /bin/sleep 600 & echo $! > cleared.pid ) &
        while [ ! -s cleared.pid ]; do sleep 0.01; done
        """);
    try {
      ProcessOutcome out = ProcessRunner.run(invocation(List.of(SETSID.toString(), prog.toString()), null, Map.of(), Duration.ofSeconds(20)));
      long cleared = pidIn(dir.resolve("cleared.pid"), 1);
      assertEquals(0, out.exitCode());
      assertFalse(alive(cleared), "the orphan " + cleared + " without the mark is gone");
      assertEquals(1, out.leftovers());
    } finally {
      killIn(dir.resolve("cleared.pid"));
    }
  }

  @Test
  void processesStartedBesideTheRunAreLeftAlone() throws Exception {
    // their pids fall in the run's window: neither relation nor mark may take them in
    Path prog = script(dir, "slow.sh", """
        while [ ! -e go ]; do sleep 0.01; done
        ( sleep 600 & echo $! > orphan.pid ) &
        wait
        """);
    ExecutorService pool = Executors.newSingleThreadExecutor();
    Process bystander = null;
    try {
      Future<ProcessOutcome> f = pool.submit(() -> ProcessRunner.run(invocation(List.of(prog.toString()), null, Map.of(), Duration.ofSeconds(20))));
      bystander = new ProcessBuilder("/bin/sleep", "600").start();
      Files.writeString(dir.resolve("go"), "");
      ProcessOutcome out = f.get();
      assertEquals(1, out.leftovers(), "the run's orphan only");
      assertFalse(alive(pidIn(dir.resolve("orphan.pid"), 1)));
      assertTrue(bystander.isAlive(), "a process of ours started during the run still runs");
    } finally {
      pool.shutdownNow();
      if (bystander != null) {
        bystander.destroyForcibly();
      }
      killIn(dir.resolve("orphan.pid"));
    }
  }

  @Test
  void theListingFallbackFindsOrphansAndHungChildrenToo() throws Exception {
    // where the pid window cannot be used (no /proc/sys/kernel/ns_last_pid, a long run)
    Path prog = script(dir, "detach.sh", """
        ( sleep 600 & echo $! > orphan.pid ) &
        wait
        """);
    Path hang = script(dir, "hang.sh", """
        sleep 600 &
        echo $! > child.pid
        sleep 600
        """);
    try {
      ProcessOutcome out = ProcessRunner.run(invocation(List.of(prog.toString()), null, Map.of(), Duration.ofSeconds(20)), ProcessTree.Scan.LISTING);
      assertFalse(alive(pidIn(dir.resolve("orphan.pid"), 1)));
      assertEquals(1, out.leftovers());
      ProcessOutcome hung = ProcessRunner.run(invocation(List.of(hang.toString()), null, Map.of(), Duration.ofMillis(500)), ProcessTree.Scan.LISTING);
      assertTrue(hung.timedOut());
      assertFalse(alive(pidIn(dir.resolve("child.pid"), 1)));
      assertEquals(3, hung.leftovers());
    } finally {
      killIn(dir.resolve("orphan.pid"), dir.resolve("child.pid"));
    }
  }

  /** Kills the processes whose pids these files hold: a failed test leaves no sleep 600 behind. */
  private static void killIn(Path... files) {
    for (Path f : files) {
      try {
        ProcessHandle.of(Long.parseLong(Files.readString(f).strip())).ifPresent(ProcessHandle::destroyForcibly);
      } catch (IOException | RuntimeException e) {
        // no file or no process: nothing to kill
      }
    }
  }

  @Test
  void aCallerThatIsInterruptedLeavesNoProcessBehind() throws Exception {
    Path prog = script(dir, "hang.sh", """
        echo $$ > parent.pid
        sleep 600 &
        echo $! > child.pid
        sleep 600
        """);
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      Future<ProcessOutcome> f = pool.submit(() -> ProcessRunner.run(invocation(List.of(prog.toString()), null, Map.of(), Duration.ofSeconds(600))));
      long parent = pidIn(dir.resolve("parent.pid"), 5);
      long child = pidIn(dir.resolve("child.pid"), 5);
      f.cancel(true);
      long deadline = System.nanoTime() + 10_000_000_000L;
      while ((alive(parent) || alive(child)) && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      assertFalse(alive(parent), "the program is gone");
      assertFalse(alive(child), "its child is gone");
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void argumentsReachTheProgramAsTheyAreWithNoShellInBetween() throws Exception {
    Path prog = script(dir, "args.sh", """
        echo "$#"
        for a in "$@"; do echo "[$a]"; done
        """);
    List<String> argv = List.of(prog.toString(), "two words", "$(touch pwned)", "; rm -rf x", "*");
    ProcessOutcome out = ProcessRunner.run(invocation(argv, null, Map.of(), Duration.ofSeconds(20)));
    assertEquals("4\n[two words]\n[$(touch pwned)]\n[; rm -rf x]\n[*]\n", Files.readString(dir.resolve("out.txt")));
    assertFalse(Files.exists(dir.resolve("pwned")));
  }

  @Test
  void stdinComesFromAFileOrIsEmptyAndTheEnvironmentIsAdded() throws Exception {
    Path prog = script(dir, "cat.sh", """
        cat
        echo "threads=$OMP_NUM_THREADS"
        """);
    Path card = Files.writeString(dir.resolve("card.in"), "Block MODSEL\n");
    ProcessOutcome fed = ProcessRunner.run(invocation(List.of(prog.toString()), card, Map.of("OMP_NUM_THREADS", "1"), Duration.ofSeconds(20)));
    assertEquals("Block MODSEL\nthreads=1\n", Files.readString(fed.stdout()));

    // no stdin: cat sees the end at once rather than waiting for the timeout
    ProcessOutcome empty = ProcessRunner.run(invocation(List.of(prog.toString()), null, Map.of(), Duration.ofSeconds(20)));
    assertFalse(empty.timedOut());
    assertEquals("threads=\n", Files.readString(empty.stdout()));

    assertThrows(IOException.class, () -> ProcessRunner.run(invocation(List.of(prog.toString()), dir.resolve("absent.in"), Map.of(), Duration.ofSeconds(20))));
  }

  @Test
  void aLoudProgramIsCapturedInFullButOnlyItsTailIsKeptInMemory() throws Exception {
    Path prog = script(dir, "loud.sh", """
        i=0
        while [ $i -lt 20000 ]; do echo "line $i of a long log"; i=$((i+1)); done
        echo "the end" >&2
        exit 3
        """);
    ProcessOutcome out = ProcessRunner.run(invocation(List.of(prog.toString()), null, Map.of(), Duration.ofSeconds(60)));
    assertEquals(3, out.exitCode());
    assertTrue(Files.size(out.stdout()) > 400_000, "the file has it all");
    assertTrue(out.stdoutTail().length() <= Tail.BYTES);
    assertTrue(out.stdoutTail().startsWith("line "), "starts at a whole line: " + out.stdoutTail().substring(0, 20));
    assertTrue(out.stdoutTail().endsWith("line 19999 of a long log\n"));
    assertEquals("the end", out.lastWords(), "stderr first");
    assertEquals("(stderr tail: the end)", out.tailNote());
  }

  @Test
  void aProgramThatDoesNotExistCannotStart() {
    IOException e = assertThrows(IOException.class, () -> ProcessRunner.run(invocation(List.of(dir.resolve("nope.x").toString()), null, Map.of(), Duration.ofSeconds(5))));
    assertTrue(e.getMessage().contains("nope.x"), e.getMessage());
  }

  @Test
  void oneLineKeepsTheLastLinesAndDropsControlCharacters() {
    assertEquals("b | c | d", Tail.oneLine("a\n\nb\nc\r\nd\n\n"));
    assertEquals("", Tail.oneLine("  \n \n"));
    assertEquals("x y", Tail.oneLine("x\ty"));
    String longLine = "z".repeat(1000);
    assertEquals(303, Tail.oneLine(longLine).length());
    assertEquals("softpoint.x", Invocation.programName("/opt/softsusy/bin/softpoint.x"));
  }
}
