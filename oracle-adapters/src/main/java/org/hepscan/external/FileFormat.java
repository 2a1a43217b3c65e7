package org.hepscan.external;

import java.io.IOException;
import java.nio.file.Path;

/**
 * How a file of program output is read into one object (its text, a JSON tree, an SLHA
 * document). {@link StageRun#parsed} reads each file once per run and format, however
 * many observables and checks look at it; it tells formats apart by identity, so a
 * format should be one shared constant.
 */
@FunctionalInterface
public interface FileFormat<T> {

  /** Reads {@code file}, which exists; garbage is an {@link UnreadableOutputException}. */
  T parse(Path file) throws IOException, UnreadableOutputException;
}
