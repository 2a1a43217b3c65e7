package org.hepscan.external;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hepscan.oracle.Point;
import org.slf4j.Logger;

/**
 * What a stage gets for one call: the point (its values by parameter name), the call's
 * sandbox (shared by all stages of the chain, so that each can read what the previous
 * one wrote), the time left before the call's deadline, its place in the chain and the
 * file the previous stage left.
 */
public final class StageCall {
  private final Point point;
  private final List<String> parameterNames;
  private final Path sandbox;
  private final long deadlineNanos;
  private final int position;
  private final String label;
  private final String previousOutput;
  private final Logger log;

  /**
   * @param deadlineNanos the {@link System#nanoTime()} by which the stage must be done
   * @param position      1 for the first stage of the chain
   * @param label         the stage as messages name it ({@code softsusy}, {@code command#2})
   */
  public StageCall(Point point, List<String> parameterNames, Path sandbox, long deadlineNanos, int position,
                   String label, String previousOutput, Logger log) {
    if (parameterNames.size() != point.size()) {
      throw new IllegalArgumentException(parameterNames.size() + " parameter names for a point of " + point.size() + " values");
    }
    this.point = point;
    this.parameterNames = List.copyOf(parameterNames);
    this.sandbox = sandbox;
    this.deadlineNanos = deadlineNanos;
    this.position = position;
    this.label = label;
    this.previousOutput = previousOutput;
    this.log = log;
  }

  public Point point() {
    return point;
  }

  /** The value of parameter {@code name}; an {@link IllegalArgumentException} for a name the scan does not have. */
  public double parameter(String name) {
    int i = parameterNames.indexOf(name);
    if (i < 0) {
      throw new IllegalArgumentException("no parameter named " + name + "; the scan has " + parameterNames);
    }
    return point.value(i);
  }

  /** All parameter values by name, in the scan's order. */
  public Map<String, Double> parameters() {
    Map<String, Double> m = new LinkedHashMap<>();
    for (int i = 0; i < parameterNames.size(); i++) {
      m.put(parameterNames.get(i), point.value(i));
    }
    return Collections.unmodifiableMap(m);
  }

  /** The call's working directory: programs run here and write their fixed file names here. */
  public Path sandbox() {
    return sandbox;
  }

  /** Time left before the call's deadline; zero or negative when it has passed. */
  public Duration remaining() {
    return Duration.ofNanos(deadlineNanos - System.nanoTime());
  }

  public int position() {
    return position;
  }

  public String label() {
    return label;
  }

  /** The file the previous stage declared as its output, or null (first stage, or none declared). */
  public String previousOutput() {
    return previousOutput;
  }

  public Logger log() {
    return log;
  }
}
