package org.hepscan.external.read;

import org.hepscan.config.ConfigException;
import org.hepscan.config.Options;

/** What the text formats share: their selector from the spec, and program output quoted in messages. */
final class ProgramText {
  private static final int QUOTE = 80;

  private ProgramText() {
  }

  /** The selector under {@code key}, as text (a YAML number there is taken as written). */
  static String selector(Options spec, String key) throws ConfigException {
    Object v = spec.raw(key);
    if (v instanceof Number n) {
      return Options.fmt(n.doubleValue());
    }
    return spec.string(key);
  }

  /** A piece of program output short enough for a one-line message. */
  static String clip(String s) {
    String one = s.replaceAll("\\p{Cntrl}", " ").strip();
    return one.length() <= QUOTE ? one : one.substring(0, QUOTE) + "...";
  }
}
