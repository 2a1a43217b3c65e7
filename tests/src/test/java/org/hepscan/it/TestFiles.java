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

  /** An executable shell script {@code dir/name} running {@code body}: a fake physics program. */
  static Path script(Path dir, String name, String body) throws IOException {
    Path p = dir.resolve(name);
    Files.writeString(p, "#!/bin/sh\n" + body);
    if (!p.toFile().setExecutable(true)) {
      throw new IOException("cannot make " + p + " executable");
    }
    return p;
  }
}
