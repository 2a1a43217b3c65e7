package org.hepscan.external;

import java.io.IOException;
import java.io.Serializable;

/**
 * Reads one observable from a finished run: a {@code key value} line, a JSON field, a
 * regular expression on stdout, an SLHA address. Made from the spec by an
 * {@link ObservableFormat}; shipped to the executors and used by many threads at once.
 */
public interface ObservableReader extends Serializable {

  /** Where the value is read from, for messages. */
  Source source();

  /**
   * The value. NaN or infinite values are returned as they are (the run is FAILED for
   * them with the observable's name); missing or unreadable ones are an
   * {@link UnreadableOutputException} saying what was not found.
   */
  double read(StageRun run) throws IOException, UnreadableOutputException;
}
