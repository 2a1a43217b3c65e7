package org.hepscan.external;

/**
 * A program's output is missing or cannot be read as what it should be: the run is FAILED
 * with this message, which says what was wrong in one line ({@code line 3: 'mh abc' has no
 * number after mh}).
 */
public class UnreadableOutputException extends Exception {
  private static final long serialVersionUID = 1L;

  public UnreadableOutputException(String message) {
    super(message);
  }

  public UnreadableOutputException(String message, Throwable cause) {
    super(message, cause);
  }
}
