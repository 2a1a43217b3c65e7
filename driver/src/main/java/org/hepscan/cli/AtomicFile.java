package org.hepscan.cli;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * A local file that a command writes whole or not at all: the text goes to a hidden
 * sibling ({@code .NAME.partial}) that replaces the target by rename(2) once complete, so a
 * reader, or a command that failed half-way, never leaves a truncated table behind.
 */
final class AtomicFile implements AutoCloseable {
  private final Path target;
  private final Path partial;
  private final Writer writer;
  private boolean committed;

  private AtomicFile(Path target, Path partial, Writer writer) {
    this.target = target;
    this.partial = partial;
    this.writer = writer;
  }

  /** Refuses a target that is a directory (exit 2) and makes missing parent directories. */
  static AtomicFile create(Path target) throws IOException {
    Path absolute = target.toAbsolutePath();
    if (Files.isDirectory(absolute)) {
      throw new CliError(2, target + " is a directory; name the file to write");
    }
    Files.createDirectories(absolute.getParent());
    Path partial = partialOf(absolute);
    return new AtomicFile(absolute, partial, Files.newBufferedWriter(partial, StandardCharsets.UTF_8));
  }

  /** Where a file or directory is built before it is renamed to {@code target}. */
  static Path partialOf(Path target) {
    Path absolute = target.toAbsolutePath();
    return absolute.resolveSibling("." + absolute.getFileName() + ".partial");
  }

  Writer writer() {
    return writer;
  }

  /** Puts the complete file in place of the target. */
  void commit() throws IOException {
    writer.close();
    Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    committed = true;
  }

  /** Without {@link #commit}: removes the partial file, leaving the target as it was. */
  @Override
  public void close() throws IOException {
    if (!committed) {
      try {
        writer.close();
      } finally {
        Files.deleteIfExists(partial);
      }
    }
  }
}
