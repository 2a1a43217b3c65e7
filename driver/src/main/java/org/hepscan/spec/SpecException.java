package org.hepscan.spec;

import java.util.List;
import java.util.stream.Collectors;
import org.hepscan.config.ConfigException;

/**
 * Everything wrong with a spec, each problem with its line and YAML path:
 * <pre>eggbox.yaml:12: stop.max_evaluations: expected a whole number, got 'lots' (text)</pre>
 */
public final class SpecException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** One problem and the line it is on (0 when unknown). */
  public record Problem(int line, ConfigException error) {
  }

  private final String source;
  private final List<Problem> problems;

  public SpecException(String source, List<Problem> problems) {
    super(render(source, problems));
    this.source = source;
    this.problems = List.copyOf(problems);
  }

  public SpecException(String source, int line, ConfigException problem) {
    this(source, List.of(new Problem(line, problem)));
  }

  private static String render(String source, List<Problem> problems) {
    return problems.stream()
        .map(p -> source + (p.line() > 0 ? ":" + p.line() : "") + ": " + p.error().getMessage())
        .collect(Collectors.joining("\n"));
  }

  public String source() {
    return source;
  }

  public List<Problem> problems() {
    return problems;
  }

  /** The YAML path of the first problem, e.g. {@code constraints[0].observable}. */
  public String path() {
    return problems.get(0).error().path();
  }

  public int line() {
    return problems.get(0).line();
  }
}
