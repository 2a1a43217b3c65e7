package org.hepscan.bench;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.hepscan.report.Report;
import org.hepscan.report.ReportOptions;
import org.hepscan.scan.ScanLoop;
import org.hepscan.scan.ScanReporter;
import org.hepscan.scan.ScanResult;
import org.hepscan.spec.ScanSpec;
import org.hepscan.store.OutputLock;
import org.hepscan.store.PointStore;
import org.hepscan.store.ScanOutput;
import org.hepscan.strategy.StrategyCatalog;

/**
 * Plans the runs of a bench (every benchmark x strategy x seed, each spec validated before
 * Spark starts) and runs them one after another on one Spark session. A run that throws is
 * recorded as failed and the next one starts.
 */
public final class BenchRunner {

  /** One scan of the bench. {@code output} is {@code <out>/runs/<benchmark>/<strategy>/seed-<s>}. */
  public record Run(Benchmark benchmark, String strategy, long seed, String output, ScanSpec spec) {
    public String label() {
      return benchmark.id() + " " + benchmark.name() + " " + strategy + " seed " + seed;
    }
  }

  /** Hears the runs start and end (the CLI prints a line for each). */
  public interface Listener {
    default void started(int index, int total, Run run) {
    }

    default void finished(int index, int total, Run run, RunResult result) {
    }
  }

  private BenchRunner() {
  }

  /** Where a run writes. */
  public static String outputOf(String root, String benchmark, String strategy, long seed) {
    String base = root.endsWith("/") ? root.substring(0, root.length() - 1) : root;
    return base + "/runs/" + benchmark + "/" + strategy + "/seed-" + seed;
  }

  /**
   * The runs of a bench, in order benchmark, strategy, seed. {@code strategies} null means
   * every strategy a benchmark has a section for and this build knows (others are named in
   * {@code notes}). An unknown strategy, or one without a section in a selected benchmark,
   * is an {@link IllegalArgumentException} that lists what exists.
   */
  public static List<Run> plan(List<Benchmark> benchmarks, List<String> strategies, List<Long> seeds, Mode mode, String root,
                               List<String> notes) {
    Set<String> known = StrategyCatalog.names();
    List<String> problems = new ArrayList<>();
    if (strategies != null) {
      for (String s : strategies) {
        boolean variant = benchmarks.stream().anyMatch(b -> b.strategies().containsKey(s) && known.contains(strategyOf(b, s)));
        if (!known.contains(s) && !variant) {
          problems.add("unknown strategy '" + s + "'; this build of hepscan knows: " + String.join(", ", known));
          continue;
        }
        for (Benchmark b : benchmarks) {
          if (!b.strategies().containsKey(s)) {
            problems.add("benchmark " + b.id() + " (" + b.name() + ") has no section for strategy '" + s + "' in "
                + Benchmarks.RESOURCE_NAME + "; it has: " + String.join(", ", b.strategies().keySet()));
          }
        }
      }
    }
    if (seeds.isEmpty()) {
      problems.add("no seeds given");
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(String.join("; ", problems));
    }
    List<Run> runs = new ArrayList<>();
    Set<String> skipped = new LinkedHashSet<>();
    for (Benchmark b : benchmarks) {
      List<String> names = new ArrayList<>();
      if (strategies != null) {
        names.addAll(strategies);
      } else {
        for (String s : b.strategies().keySet()) {
          if (known.contains(strategyOf(b, s))) {
            names.add(s);
          } else {
            skipped.add(s);
          }
        }
      }
      for (String s : names) {
        for (long seed : seeds) {
          String out = outputOf(root, b.id(), s, seed);
          runs.add(new Run(b, s, seed, out, b.spec(s, seed, mode, out)));
        }
      }
    }
    if (!skipped.isEmpty()) {
      notes.add(Benchmarks.RESOURCE_NAME + " has sections for " + String.join(", ", skipped)
          + ", which this build does not know; skipped");
    }
    if (runs.isEmpty()) {
      throw new IllegalArgumentException("nothing to run: no strategy of the selected benchmarks is known to this build ("
          + String.join(", ", known) + ")");
    }
    return runs;
  }

  /** The strategy a section of {@code b} runs: its {@code name:}, which is the section's key unless it is a variant. */
  static String strategyOf(Benchmark b, String label) {
    Object name = b.strategies().get(label).get("name");
    return name == null ? label : String.valueOf(name);
  }

  /** Runs every planned run; never throws for a failed run. */
  public static List<RunResult> runAll(SparkSession spark, List<Run> runs, Mode mode, Listener listener) {
    return runAll(spark, runs, mode, false, listener);
  }

