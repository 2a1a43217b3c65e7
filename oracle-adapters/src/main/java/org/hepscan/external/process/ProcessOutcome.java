package org.hepscan.external.process;

import java.nio.file.Path;

/**
 * How a program run ended. {@code exitCode} is meaningless when {@code timedOut}; the
 * tails are the last few kilobytes of stdout and stderr (the whole text is in the files),
 * kept in memory for messages. {@code leftovers} counts the processes of the run that
 * were still alive when it ended and had to be killed: on a timeout the program itself
 * and everything it started, after a normal exit the children it left behind.
 */
public record ProcessOutcome(int exitCode, boolean timedOut, double seconds, int leftovers,
                             Path stdout, Path stderr, String stdoutTail, String stderrTail) {

  /**
   * The last lines of stderr, or of stdout when stderr is empty, on one line: what a
   * message about this run should quote. Empty when the program printed nothing.
   */
  public String lastWords() {
    String err = Tail.oneLine(stderrTail);
    return err.isEmpty() ? Tail.oneLine(stdoutTail) : err;
  }

  /** {@code (stderr tail: ...)}, {@code (stdout tail: ...)} or {@code (no output on stdout or stderr)}. */
  public String tailNote() {
    String err = Tail.oneLine(stderrTail);
    if (!err.isEmpty()) {
      return "(stderr tail: " + err + ")";
    }
    String out = Tail.oneLine(stdoutTail);
    return out.isEmpty() ? "(no output on stdout or stderr)" : "(stdout tail: " + out + ")";
  }
}
