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
 * when the JVM exits.
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

  static SpillFile create(EvaluationColumns owner) {
    Path dir = Path.of(System.getProperty("java.io.tmpdir"));
    try {
      Path file = Files.createTempFile(dir, "hepscan-history-", ".columns");
      file.toFile().deleteOnExit();
      FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
      SpillFile s = new SpillFile(file, ch);
      CLEANER.register(owner, new Closer(file, ch));
      return s;
    } catch (IOException e) {
      throw failed("create a file in " + dir, e);
    }
  }

  /** Writes {@code c} at the end of the file; returns where it starts, its length in {@code length[0]}. */
  long write(EvaluationColumns.Chunk c, int[] length) {
    ByteBuffer b = c.encode();
    length[0] = b.remaining();
    long at = end;
    try {
      long pos = at;
      while (b.hasRemaining()) {
        pos += channel.write(b, pos);
      }
      end = pos;
      return at;
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

  private static UncheckedIOException failed(String what, IOException e) {
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
      } catch (IOException e) {
        // a temporary file: deleteOnExit tries again
      }
    }
  }
}
