package org.hepscan.config;

/**
 * A configuration value that cannot be used, with the place it came from.
 *
 * <p>The path is written the way a user reads the spec ({@code strategy.model.epochs},
 * {@code constraints[2].window}). Code that reads its section through {@link Options}
 * gets full paths for free (an {@code Options} knows where it sits); code that builds
 * values from a bare piece of YAML throws with paths relative to it, and the layer above
 * prefixes its part with {@link #under(String)}. An empty path means "this section as a
 * whole".
 */
public class ConfigException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String path;
  private final String problem;

  public ConfigException(String path, String problem) {
    super(render(path, problem));
    this.path = path == null ? "" : path;
    this.problem = problem;
  }

  /** Where the bad value is, e.g. {@code stop.max_evaluations}; empty for the whole document. */
  public String path() {
    return path;
  }

  /** What is wrong and what was expected, without the path. */
  public String problem() {
    return problem;
  }

  /** The same problem seen from one level up: {@code under("oracle")} turns {@code x} into {@code oracle.x}. */
  public ConfigException under(String prefix) {
    return new ConfigException(join(prefix, path), problem);
  }

  public static String join(String prefix, String path) {
    if (prefix == null || prefix.isEmpty()) {
      return path;
    }
    if (path == null || path.isEmpty()) {
      return prefix;
    }
    return path.startsWith("[") ? prefix + path : prefix + "." + path;
  }

  private static String render(String path, String problem) {
    return (path == null || path.isEmpty()) ? problem : path + ": " + problem;
  }
}
