package org.hepscan.external.process;

import java.nio.file.Path;

/**
 * How a program run ended. {@code exitCode} is meaningless when {@code timedOut}; the
 * tails are the last few kilobytes of stdout and stderr (the whole text is in the files),
 * for messages. {@code leftovers} counts the processes of the run that were still alive
 * when it ended and had to be killed: on a timeout the program itself and everything it
 * started, after a normal exit the children it left behind.
 *
 * <p>The tails of a run that exited are read from its files when first asked for: most
 * runs end well and no message quotes them, and two file reads per call are a measurable
 * part of hepscan's own cost per call. Ask before the sandbox goes (the classifier does).
 * A run killed at its timeout has them read before the kill, so that they hold what the
 * program said, not how a wrapper script reacted to the kill.
 */
public final class ProcessOutcome {
  private final int exitCode;
  private final boolean timedOut;
  private final double seconds;
  private final int leftovers;
  private final Path stdout;
  private final Path stderr;
  private String stdoutTail;
  private String stderrTail;

  /** A run whose tails are read from {@code stdout} and {@code stderr} when asked for (null tails). */
  public ProcessOutcome(int exitCode, boolean timedOut, double seconds, int leftovers,
                        Path stdout, Path stderr, String stdoutTail, String stderrTail) {
    this.exitCode = exitCode;
    this.timedOut = timedOut;
    this.seconds = seconds;
    this.leftovers = leftovers;
    this.stdout = stdout;
    this.stderr = stderr;
    this.stdoutTail = stdoutTail;
    this.stderrTail = stderrTail;
  }

  public int exitCode() {
    return exitCode;
  }

  public boolean timedOut() {
    return timedOut;
  }

  /** Wall time from the start to the end of the run, killing included. */
  public double seconds() {
    return seconds;
  }

  public int leftovers() {
    return leftovers;
  }

  public Path stdout() {
    return stdout;
  }

  public Path stderr() {
    return stderr;
  }

  /** The last {@link Tail#BYTES} of stdout, from its first whole line; empty when it has none. */
  public synchronized String stdoutTail() {
    if (stdoutTail == null) {
      stdoutTail = Tail.of(stdout, Tail.BYTES);
    }
    return stdoutTail;
  }

  /** As {@link #stdoutTail()}, of stderr. */
  public synchronized String stderrTail() {
    if (stderrTail == null) {
      stderrTail = Tail.of(stderr, Tail.BYTES);
    }
    return stderrTail;
  }

  /**
   * The last lines of stderr, or of stdout when stderr is empty, on one line: what a
   * message about this run should quote. Empty when the program printed nothing.
   */
  public String lastWords() {
    String err = Tail.oneLine(stderrTail());
    return err.isEmpty() ? Tail.oneLine(stdoutTail()) : err;
  }

  /** {@code (stderr tail: ...)}, {@code (stdout tail: ...)} or {@code (no output on stdout or stderr)}. */
  public String tailNote() {
    String err = Tail.oneLine(stderrTail());
    if (!err.isEmpty()) {
      return "(stderr tail: " + err + ")";
    }
    String out = Tail.oneLine(stdoutTail());
    return out.isEmpty() ? "(no output on stdout or stderr)" : "(stdout tail: " + out + ")";
  }

  @Override
  public String toString() {
    return "ProcessOutcome[exitCode=" + exitCode + ", timedOut=" + timedOut + ", seconds=" + seconds
        + ", leftovers=" + leftovers + ", stdout=" + stdout + ", stderr=" + stderr + "]";
  }
}
