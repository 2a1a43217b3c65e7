package org.hepscan.executor;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Removes a sandbox tree that the programs of its call may still be touching.
 *
 * <p>A call's programs are killed when it ends, but killing is not instant: on a busy
 * machine a killed process can take a while to go, a child that escaped the kill (it
 * left the process tree and cleared its environment) keeps running, and either may
 * create or delete files while the tree is walked. So:
 * <ul>
 *   <li>a file or directory that is gone when the walk reaches it is what removal wants,
 *   not a failure ({@link NoSuchFileException} anywhere counts as removed);</li>
 *   <li>when a pass fails (typically a directory not empty because something wrote into
 *   it after it was listed), the processes still working in the tree (on Linux: those
 *   whose working directory is in it, the way physics codes run) are killed and waited
 *   for, then the removal is retried with a short back-off, for at most
 *   {@link #PATIENCE}.</li>
 * </ul>
 * Killing such a process is right: whoever removes a sandbox has decided its call is
 * over, and nothing of a call may outlive it.
 */
final class SandboxRemoval {
  /** How long a removal keeps retrying: ample for a killed process to go, short against any call. */
  static final Duration PATIENCE = Duration.ofSeconds(5);
  private static final Path PROC = Path.of("/proc");
  private static final long SELF = ProcessHandle.current().pid();

  private SandboxRemoval() {
  }

  /**
   * Removes {@code root} and everything under it; a {@code root} that does not exist is
   * removed already. {@code stopProgramsFirst}: the tree's call was cut short (timed out,
   * cancelled, its JVM died), so programs of it may still run there; they are stopped
   * before the first pass rather than after a failed one, since one that merely idles
   * would not make a pass fail yet would outlive its call.
   */
  static void removeTree(Path root, boolean stopProgramsFirst) throws IOException {
    remove(root, null, stopProgramsFirst);
  }

  /**
   * Removes everything under {@code root} except the file {@code keep} (null: nothing is
   * kept, and {@code root} itself goes too); {@code stopProgramsFirst} as for
   * {@link #removeTree}. Symbolic links are removed, never followed.
   * Throws the last failure when the tree still cannot be removed after {@link #PATIENCE};
   * an interruption of the calling thread does not cut the retries short (they are
   * bounded) and is passed on when this returns.
   */
  static void remove(Path root, Path keep, boolean stopProgramsFirst) throws IOException {
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    if (stopProgramsFirst) {
      stopProcessesWorkingIn(root, deadline);
    }
    long pauseMillis = 5;
    boolean interrupted = false;
    try {
      for (int attempt = 0; ; attempt++) {
        try {
          removeOnce(root, keep);
          return;
        } catch (IOException e) {
          if (System.nanoTime() > deadline) {
            throw e;
          }
          if (attempt == 0 || attempt % 4 == 3) {
            // first failure, and now and then after: what still writes here must stop before removal can win
            stopProcessesWorkingIn(root, deadline);
          }
        }
        try {
          Thread.sleep(pauseMillis);
        } catch (InterruptedException e) {
          interrupted = true;
        }
        pauseMillis = Math.min(pauseMillis * 2, 200);
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** One walk: deletes files as it meets them and directories on the way out. */
  private static void removeOnce(Path root, Path keep) throws IOException {
    Files.walkFileTree(root, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
        if (!file.equals(keep)) {
          Files.deleteIfExists(file);
        }
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFileFailed(Path file, IOException exc) throws IOException {
        if (exc instanceof NoSuchFileException) {
          return FileVisitResult.CONTINUE; // listed, then removed by someone else: gone either way
        }
        throw exc;
      }

      @Override
      public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
        if (exc != null && !(exc instanceof NoSuchFileException)) {
          throw exc;
        }
        if (keep == null || !dir.equals(root)) {
          Files.deleteIfExists(dir); // DirectoryNotEmptyException when written to since its listing: retried
        }
        return FileVisitResult.CONTINUE;
      }
    });
  }

  /**
   * Kills, forcibly, the processes of this user whose working directory is {@code root}
   * or under it, and waits (until {@code deadline}) for them to go; looks again until a
   * look finds none, since one may have forked a child (inheriting its working
   * directory) between the look and the kill. Linux only; elsewhere the retries alone
   * have to do. Returns how many it killed.
   */
  static int stopProcessesWorkingIn(Path root, long deadline) {
    int killed = 0;
    for (int round = 0; round < 20 && System.nanoTime() < deadline; round++) {
      List<ProcessHandle> working = processesWorkingIn(root);
      if (working.isEmpty()) {
        break;
      }
      working.forEach(ProcessHandle::destroyForcibly);
      killed += working.size();
      long pauseMillis = 1;
      while (working.stream().anyMatch(SandboxRemoval::running) && System.nanoTime() < deadline) {
        try {
          Thread.sleep(pauseMillis);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return killed; // the signals are sent; the caller's retries and its deadline take it from here
        }
        pauseMillis = Math.min(pauseMillis * 2, 20);
      }
    }
    return killed;
  }

  /** The live processes (other than this JVM) whose working directory lies in {@code root}. */
  static List<ProcessHandle> processesWorkingIn(Path root) {
    List<ProcessHandle> found = new ArrayList<>();
    if (!Files.isDirectory(PROC)) {
      return found;
    }
    Path absolute = root.toAbsolutePath().normalize();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(PROC, p -> isPid(p.getFileName().toString()))) {
      for (Path entry : entries) {
        long pid = Long.parseLong(entry.getFileName().toString());
        if (pid == SELF) {
          continue;
        }
        Path cwd;
        try {
          cwd = Files.readSymbolicLink(entry.resolve("cwd"));
        } catch (IOException | SecurityException | UnsupportedOperationException e) {
          continue; // gone, a zombie (no working directory), or another user's: none of ours
        }
        // a directory removed under a process reads as "<path> (deleted)"
        String text = cwd.toString();
        if (text.endsWith(" (deleted)")) {
          cwd = Path.of(text.substring(0, text.length() - " (deleted)".length()));
        }
        if (cwd.startsWith(absolute)) {
          ProcessHandle.of(pid).ifPresent(found::add);
        }
      }
    } catch (IOException e) {
      // /proc unreadable: rely on the retries
    }
    return found;
  }

  private static boolean isPid(String name) {
    if (name.isEmpty()) {
      return false;
    }
    for (int i = 0; i < name.length(); i++) {
      if (!Character.isDigit(name.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  /** Alive and not a zombie (a killed process waiting to be reaped holds no files). */
  private static boolean running(ProcessHandle h) {
    if (!h.isAlive()) {
      return false;
    }
    try {
      String stat = Files.readString(PROC.resolve(Long.toString(h.pid())).resolve("stat"));
      int close = stat.lastIndexOf(')');
      char state = close > 0 && close + 2 < stat.length() ? stat.charAt(close + 2) : '?';
      return state != 'Z' && state != 'X';
    } catch (IOException e) {
      return !Files.isDirectory(PROC, LinkOption.NOFOLLOW_LINKS) && h.isAlive();
    }
  }
}
