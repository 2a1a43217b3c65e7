package org.hepscan.executor;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The directory in which one JVM's oracle calls make their sandboxes, and the removal of
 * the directories that JVMs killed on the same machine left behind.
 *
 * <p>A JVM that dies by SIGKILL (a lost executor, a container killed for memory) cannot
 * remove the sandboxes of the calls it was running, and Spark does not either: a
 * standalone worker keeps an executor's working directory until the application ends,
 * and then by default for days. So every JVM owns a directory
 * {@code <base>/jvm-PID-BOOT-RANDOM} and holds an exclusive lock on its {@code .owner}
 * file for as long as it lives. The operating system drops the lock when the process
 * dies, however it dies; a JVM that then takes that lock knows the owner is gone and
 * removes the directory ({@link #removeDead}). A live JVM's directory is never removed:
 * its lock cannot be taken.
 *
 * <p>Only directories made under the same kernel (the same {@code BOOT} id: this machine
 * since its last start) are judged, because only there does a lock say something: on a
 * base shared between machines over a network file system a lock may not be seen at all.
 * A directory is created under a temporary name, locked, then renamed, so that no other
 * JVM ever sees an owned name without its lock held.
 */
public final class SandboxRoot {
  private static final Logger LOG = LoggerFactory.getLogger(SandboxRoot.class);
  static final String OWNER_FILE = ".owner";
  private static final String STARTING = ".starting-";
  private static final Pattern NAME = Pattern.compile("jvm-(\\d+)-([0-9A-Za-z.]+)-([0-9a-f]+)");
  /** A directory that never got its final name is left by a JVM that died within microseconds of making it. */
  private static final Duration STARTING_STALE = Duration.ofHours(1);

  private static final Object JVM_ROOT_LOCK = new Object();
  private static volatile SandboxRoot jvmRoot;

  private final Path base;
  private final Path dir;
  private final String machine;
  private final long pid;
  private final FileChannel channel;
  private final FileLock lock;
  private final ReentrantLock sweeping = new ReentrantLock();

  private SandboxRoot(Path base, Path dir, String machine, long pid, FileChannel channel, FileLock lock) {
    this.base = base;
    this.dir = dir;
    this.machine = machine;
    this.pid = pid;
    this.channel = channel;
    this.lock = lock;
  }

  /**
   * This JVM's root under {@code <java.io.tmpdir>/hepscan-sandboxes-<user>}, made on first
   * use and removed when the JVM exits normally. The user's name keeps users who share a
   * machine's temporary directory out of each other's way.
   */
  public static SandboxRoot ofThisJvm() throws IOException {
    SandboxRoot r = jvmRoot;
    if (r != null) {
      return r;
    }
    synchronized (JVM_ROOT_LOCK) {
      if (jvmRoot == null) {
        SandboxRoot made = open(defaultBase());
        Runtime.getRuntime().addShutdownHook(new Thread(made::close, "hepscan-sandbox-root-close"));
        jvmRoot = made;
      }
      return jvmRoot;
    }
  }

  /** {@code <java.io.tmpdir>/hepscan-sandboxes-<user>}: where every JVM of this user on this machine keeps its root. */
  public static Path defaultBase() {
    String user = System.getProperty("user.name", "user").replaceAll("[^A-Za-z0-9._-]", "_");
    return Paths.get(System.getProperty("java.io.tmpdir"), "hepscan-sandboxes-" + user);
  }

  /** Makes and locks a root of this JVM under {@code base}. */
  public static SandboxRoot open(Path base) throws IOException {
    Files.createDirectories(base);
    long pid = ProcessHandle.current().pid();
    String machine = machineId();
    Path starting = Files.createTempDirectory(base, STARTING);
    Path ownerFile = starting.resolve(OWNER_FILE);
    FileChannel ch = FileChannel.open(ownerFile, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    FileLock held;
    try {
      held = ch.lock();
      ch.write(java.nio.ByteBuffer.wrap(("pid " + pid + "\nstarted " + Instant.now() + "\nhost " + hostName() + "\n")
          .getBytes(StandardCharsets.UTF_8)));
      ch.force(false);
      String random = UUID.randomUUID().toString().replace("-", "").substring(0, 8);
      Path dir = base.resolve("jvm-" + pid + "-" + machine + "-" + random);
      Files.move(starting, dir, StandardCopyOption.ATOMIC_MOVE);
      return new SandboxRoot(base, dir, machine, pid, ch, held);
    } catch (IOException | RuntimeException e) {
      ch.close();
      deleteTree(starting);
      throw e;
    }
  }

  /** Where this JVM's calls make their sandboxes. */
  public Path dir() {
    return dir;
  }

  /** The directory that holds this and the other JVMs' roots. */
  public Path base() {
    return base;
  }

  /**
   * Removes the roots under {@link #base} whose JVM is gone, with everything in them, and
   * returns them. Skipped, and left for the next call, while another thread of this JVM
   * is at it. Never throws: what cannot be removed is logged.
   */
  public List<Path> removeDead() {
    if (!sweeping.tryLock()) {
      return List.of();
    }
    try {
      List<Path> removed = new ArrayList<>();
      try (DirectoryStream<Path> entries = Files.newDirectoryStream(base)) {
        for (Path p : entries) {
          if (p.equals(dir)) {
            continue;
          }
          String name = p.getFileName().toString();
          if (name.startsWith(STARTING)) {
            removeIfStaleStart(p, removed);
            continue;
          }
          Matcher m = NAME.matcher(name);
          // another root of this same JVM (tests open several) must not be opened here: closing a second
          // channel on a locked file would release this JVM's lock on it
          if (m.matches() && m.group(2).equals(machine) && Long.parseLong(m.group(1)) != pid && ownerIsGone(p)) {
            removed.add(p);
          }
        }
      } catch (NoSuchFileException e) {
        // nothing made yet
      } catch (IOException e) {
        LOG.warn("could not look for the sandboxes of dead JVMs in {}: {}", base, e.toString());
      }
      return removed;
    } finally {
      sweeping.unlock();
    }
  }

  /**
   * Takes the lock of {@code root}'s owner file: taken means its JVM is gone, and the root
   * is removed while the lock is held, so that a second JVM sweeping at the same moment
   * finds it locked and leaves it. True when it was removed.
   */
  private static boolean ownerIsGone(Path root) {
    Path ownerFile = root.resolve(OWNER_FILE);
    // one channel for the lock and the read: closing a second one on the file would drop this JVM's lock
    try (FileChannel ch = FileChannel.open(ownerFile, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      FileLock taken;
      try {
        taken = ch.tryLock();
      } catch (OverlappingFileLockException e) {
        return false; // held in this JVM
      }
      if (taken == null) {
        return false; // its JVM lives
      }
      String owner = read(ch).replace('\n', ' ').trim();
      deleteTreeExcept(root, ownerFile);
      Files.deleteIfExists(ownerFile);
      Files.deleteIfExists(root);
      LOG.info("removed the sandboxes of a JVM that is gone: {} ({})", root, owner);
      return true;
    } catch (NoSuchFileException e) {
      return false; // being removed by another JVM, or not a root of ours
    } catch (AccessDeniedException e) {
      return false; // another user's
    } catch (IOException e) {
      LOG.warn("could not remove the sandboxes of a JVM that is gone at {}: {}", root, e.toString());
      return false;
    }
  }

  private static String read(FileChannel ch) throws IOException {
    java.nio.ByteBuffer buf = java.nio.ByteBuffer.allocate((int) Math.min(4096, ch.size()));
    ch.read(buf, 0);
    return new String(buf.array(), 0, buf.position(), StandardCharsets.UTF_8);
  }

  private static void removeIfStaleStart(Path p, List<Path> removed) {
    try {
      Instant made = Files.getLastModifiedTime(p).toInstant();
      if (made.plus(STARTING_STALE).isBefore(Instant.now())) {
        deleteTree(p);
        removed.add(p);
      }
    } catch (IOException e) {
      // gone meanwhile, or not ours to judge
    }
  }

  /** Removes this JVM's root and lets go of it (at a normal exit; after SIGKILL the next sweep does it). */
  void close() {
    try {
      deleteTreeExcept(dir, dir.resolve(OWNER_FILE));
      Files.deleteIfExists(dir.resolve(OWNER_FILE));
      Files.deleteIfExists(dir);
    } catch (IOException e) {
      // the JVM is going away; the next sweep on this machine removes what is left
    } finally {
      try {
        lock.release();
        channel.close();
      } catch (IOException e) {
        // as above
      }
    }
  }

  /**
   * An id of the running kernel: Linux's boot id (the same for every process and container
   * on this machine until it restarts), else the host name.
   */
  static String machineId() {
    try {
      String boot = Files.readString(Paths.get("/proc/sys/kernel/random/boot_id"), StandardCharsets.US_ASCII).trim();
      String hex = boot.replace("-", "").toLowerCase(Locale.ROOT);
      if (hex.matches("[0-9a-f]{12,}")) {
        return hex.substring(0, 12);
      }
    } catch (IOException | RuntimeException e) {
      // not Linux
    }
    return hostName().replaceAll("[^0-9A-Za-z.]", ".");
  }

  /** The kernel's host name, without a name lookup (which can take seconds where the name does not resolve). */
  private static String hostName() {
    try {
      String h = Files.readString(Paths.get("/proc/sys/kernel/hostname"), StandardCharsets.US_ASCII).trim();
      if (!h.isEmpty()) {
        return h;
      }
    } catch (IOException | RuntimeException e) {
      // not Linux
    }
    String h = System.getenv("HOSTNAME");
    return h == null || h.isBlank() ? "unknown-host" : h.trim();
  }

  private static void deleteTree(Path root) throws IOException {
    SandboxRemoval.removeTree(root, false);
  }

  /**
   * Deletes everything under {@code root} except {@code keep}; symbolic links are removed,
   * never followed. Programs of a dead JVM's calls may still run there (they outlive a
   * SIGKILLed executor): {@link SandboxRemoval} stops them and retries.
   */
  private static void deleteTreeExcept(Path root, Path keep) throws IOException {
    SandboxRemoval.remove(root, keep, true);
  }
}