  /** As above; with {@code resume}, each run continues from its checkpoint (a complete run is only read). */
  public static List<RunResult> runAll(SparkSession spark, List<Run> runs, Mode mode, boolean resume, Listener listener) {
    List<RunResult> results = new ArrayList<>();
    for (int i = 0; i < runs.size(); i++) {
      Run r = runs.get(i);
      listener.started(i + 1, runs.size(), r);
      RunResult result = run(spark, r, mode, resume);
      results.add(result);
      listener.finished(i + 1, runs.size(), r, result);
    }
    return results;
  }

  /** One run: the scan, then its figures from the Parquet rows it wrote. */
  public static RunResult run(SparkSession spark, Run run, Mode mode) {
    return run(spark, run, mode, false);
  }

  /** One run, continued from its checkpoint when {@code resume}. */
  public static RunResult run(SparkSession spark, Run run, Mode mode, boolean resume) {
    long t0 = System.nanoTime();
    Benchmark b = run.benchmark();
    try {
      ScanOutput out = ScanOutput.at(run.output(), spark.sparkContext().hadoopConfiguration());
      try (OutputLock lock = OutputLock.acquire(out)) {
        ScanResult scan = new ScanLoop(run.spec(), spark, out, ScanReporter.NONE).run(resume);
        RunData data = read(spark, out, scan.history().iterations(), run.spec().space().names());
        if (!mode.smoke()) {
          report(spark, out);
        }
        String note = "";
        if (data.calls() != scan.history().size()) {
          note = "the Parquet rows hold " + data.calls() + " calls, the scan counted " + scan.history().size();
        }
        long target = run.spec().stop().targetPoints();
        if (target > 0 && data.inTarget() < target) {
          note = (note.isEmpty() ? "" : note + "; ") + "did not reach target_points " + target + ": " + scan.stopReason();
        }
        return new RunResult(b.id(), run.strategy(), run.seed(), true, data.calls(), data.inTarget(), scan.history().iterations(),
            b.figures(data, mode, run.spec(), run.seed()), scan.wallSeconds(), scan.stopReason(), out.uri(), note);
      }
    } catch (Exception | LinkageError e) {
      return RunResult.failed(b.id(), run.strategy(), run.seed(), run.output(), (System.nanoTime() - t0) / 1e9, describe(e));
    }
  }

  /**
   * Each full run's report (OUT/runs/.../report/index.html), as hepscan run writes one:
   * after the run's clock stopped, and at the cost of a warning when it cannot be drawn.
   * Smoke runs skip it; they check the strategies, not what they found.
   */
  private static void report(SparkSession spark, ScanOutput out) {
    try {
      Report.write(spark, out, ReportOptions.defaults());
    } catch (Exception | LinkageError e) {
      org.slf4j.LoggerFactory.getLogger(BenchRunner.class).warn("no report for {}: {}", out.uri(), e.toString());
    }
  }

  /** The id-ordered in-target flags and parameter values of the complete iterations 1..k. */
  static RunData read(SparkSession spark, ScanOutput out, int iterations, List<String> parameters) throws java.io.IOException {
    RunData.Builder data = new RunData.Builder();
    if (iterations == 0) {
      return data.build();
    }
    List<Column> cols = new ArrayList<>();
    cols.add(functions.col("in_target"));
    parameters.forEach(p -> cols.add(functions.col(p)));
    // the calls of the run: start rows (strategy.start_from) are no calls and no part of its efficiency
    Iterator<Row> it = PointStore.readAll(spark, out, iterations).filter(functions.col("iteration").geq(1))
        .select(cols.toArray(new Column[0])).toLocalIterator();
    while (it.hasNext()) {
      Row r = it.next();
      boolean in = r.getBoolean(0);
      double[] x = null;
      if (in) {
        x = new double[parameters.size()];
        for (int i = 0; i < x.length; i++) {
          x[i] = r.getDouble(i + 1);
        }
      }
      data.add(in, x);
    }
    return data.build();
  }

  static String describe(Throwable e) {
    String m = e.getMessage();
    String first = m == null ? "" : m.lines().findFirst().orElse("");
    return e.getClass().getSimpleName() + (first.isEmpty() ? "" : ": " + first);
  }

  /** A one-line account of a run for the console. */
  public static String summary(RunResult r) {
    if (!r.ok()) {
      return String.format(Locale.ROOT, "FAILED after %.1f s: %s", r.wallSeconds(), r.note());
    }
    StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "%d calls, %d in target, %d iterations", r.calls(), r.inTarget(),
        r.iterations()));
    for (Map.Entry<String, Double> f : r.figures().entrySet()) {
      if (f.getValue() != null) {
        b.append(", ").append(BenchReport.label(f.getKey()).replace(" (%)", "")).append(' ')
            .append(BenchReport.cell(f.getKey(), f.getValue())).append(f.getKey().startsWith("eff@") ? " %" : "");
      }
    }
    b.append(String.format(Locale.ROOT, ", %.1f s", r.wallSeconds()));
    if (!r.note().isEmpty()) {
      b.append(" (").append(r.note()).append(')');
    }
    return b.toString();
  }
}
