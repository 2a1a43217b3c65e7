package org.hepscan.external;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.hepscan.config.ConfigException;

/**
 * Where a stage's program is, and whether it can run.
 *
 * <p>A program is an absolute path, a path relative to the driver's working directory
 * (made absolute on the driver, which is right in local mode; on a cluster use absolute
 * paths), or a bare name looked up on the executors' PATH. Executors may have programs the
 * driver lacks, so on the driver a missing program is only a warning, and the executors
 * check again before their first call ({@link Stage#checkInstalled()}), which stops the
 * scan with the reason if the program is missing there too. A program that is there but
 * is a directory or not executable is a spec error at once: that is never right.
 */
public final class Programs {
  private Programs() {
  }

  /** Why a program cannot run. */
  public static final class ProgramException extends IOException {
    private static final long serialVersionUID = 1L;
    private final boolean missing;

    ProgramException(String message, boolean missing) {
      super(message);
      this.missing = missing;
    }

    /** True when the program is not there at all (rather than there but unusable). */
    public boolean missing() {
      return missing;
    }

    /** The same problem, said of the stage {@code label} on the machine {@code host}. */
    public ProgramException of(String label, String host) {
      ProgramException e = new ProgramException(label + ": " + getMessage() + " on " + host, missing);
      e.initCause(this);
      return e;
    }
  }

  /** {@code program} as the executors will run it: a path made absolute here, or a bare name. */
  public static String absolute(String program) {
    return program.indexOf('/') < 0 ? program : Path.of(program).toAbsolutePath().normalize().toString();
  }

  /** The executable file {@code program} names here, or why there is none. */
  public static Path locate(String program) throws ProgramException {
    if (program.indexOf('/') >= 0) {
      return usable(Path.of(program), program);
    }
    String path = System.getenv("PATH");
    if (path != null) {
      for (String dir : path.split(File.pathSeparator)) {
        if (dir.isEmpty()) {
          continue;
        }
        Path candidate = Path.of(dir, program);
        if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
          return candidate;
        }
      }
    }
    throw new ProgramException(program + " is not on the PATH (" + (path == null ? "no PATH set" : path) + ")", true);
  }

  private static Path usable(Path p, String program) throws ProgramException {
    if (!Files.exists(p)) {
      throw new ProgramException(program + ": no such file", true);
    }
    if (Files.isDirectory(p)) {
      throw new ProgramException(program + " is a directory, not a program", false);
    }
    if (!Files.isExecutable(p)) {
      throw new ProgramException(program + " is not executable (chmod +x " + program + ")", false);
    }
    return p;
  }

  /**
   * The spec-time check of {@code program} (already {@link #absolute}) at {@code path}: a
   * spec error when it is there but unusable, a warning when it is not here at all.
   */
  public static void checkOnDriver(String program, String path, StageSetup setup) throws ConfigException {
    try {
      locate(program);
    } catch (ProgramException e) {
      if (!e.missing()) {
        throw new ConfigException(path, e.getMessage());
      }
      setup.warn(path, e.getMessage() + " on this machine; every executor must have it (they check before their first call)");
    }
  }
}
