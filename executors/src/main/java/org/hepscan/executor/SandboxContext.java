package org.hepscan.executor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.hepscan.oracle.OracleContext;
import org.hepscan.oracle.Status;
import org.slf4j.Logger;

/**
 * The {@link OracleContext} of one call: a lazily created sandbox under a per-JVM root,
 * removed when the call ends, or kept for debugging when the call did not end OK and the
 * runner keeps failed sandboxes.
 *
 * <p>The directory of a call that ended OK is renamed into {@code ROOT/.trash/}, files and
 * all, and removed there by a background thread: removing files and directories waits on
 * the disk (ext4 mounted with {@code discard} in particular), renaming does not, and a
 * sandbox per point is the hot path of every scan of an external code (figures: the
 * call-overhead bench section). At most {@link #MAX_PENDING} sandboxes wait in the trash
 * of a JVM: beyond that a call removes its own, so that a code writing large files
 * faster than they can be removed slows down rather than fills the disk. The directory is
 * still removed, not reused: a stray process of the call that keeps its working
 * directory there moves with it into the trash and is stopped there by
 * {@link SandboxRemoval}, as it would have been here. Calls cut short, calls that did not
 * end OK and all calls of a runner that keeps failed sandboxes are removed on the call's
 * path, as before.
 */
final class SandboxContext implements OracleContext {
  /** The folder of a root where the sandboxes of OK calls wait for their removal. */
  static final String TRASH = ".trash";
  /** Sandboxes waiting in the trash of this JVM beyond which a call removes its own. */
  static final int MAX_PENDING = 64;
  private static final AtomicInteger PENDING = new AtomicInteger();
  /** Sandboxes of this JVM waiting in a trash or being removed there. */
  static int pending() {
    return PENDING.get();
  }

  /** Roots known to exist, with their trash: not looked at again on every call. */
  private static final Set<Path> MADE = ConcurrentHashMap.newKeySet();
  /** Package-private for tests, which hold it up to see the trash fill. */
  static final ExecutorService REMOVER = Executors.newSingleThreadExecutor(r -> {
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
      if (!MADE.contains(root)) {
        Files.createDirectories(root);
        MADE.add(root);
      }
      try {
        sandbox = Files.createTempDirectory(root, name + "-");
      } catch (NoSuchFileException e) {
        // removed since it was made (a clean-up of the machine's temporary folders): make it again
        MADE.remove(root);
        Files.createDirectories(root);
        sandbox = Files.createTempDirectory(root, name + "-");
      }
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
    if (status == Status.OK && !keepFailed && moveToTrash()) {
      return;
    }
    remove(status == Status.TIMEOUT);
  }

  /**
   * Renames the sandbox into the trash and has it removed there in the background; false
   * when that could not be done (or too many wait already) and the sandbox is to be
   * removed here.
   */
  private boolean moveToTrash() {
    if (PENDING.get() >= MAX_PENDING) {
      return false;
    }
    Path trash = root.resolve(TRASH);
    Path trashed;
    try {
      if (!MADE.contains(trash)) {
        Files.createDirectories(trash);
        MADE.add(trash);
      }
      trashed = trash.resolve(sandbox.getFileName() + "-" + Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36));
      Files.move(sandbox, trashed);
    } catch (IOException e) {
      MADE.remove(trash); // removed meanwhile, perhaps: looked at again next time
      return false;
    }
    PENDING.incrementAndGet();
    try {
      REMOVER.execute(() -> {
        try {
          // a stray process of the call still working there fails a pass and is stopped then
          SandboxRemoval.removeTree(trashed, false);
        } catch (IOException e) {
          log.warn("could not remove sandbox {}: {}", trashed, e.toString());
        } finally {
          PENDING.decrementAndGet();
        }
      });
    } catch (RuntimeException e) {
      PENDING.decrementAndGet();
      sandbox = trashed; // no remover (the JVM is going away): remove it here
      return false;
    }
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
