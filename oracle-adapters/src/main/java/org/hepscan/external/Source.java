package org.hepscan.external;

import java.io.Serializable;
import java.util.Objects;
import org.hepscan.config.ConfigException;

/** Where a value is read from: a file in the sandbox, or the stage's stdout or stderr. */
public record Source(Kind kind, String file) implements Serializable {

  public enum Kind { FILE, STDOUT, STDERR }

  public Source {
    Objects.requireNonNull(kind, "kind");
    if (kind == Kind.FILE) {
      Objects.requireNonNull(file, "file");
    } else {
      file = null;
    }
  }

  public static Source file(String name) {
    return new Source(Kind.FILE, name);
  }

  public static Source stdout() {
    return new Source(Kind.STDOUT, null);
  }

  public static Source stderr() {
    return new Source(Kind.STDERR, null);
  }

  /**
   * The spec's {@code from:} value: {@code stdout}, {@code stderr}, or a file name in the
   * sandbox (write {@code ./stdout} for a file of that name).
   */
  public static Source parse(String text, String path) throws ConfigException {
    return switch (text) {
      case "stdout" -> stdout();
      case "stderr" -> stderr();
      default -> file(FileNames.check(text, path));
    };
  }

  /** As messages name it: {@code stdout}, {@code stderr}, or the file name. */
  public String describe() {
    return switch (kind) {
      case STDOUT -> "stdout";
      case STDERR -> "stderr";
      case FILE -> file;
    };
  }

  @Override
  public String toString() {
    return describe();
  }
}
