package org.hepscan.spec;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.hepscan.config.ConfigException;
import org.hepscan.config.Options;
import org.hepscan.strategy.api.History;

/**
 * When a scan ends: enough in-target points, a budget of oracle calls or iterations, or
 * wall time (counted over all runs of the scan, resumes included). target_points counts the
 * in-target rows the scan holds, its start rows ({@code strategy.start_from}) included;
 * max_evaluations counts oracle calls, which start rows are not. A rule left out is no
 * limit (0 in this record); at least one must be set. Checked between iterations; the last batch is cut so
 * that {@code max_evaluations} is never exceeded.
 *
 * <pre>stop: {target_points: 20000, max_evaluations: 200000, max_iterations: 500, wall_time: 12h}</pre>
 */
public record StopRules(long targetPoints, long maxEvaluations, int maxIterations, double wallSeconds) {
  private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*([smhd])");

  public static StopRules parse(Options o) {
    o.allowOnly("target_points", "max_evaluations", "max_iterations", "wall_time");
    long target = o.integer("target_points", 0, 1);
    long maxEval = o.integer("max_evaluations", 0, 1);
    long maxIter = o.integer("max_iterations", 0, 1);
    if (maxIter > Integer.MAX_VALUE) {
      throw new ConfigException(o.pathOf("max_iterations"), "at most " + Integer.MAX_VALUE);
    }
    double wall = o.has("wall_time") ? duration(o.pathOf("wall_time"), o.raw("wall_time")) : 0;
    if (target == 0 && maxEval == 0 && maxIter == 0 && wall == 0) {
      throw new ConfigException(o.path(), "give at least one stop rule: target_points, max_evaluations, max_iterations or wall_time");
    }
    return new StopRules(target, maxEval, (int) maxIter, wall);
  }

  /** Seconds from a number of seconds or a text such as {@code 90s}, {@code 30m}, {@code 12h}, {@code 7d}. */
  static double duration(String path, Object v) {
    if (v instanceof Number) {
      double s = Options.toNumber(path, v);
      if (s > 0) {
        return s;
      }
    } else if (v instanceof String text) {
      Matcher m = DURATION.matcher(text.trim().toLowerCase(Locale.ROOT));
      if (m.matches()) {
        double n = Double.parseDouble(m.group(1));
        double unit = switch (m.group(2)) {
          case "s" -> 1;
          case "m" -> 60;
          case "h" -> 3600;
          default -> 86400;
        };
        if (n > 0) {
          return n * unit;
        }
      }
    }
    throw new ConfigException(path, "expected a positive duration: seconds, or a number with s, m, h or d (e.g. 90s, 30m, 12h, 7d); got " + Options.describe(v));
  }

  /** Why the scan should stop now, or null to go on. */
  public String reason(History h, double wallSecondsSoFar) {
    // the sample the scan holds: in-target start rows count (they are in its output), start rows are no calls
    long held = h.inTarget() + h.startInTarget();
    if (targetPoints > 0 && held >= targetPoints) {
      return "reached " + held + " in-target points" + (h.startInTarget() > 0 ? ", " + h.startInTarget() + " of them start rows" : "")
          + " (target_points: " + targetPoints + ")";
    }
    if (maxEvaluations > 0 && h.size() >= maxEvaluations) {
      return "reached " + h.size() + " evaluations (max_evaluations: " + maxEvaluations + ")";
    }
    if (maxIterations > 0 && h.iterations() >= maxIterations) {
      return "reached " + h.iterations() + " iterations (max_iterations: " + maxIterations + ")";
    }
    if (wallSeconds > 0 && wallSecondsSoFar >= wallSeconds) {
      return String.format(Locale.ROOT, "ran %.0f s of wall time (wall_time: %.0f s)", wallSecondsSoFar, wallSeconds);
    }
    return null;
  }

  /** How many more oracle calls are allowed. */
  public long remaining(History h) {
    return remaining(h, 0);
  }

  /** How many more oracle calls are allowed once {@code pending} more (a batch on the executors) are made. */
  public long remaining(History h, long pending) {
    return maxEvaluations > 0 ? Math.max(0, maxEvaluations - h.size() - pending) : Long.MAX_VALUE;
  }

  /** True when iteration {@code k} is the last {@code max_iterations} allows: no batch after it is needed. */
  public boolean lastIteration(int k) {
    return maxIterations > 0 && k >= maxIterations;
  }

  @Override
  public String toString() {
    List<String> s = new ArrayList<>();
    if (targetPoints > 0) {
      s.add("target_points " + targetPoints);
    }
    if (maxEvaluations > 0) {
      s.add("max_evaluations " + maxEvaluations);
    }
    if (maxIterations > 0) {
      s.add("max_iterations " + maxIterations);
    }
    if (wallSeconds > 0) {
      s.add("wall_time " + wallSeconds + " s");
    }
    return String.join(", ", s);
  }
}
