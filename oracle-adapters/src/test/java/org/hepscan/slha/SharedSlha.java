package org.hepscan.slha;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** The real outputs of the physics codes in the shared folder, found through {@code hepscan.shared.dir}. */
final class SharedSlha {
  /** The endings of the files that are SLHA (the rest there is stdout text and side files). */
  private static final List<String> SLHA_ENDINGS = List.of(".slha", ".spc", ".lha", ".fh-001", ".flha", ".in");

  private SharedSlha() {}

  static Path dir() {
    String shared = System.getProperty("hepscan.shared.dir");
    assertNotNull(shared, "system property hepscan.shared.dir is not set (the parent pom sets it for surefire)");
    Path dir = Paths.get(shared, "slha");
    assertTrue(Files.isDirectory(dir), "no folder " + dir);
    return dir;
  }

  static Path file(String name) {
    Path f = dir().resolve(name);
    assertTrue(Files.isRegularFile(f), "missing shared file " + f);
    return f;
  }

  static SlhaDocument read(String name) {
    try {
      return SlhaDocument.read(file(name));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static List<Path> slhaFiles() {
    return list(true);
  }

  static List<Path> otherFiles() {
    return list(false);
  }

  private static List<Path> list(boolean slha) {
    try (Stream<Path> s = Files.list(dir())) {
      return s.filter(Files::isRegularFile)
          .filter(p -> !p.getFileName().toString().equals("README.md"))
          .filter(p -> SLHA_ENDINGS.stream().anyMatch(p.getFileName().toString()::endsWith) == slha)
          .sorted()
          .collect(Collectors.toList());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
