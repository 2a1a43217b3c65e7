package org.hepscan.external.process;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Runs one {@link Invocation} to its end: the program's exit, or its timeout, after which
 * the program and every process it started are killed (see {@link ProcessTree}). Processes
 * a program leaves running after it exits are killed too: nothing of a run outlives it.
 *
 * <p>stdout and stderr go to files rather than pipes, so a program that prints a lot never
 * blocks on a full pipe and a background child holding the streams open never delays the
 * end of the run; only their tails are read into memory.
 */
public final class ProcessRunner {
  private ProcessRunner() {
  }

  /**
   * Runs {@code inv}. Throws {@link IOException} when the program cannot be started (not
   * found, not executable) or stdin's file is missing; throws {@link InterruptedException}
   * when the calling thread is interrupted, after killing the run.
   */
  public static ProcessOutcome run(Invocation inv) throws IOException, InterruptedException {
    // read per call, so that the bench can compare both ways in one JVM; also a way out
    // should the pid window ever misjudge a machine
    boolean listing = "listing".equals(System.getProperty(SCAN_PROPERTY));
    return run(inv, listing ? ProcessTree.Scan.LISTING : ProcessTree.Scan.DEFAULT);
  }

  /**
   * The system property that, set to {@code listing}, makes every run look for its
   * processes among all those of the machine rather than in its pid window (see
   * {@link ProcessTree}).
   */
  public static final String SCAN_PROPERTY = "hepscan.process.scan";

  /** As {@link #run(Invocation)}, looking for the run's processes as {@code scan} says. */
  static ProcessOutcome run(Invocation inv, ProcessTree.Scan scan) throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder(inv.argv())
        .directory(inv.directory().toFile())
        .redirectOutput(inv.stdout().toFile())
        .redirectError(inv.stderr().toFile());
    if (inv.stdin() != null) {
      if (!Files.isRegularFile(inv.stdin())) {
        throw new NoSuchFileException(inv.stdin().toString(), null, "no such file for stdin");
      }
      pb.redirectInput(inv.stdin().toFile());
    } else {
      pb.redirectInput(ProcessBuilder.Redirect.PIPE);
    }
    String token = UUID.randomUUID().toString();
    pb.environment().putAll(inv.environment());
    pb.environment().put(ProcessTree.MARKER, token);

    Instant started = Instant.now();
    long t0 = System.nanoTime();
    Process p = pb.start();
    ProcessTree tree = new ProcessTree(p.toHandle(), token, started, scan);
    boolean finished = false;
    int leftovers;
    String stdoutTail = null;
    String stderrTail = null;
    try {
      if (inv.stdin() == null) {
        p.getOutputStream().close(); // "nothing": a program that reads stdin sees its end at once
      }
      long nanos = inv.timeout().toNanos();
      finished = nanos > 0 && p.waitFor(nanos, TimeUnit.NANOSECONDS);
      if (!finished) {
        // what it said up to its timeout, not how a wrapper script reacts to the kill ("Killed")
        stdoutTail = Tail.of(inv.stdout(), Tail.BYTES);
        stderrTail = Tail.of(inv.stderr(), Tail.BYTES);
      }
    } finally {
      // also on interruption: the caller gives up on the run, so must the run's processes
      leftovers = tree.killAll();
    }
    if (!finished) {
      p.waitFor(5, TimeUnit.SECONDS); // reap it: killed above
    }
    double seconds = (System.nanoTime() - t0) / 1e9;
    int code = finished ? p.exitValue() : -1;
    // a run that exited has its tails read only if a message asks for them
    return new ProcessOutcome(code, !finished, seconds, leftovers, inv.stdout(), inv.stderr(), stdoutTail, stderrTail);
  }
}
