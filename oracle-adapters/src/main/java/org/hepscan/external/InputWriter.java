package org.hepscan.external;

import java.io.IOException;
import java.io.Serializable;
import java.util.Map;

/**
 * Writes a stage's input file into the sandbox before its program runs: a filled-in
 * template, an SLHA input built from the point.
 */
public interface InputWriter extends Serializable {

  /** The file it writes, relative to the sandbox ({@code ${input}} in templates). */
  String file();

  /**
   * Writes {@link #file()} for this call. {@code placeholders} holds the values of
   * {@code ${...}} for the call (see {@link Placeholders#values}).
   */
  void write(StageCall call, Map<String, String> placeholders) throws IOException;
}
