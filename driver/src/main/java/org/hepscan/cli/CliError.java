package org.hepscan.cli;

/** A problem the user can fix, reported as one line with an exit code (2: bad input; 1: the run failed). */
final class CliError extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final int exitCode;

  CliError(int exitCode, String message) {
    super(message);
    this.exitCode = exitCode;
  }

  /** With the exception behind it, whose stack trace --verbose shows. */
  CliError(int exitCode, String message, Throwable cause) {
    super(message, cause);
    this.exitCode = exitCode;
  }

  int exitCode() {
    return exitCode;
  }
}
