package org.hepscan.executor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import org.hepscan.oracle.OracleContext;
import org.hepscan.oracle.Status;
import org.slf4j.Logger;

/**
 * The {@link OracleContext} of one call: a lazily created sandbox under a per-JVM root,
 * removed when the call ends, or kept for debugging when the call did not end OK and the
 * runner keeps failed sandboxes.
 *
 * <p>The directory of a call that ended OK is emptied on the call's path, as before, but
 * then renamed into {@code ROOT/.trash/} and removed there by a background thread:
 * removing a directory waits on the disk (ext4 mounted with {@code discard} in particular),
 * renaming it does not, and a sandbox per point is the hot path of every scan of an
 * external code (figures: the call-overhead bench section). The directory is
 * still removed, not reused: a stray process of the call that keeps its working directory
 * there moves with it into the trash and loses it there, as it would have here. Calls cut
 * short, calls that did not end OK and all calls of a runner that keeps failed sandboxes
 * are removed as before.
 */
final class SandboxContext implements OracleContext {
  /** The folder of a root where emptied sandboxes wait for their removal. */
  static final String TRASH = ".trash";
  private static final ExecutorService REMOVER = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "hepscan-sandbox-remover");
    t.setDaemon(true); // what it has not removed when the JVM exits goes with the JVM's root
    return t;
  });
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
    // not among kept sandboxes: that folder outlives the JVM, and so would a trash in it
    if (status == Status.OK && !keepFailed && emptyAndTrash()) {
      return;
    }
    remove(status == Status.TIMEOUT);
  }

  /**
   * Empties the sandbox (with {@link SandboxRemoval}'s retries), renames it into the trash
   * and has it removed there in the background; false when that could not be done and the
   * sandbox is to be removed here.
   */
  private boolean emptyAndTrash() {
    Path trashed;
    try {
      SandboxRemoval.remove(sandbox, sandbox, false); // keep == the root: everything in it, not the directory
      Path trash = root.resolve(TRASH);
      Files.createDirectories(trash);
      trashed = trash.resolve(sandbox.getFileName() + "-" + Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36));
      Files.move(sandbox, trashed);
    } catch (IOException e) {
      return false;
    }
    REMOVER.execute(() -> {
      try {
        // something wrote into it since it was emptied: then its programs are stopped first
        SandboxRemoval.removeTree(trashed, false);
      } catch (IOException e) {
        log.warn("could not remove sandbox {}: {}", trashed, e.toString());
      }
    });
    return true;
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
