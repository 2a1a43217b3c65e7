package org.hepscan.spec;

import org.hepscan.config.ConfigException;
import org.hepscan.config.Options;

/**
 * {@code strategy.start_from}: points a scan starts from instead of calling the oracle for
 * them again (papers/004 sec. 4 starts DNNC and DNNR from 10 or 1,000 in-target points; in
 * practice a physicist reuses an earlier scan's expensive evaluations). The rows become the
 * scan's iteration 0, origin {@code start}; the strategy learns from them like from its own.
 *
 * <pre>
 * strategy:
 *   name: dnnc
 *   start_from: runs/prescan          # an earlier hepscan output: all its rows
 *   start_from:                       # or, in full:
 *     path: runs/prescan              #   an output directory, or a CSV file
 *     rows: in_target                 #   all (default) or in_target
 *     limit: 1000                     #   at most this many rows, the first by id (CSV: by line)
 * </pre>
 *
 * <p>A CSV with a {@code status} column holds evaluated rows: one column per free parameter
 * and per observable of this scan's oracle, {@code status} (OK, INVALID, FAILED, TIMEOUT),
 * optionally {@code message}, {@code seconds}, {@code executor}. A CSV without {@code status}
 * holds points only, one column per free parameter: they are evaluated first, as iteration 0.
 * What a source holds is checked against this scan before Spark starts (see {@code
 * org.hepscan.store.StartRows}).
 *
 * @param path the output directory or CSV file, a local path or a Hadoop URI
 * @param inTargetOnly {@code rows: in_target}: only the rows in this scan's target
 * @param limit at most this many rows (0: all)
 */
public record StartFrom(String path, boolean inTargetOnly, long limit) {
  public static final String KEY = "start_from";

  /** Reads {@code start_from} of the strategy section {@code strategy}. */
  static StartFrom parse(Options strategy) {
    Object raw = strategy.raw(KEY);
    if (raw instanceof String s) {
      return new StartFrom(checkPath(strategy.pathOf(KEY), s), false, 0);
    }
    if (!(raw instanceof java.util.Map<?, ?>)) {
      throw new ConfigException(strategy.pathOf(KEY), "expected the path of an earlier hepscan output or of a CSV file, or"
          + " {path: ..., rows: all | in_target, limit: N}; got " + Options.describe(raw));
    }
    Options o = strategy.section(KEY).allowOnly("path", "rows", "limit");
    if (!o.has("path")) {
      throw new ConfigException(o.pathOf("path"), "missing; the earlier hepscan output (a directory) or CSV file to start from");
    }
    String path = checkPath(o.pathOf("path"), o.string("path"));
    boolean inTarget = o.choice("rows", "all", "all", "in_target").equals("in_target");
    long limit = o.integer("limit", 0, 1);
    return new StartFrom(path, inTarget, limit);
  }

  private static String checkPath(String at, String path) {
    if (path.isBlank()) {
      throw new ConfigException(at, "empty; the earlier hepscan output (a directory) or CSV file to start from");
    }
    return path;
  }

  /** What the rows are, for logs and messages: "all rows of P", "the first 10 in-target rows of P". */
  public String describe() {
    return (limit > 0 ? "the first " + limit + (inTargetOnly ? " in-target" : "") + " rows" : inTargetOnly ? "the in-target rows" : "all rows")
        + " of " + path;
  }
}
