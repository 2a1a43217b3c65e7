package org.hepscan.external;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import org.hepscan.config.ConfigException;

/** The file names a spec gives for a stage's files: relative names that stay inside the call's sandbox. */
public final class FileNames {
  private FileNames() {
  }

  /** {@code name}, normalized, if it names a file inside the sandbox; a spec error at {@code path} otherwise. */
  public static String check(String name, String path) throws ConfigException {
    if (name == null || name.isBlank()) {
      throw new ConfigException(path, "expected a file name");
    }
    Path p;
    try {
      p = Path.of(name).normalize();
    } catch (InvalidPathException e) {
      throw new ConfigException(path, "'" + name + "' is not a file name: " + e.getReason());
    }
    if (p.isAbsolute() || p.startsWith("..") || p.toString().isEmpty()) {
      throw new ConfigException(path, "'" + name + "' must be a file name inside the call's working directory"
          + " (relative, without ..): each call runs in a sandbox of its own");
    }
    return p.toString();
  }
}
