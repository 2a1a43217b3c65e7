package org.hepscan.executor;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import org.hepscan.oracle.OracleContext;
import org.hepscan.oracle.Status;
import org.slf4j.Logger;

/**
 * The {@link OracleContext} of one call: a lazily created sandbox under a per-JVM root,
 * removed when the call ends, or kept for debugging when the call did not end OK and the
 * runner keeps failed sandboxes.
 */
final class SandboxContext implements OracleContext {
  private final Path root;
  private final String name;
  private final Duration timeout;
  private final Logger log;
  private final boolean keepFailed;
  private Path sandbox;

  SandboxContext(Path root, String name, Duration timeout, Logger log, boolean keepFailed) {
    this.root = root;
    this.name = name;
    this.timeout = timeout;
    this.log = log;
    this.keepFailed = keepFailed;
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

  /**
   * Ends the sandbox of a call that ended as {@code status}: removed, or, for a call that
   * did not end OK when failed sandboxes are kept, left in place and its path logged. A
   * failure to delete is logged, never thrown.
   */
  synchronized void cleanUp(Status status) {
    if (sandbox == null) {
      return;
    }
    if (keepFailed && status != Status.OK) {
      log.warn("kept the sandbox of {} ({}) at {}", name, status, sandbox);
      return;
    }
    discard();
  }

  /** Removes the sandbox whatever the call's status: for a call whose answer is not kept at all. */
  synchronized void discard() {
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
