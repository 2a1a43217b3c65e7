package org.hepscan.slha;

/**
 * SLHA text that cannot be read, or a value that a file does not hold.
 *
 * <p>The message is one line a user can act on: for a file it names the line number and
 * what was wrong there ({@code line 12: DECAY 25 has no width}); for an address it names
 * the address and what is missing ({@code MASS[25]: the file has no block MASS}); for a
 * malformed address it names the address text and the 1-based position of the problem.
 */
public class SlhaException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int line;

  /** A problem not tied to one line of a file (a missing block, a bad address). */
  public SlhaException(String message) {
    this(0, message);
  }

  /** A problem on line {@code line} (1-based) of the text being read. */
  public SlhaException(int line, String message) {
    super(line > 0 ? "line " + line + ": " + message : message);
    this.line = line;
  }

  private SlhaException(String message, int line, Throwable cause) {
    super(message, cause);
    this.line = line;
  }

  /** The 1-based line of the text the problem is on, or 0 when it is not about one line. */
  public int line() {
    return line;
  }

  /** The same problem with a prefix naming where it came from (a file, an address). */
  public SlhaException prefixed(String where) {
    return new SlhaException(where + ": " + getMessage(), line, this);
  }
}
