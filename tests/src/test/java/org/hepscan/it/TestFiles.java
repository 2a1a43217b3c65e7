package org.hepscan.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Files of the tests that keep their work under target/ (to read after a failure) and start each run clean. */
final class TestFiles {
  private TestFiles() {
  }

  /** Empties {@code dir}, which must lie under a target/ directory. */
  static void clean(Path dir) throws IOException {
    if (!dir.toAbsolutePath().toString().contains("/target/")) {
      throw new IllegalArgumentException("refusing to empty " + dir + ": not under target/");
    }
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> all = Files.walk(dir)) {
      for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
        if (!p.equals(dir)) {
          Files.delete(p);
        }
      }
    }
  }
}
