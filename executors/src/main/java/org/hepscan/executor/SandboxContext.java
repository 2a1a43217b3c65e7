package org.hepscan.executor;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import org.hepscan.oracle.OracleContext;
import org.slf4j.Logger;

/** The {@link OracleContext} of one call: a lazily created sandbox under a per-JVM root. */
final class SandboxContext implements OracleContext {
  private final Path root;
  private final String name;
  private final Duration timeout;
  private final Logger log;
  private Path sandbox;

  SandboxContext(Path root, String name, Duration timeout, Logger log) {
    this.root = root;
    this.name = name;
    this.timeout = timeout;
    this.log = log;
  }

  @Override
  public synchronized Path sandbox() throws IOException {
    if (sandbox == null) {
      Files.createDirectories(root);
      sandbox = Files.createTempDirectory(root, name + "-");
    }
    return sandbox;
  }

  @Override
  public Duration timeout() {
    return timeout;
  }

  @Override
  public Logger log() {
    return log;
  }

  /** Removes the sandbox, if the call made one; a failure to delete is logged, never thrown. */
  synchronized void cleanUp() {
    if (sandbox == null) {
      return;
    }
    try {
      Files.walkFileTree(sandbox, new SimpleFileVisitor<>() {
        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
          Files.deleteIfExists(file);
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
          Files.deleteIfExists(dir);
          return FileVisitResult.CONTINUE;
        }
      });
    } catch (IOException e) {
      log.warn("could not remove sandbox {}: {}", sandbox, e.toString());
    }
  }
}
