package org.hepscan.strategy.api;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The file under {@code java.io.tmpdir} that holds the chunks a long scan's driver does not
 * keep in memory; deleted when the columns are no longer reachable, and at the latest
 * when the JVM exits. A driver killed outright (SIGKILL, a node lost) cannot delete it, so
 * the file is locked while its driver lives, and the next one made on the machine removes
 * the unlocked ones it finds.
 */
final class SpillFile {
  private static final java.lang.ref.Cleaner CLEANER = java.lang.ref.Cleaner.create();

  private final Path file;
  private final FileChannel channel;
  private long end;

  private SpillFile(Path file, FileChannel channel) {
    this.file = file;
    this.channel = channel;
  }

  /**
   * This JVM's spill files, never opened by {@link #removeAbandoned}: on Linux, closing any
   * channel to a file releases every lock the process holds on it.
   */
  private static final java.util.Set<Path> OWN = java.util.concurrent.ConcurrentHashMap.newKeySet();
  static final String PREFIX = "hepscan-history-";
  static final String SUFFIX = ".columns";

  static SpillFile create(EvaluationColumns owner) {
    return create(owner, Path.of(System.getProperty("java.io.tmpdir")));
  }

  static SpillFile create(Object owner, Path dir) {
    try {
      removeAbandoned(dir);
      Path file = Files.createTempFile(dir, PREFIX, SUFFIX);
      OWN.add(file);
      file.toFile().deleteOnExit();
      FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
      // held until the channel closes: the process's lock (released by the OS when it dies) says the file is in use
      ch.lock();
      SpillFile s = new SpillFile(file, ch);
      CLEANER.register(owner, new Closer(file, ch));
      return s;
    } catch (IOException e) {
      throw failed("create a file in " + dir, e);
    }
  }

  /**
   * Deletes the spill files in {@code dir} whose driver is gone: those no process holds a
   * lock on. Returns how many; a file it cannot look at is left alone.
   */
  static int removeAbandoned(Path dir) {
    int removed = 0;
    try (var files = Files.newDirectoryStream(dir, PREFIX + "*" + SUFFIX)) {
      for (Path f : files) {
        if (OWN.contains(f)) {
          continue;
        }
        try (FileChannel ch = FileChannel.open(f, StandardOpenOption.WRITE)) {
          var lock = ch.tryLock();
          if (lock != null) {
            Files.delete(f); // unlocked: its driver died without deleting it
            removed++;
          }
        } catch (java.nio.channels.OverlappingFileLockException e) {
          // locked by this JVM: a live history's file
        } catch (IOException e) {
          // gone meanwhile, or not ours to open: leave it
        }
      }
    } catch (IOException e) {
      // a directory that cannot be listed: creating the file will say what is wrong
    }
    return removed;
  }

  /**
   * Where a chunk of {@code length} bytes goes: the end of the file, which moves past it. The
   * bytes may be written later, from another thread ({@link #writeAt}).
   */
  long reserve(int length) {
    long at = end;
    end += length;
    return at;
  }

  /** Writes {@code b} at {@code at}, a place {@link #reserve} gave; safe from any one thread besides the owner's reads. */
  void writeAt(ByteBuffer b, long at) {
    try {
      long pos = at;
      while (b.hasRemaining()) {
        pos += channel.write(b, pos);
      }
    } catch (IOException e) {
      throw failed("write to " + file, e);
    }
  }

  EvaluationColumns.Chunk read(long at, int length, int rows, int dims, int k, EvaluationColumns.Messages shared) {
    ByteBuffer b = ByteBuffer.allocate(length);
    try {
      long pos = at;
      while (b.hasRemaining()) {
        int n = channel.read(b, pos);
        if (n < 0) {
          throw new IOException("the file ends at " + pos + " inside a chunk");
        }
        pos += n;
      }
    } catch (IOException e) {
      throw failed("read " + file, e);
    }
    return EvaluationColumns.Chunk.decode(b.flip(), rows, dims, k, shared);
  }

  static UncheckedIOException failed(String what, IOException e) {
    return new UncheckedIOException("the scan's history keeps its older rows on the driver's disk and could not " + what + ": "
        + e.getMessage() + ". Give the driver a java.io.tmpdir with room (-Djava.io.tmpdir=...), or let it hold more rows in"
        + " memory (-D" + EvaluationColumns.MEMORY_PROPERTY + "=MiB)", e);
  }

  /** Closes and deletes a spill file; run by the cleaner, so it holds no reference to the columns. */
  private record Closer(Path file, FileChannel channel) implements Runnable {
    @Override
    public void run() {
      try {
        channel.close();
        Files.deleteIfExists(file);
        OWN.remove(file);
      } catch (IOException e) {
        // a temporary file: deleteOnExit tries again
      }
    }
  }
}
