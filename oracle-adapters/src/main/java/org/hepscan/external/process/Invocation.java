package org.hepscan.external.process;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One run of a program: its argv (passed as is, never through a shell, so values from the
 * scan cannot be read as shell syntax), the working directory, where stdin comes from (a
 * file, or nothing: the program reads end-of-file), the files that receive stdout and
 * stderr, variables added to the inherited environment, and how long it may run.
 */
public record Invocation(List<String> argv, Path directory, Path stdin, Path stdout, Path stderr,
                         Map<String, String> environment, Duration timeout) {

  public Invocation {
    argv = List.copyOf(argv);
    if (argv.isEmpty()) {
      throw new IllegalArgumentException("argv is empty: no program to run");
    }
    Objects.requireNonNull(directory, "directory");
    Objects.requireNonNull(stdout, "stdout");
    Objects.requireNonNull(stderr, "stderr");
    environment = Map.copyOf(environment);
    Objects.requireNonNull(timeout, "timeout");
  }

  /** The program as messages name it: the last part of argv[0] ({@code softpoint.x}). */
  public String programName() {
    return programName(argv.get(0));
  }

  public static String programName(String program) {
    String p = program;
    while (p.length() > 1 && p.endsWith("/")) {
      p = p.substring(0, p.length() - 1);
    }
    int slash = p.lastIndexOf('/');
    return slash < 0 ? p : p.substring(slash + 1);
  }
}
