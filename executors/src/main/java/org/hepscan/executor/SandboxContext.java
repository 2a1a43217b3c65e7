package org.hepscan.executor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
   * did not end OK when failed sandboxes are kept, left in place (its path at DEBUG). A
   * failure to delete is logged, never thrown.
   */
  synchronized void cleanUp(Status status) {
    if (sandbox == null) {
      return;
    }
    if (keepFailed && status != Status.OK) {
      // one line per call would be a third of a pMSSM scan's log; the driver sums them up per iteration
      log.debug("kept the sandbox of {} ({}) at {}", name, status, sandbox);
      return;
    }
    remove(status == Status.TIMEOUT);
  }

  /**
   * Removes the sandbox whatever the call's status: for a call whose answer is not kept at
   * all. Files that vanish meanwhile and programs of the call still going are dealt with
   * by {@link SandboxRemoval}; only a tree that still cannot be removed after its retries
   * is logged.
   */
  synchronized void discard() {
    remove(true); // a cancelled call: cut short
  }

  /** {@code cutShort}: the call timed out or was cancelled, so programs of it may still be going. */
  private void remove(boolean cutShort) {
    if (sandbox == null) {
      return;
    }
    try {
      SandboxRemoval.removeTree(sandbox, cutShort);
    } catch (IOException e) {
      log.warn("could not remove sandbox {}: {}", sandbox, e.toString());
    }
  }
}
