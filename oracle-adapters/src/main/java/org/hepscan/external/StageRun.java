package org.hepscan.external;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.hepscan.external.process.Invocation;
import org.hepscan.external.process.ProcessOutcome;

/**
 * A finished run of a stage's program, as checks and observable readers see it: how the
 * process ended, the sandbox, and the output files, each read once however many readers
 * look at it.
 */
public final class StageRun {
  /** The whole text of a file. */
  public static final FileFormat<String> TEXT = file -> new String(Files.readAllBytes(file), StandardCharsets.UTF_8);

  private final StageCall call;
  private final Invocation invocation;
  private final ProcessOutcome process;
  private final String output;
  private final Map<Key, Object> parsed = new HashMap<>();

  /** Formats compare by identity (lambdas and plain classes do): see {@link FileFormat}. */
  private record Key(Source source, FileFormat<?> format) {
  }

  public StageRun(StageCall call, Invocation invocation, ProcessOutcome process, String output) {
    this.call = call;
    this.invocation = invocation;
    this.process = process;
    this.output = output;
  }

  public StageCall call() {
    return call;
  }

  /** The program as messages name it ({@code softpoint.x}). */
  public String program() {
    return invocation.programName();
  }

  /** What was run: argv as filled in, stdin, the time limit. */
  public Invocation invocation() {
    return invocation;
  }

  /** How long the run was allowed. */
  public Duration timeout() {
    return invocation.timeout();
  }

  public ProcessOutcome process() {
    return process;
  }

  public int exitCode() {
    return process.exitCode();
  }

  public Path sandbox() {
    return call.sandbox();
  }

  /** The file the stage must write, or null. */
  public String output() {
    return output;
  }

  /** Where {@code source} is on disk. */
  public Path path(Source source) {
    return switch (source.kind()) {
      case STDOUT -> process.stdout();
      case STDERR -> process.stderr();
      case FILE -> call.sandbox().resolve(source.file());
    };
  }

  public boolean exists(Source source) {
    return Files.isRegularFile(path(source));
  }

  /** The text of {@code source}. */
  public String text(Source source) throws IOException, UnreadableOutputException {
    return parsed(source, TEXT);
  }

  /**
   * {@code source} read by {@code format}, once per run: later calls with the same source
   * and format get the same object. A missing file is an {@link UnreadableOutputException}.
   */
  @SuppressWarnings("unchecked")
  public synchronized <T> T parsed(Source source, FileFormat<T> format) throws IOException, UnreadableOutputException {
    Key key = new Key(source, format);
    Object cached = parsed.get(key);
    if (cached != null) {
      return (T) cached;
    }
    Path p = path(source);
    if (!Files.isRegularFile(p)) {
      throw new UnreadableOutputException("no file " + source.describe());
    }
    T value = format.parse(p);
    parsed.put(key, value);
    return value;
  }
}
