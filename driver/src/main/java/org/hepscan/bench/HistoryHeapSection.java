package org.hepscan.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.commons.math3.stat.StatUtils;
import org.apache.spark.sql.SparkSession;
import org.hepscan.oracle.Evaluation;
import org.hepscan.oracle.Point;
import org.hepscan.oracle.Status;
import org.hepscan.space.Parameter;
import org.hepscan.space.ParameterSpace;
import org.hepscan.strategy.api.History;

/**
 * The driver's memory for the scan's rows: the heap the {@link History} holds per row,
 * against a list of {@link Evaluation} objects (what it held before, and what a batch still
 * is while it is judged and written), side by side in one JVM. Rows are made as an
 * executor's come back: every string (origin, executor, message, observable names) a
 * fresh object, as Kryo reads it; 70 % OK, 30 % FAILED with a message and NaN
 * observables; batches of 10,000 rows as iterations. Two shapes: the 5-D shell with one
 * observable, and a pMSSM-19 row with 10 observables; the history with room for every row
 * in memory, and with 64 MiB, its older rows on disk. Retained heap is the heap used after
 * a full GC with the rows held, less that before they were made. Also timed: adding the
 * rows, and one pass over them as evaluations (what a strategy's loop over
 * {@link History#all()} costs once the rows are columns).
 */
public final class HistoryHeapSection implements BenchSection {
  private static final int BATCH = 10_000;
  private static final String MEMORY = "hepscan.history.memory";

  @Override
  public String name() {
    return "history-heap";
  }

  @Override
  public String title() {
    return "Driver heap per row of the scan's history";
  }

  private record Shape(String label, int dims, int observables) {
  }

  private record Figures(double bytesPerRow, double addNsPerRow, double readNsPerRow) {
  }

  private enum Layout {
    LIST("(a) List<Evaluation>", null),
    COLUMNS("(b) History (columns)", "4096"),
    ON_DISK("(c) History, 64 MiB of heap, the rest on disk", "64");

    final String label;
    /** -Dhepscan.history.memory for the run; null: no history. */
    final String memory;

    Layout(String label, String memory) {
      this.label = label;
      this.memory = memory;
    }
  }

  @Override
  public String run(SparkSession spark, Mode mode) throws Exception {
    // smoke: enough rows that what they hold (about 20 MB at the least) stands well above what
    // the JVM frees on its own between two measurements (a few MB when other tests ran before)
    int rows = mode.smoke() ? 200_000 : 1_000_000;
    long[] seeds = mode.smoke() ? new long[] {1} : new long[] {1, 2, 3};
    List<Shape> shapes = List.of(new Shape("5-D shell, 1 observable", 5, 1), new Shape("pMSSM-19, 10 observables", 19, 10));
    StringBuilder b = new StringBuilder();
    b.append(String.format(Locale.ROOT, "%,d rows per run, seeds %s (mean ± standard deviation over the seeds), one JVM, %d MiB max heap."
        + " Bytes per row: heap used after a full GC with the rows held, less before; add: making and adding them (the list: making them only);"
        + " read: one pass over every row as an evaluation.%n%n", rows, java.util.Arrays.toString(seeds), Runtime.getRuntime().maxMemory() >> 20));
    b.append("| rows | kept as | bytes / row | add ns / row | read ns / row |\n| --- | --- | ---: | ---: | ---: |\n");
    for (Shape s : shapes) {
      for (Layout layout : Layout.values()) {
        List<Figures> f = new ArrayList<>();
        for (long seed : seeds) {
          f.add(measure(s, rows, seed, layout));
        }
        b.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s |%n", s.label(), layout.label,
            pm(f.stream().mapToDouble(Figures::bytesPerRow).toArray(), "%.0f"),
            pm(f.stream().mapToDouble(Figures::addNsPerRow).toArray(), "%.0f"),
            pm(f.stream().mapToDouble(Figures::readNsPerRow).toArray(), "%.0f")));
      }
    }
    return b.toString();
  }

  private static Figures measure(Shape s, int n, long seed, Layout layout) {
    boolean columns = layout != Layout.LIST;
    String before = System.getProperty(MEMORY);
    if (columns) {
      System.setProperty(MEMORY, layout.memory);
    }
    try {
      return measure(s, n, seed, columns);
    } finally {
      if (before == null) {
        System.clearProperty(MEMORY);
      } else {
        System.setProperty(MEMORY, before);
      }
    }
  }

  private static Figures measure(Shape s, int n, long seed, boolean columns) {
    List<Parameter> ps = new ArrayList<>();
    for (int j = 0; j < s.dims(); j++) {
      ps.add(Parameter.continuous("p" + j, -1, 1, Parameter.Scale.LINEAR));
    }
    ParameterSpace space = new ParameterSpace(ps);
    SplittableRandom rng = new SplittableRandom(seed);
    long before = heapAfterGc();
    long t0 = System.nanoTime();
    History history = new History(space);
    List<Evaluation> list = new ArrayList<>();
    long id = 1;
    for (int k = 1; (long) (k - 1) * BATCH < n; k++) {
      List<Evaluation> batch = new ArrayList<>(BATCH);
      for (int i = 0; i < BATCH && id <= n; i++) {
        batch.add(row(id++, k, s, rng));
      }
      if (columns) {
        history.add(k, batch);
      } else {
        list.addAll(batch);
      }
    }
    double add = (System.nanoTime() - t0) / (double) n;
    long held = heapAfterGc() - before;
    List<Evaluation> all = columns ? history.all() : list;
    long t1 = System.nanoTime();
    double sum = 0;
    for (Evaluation e : all) {
      sum += e.point().values()[0] + (e.inTarget() ? 1 : 0);
    }
    double read = (System.nanoTime() - t1) / (double) n;
    if (Double.isNaN(sum) || all.size() != n) {
      throw new IllegalStateException("the rows did not come back: " + all.size() + " of " + n);
    }
    return new Figures(held / (double) n, add, read);
  }

  /** A row as it comes back from an executor: fresh strings throughout. */
  private static Evaluation row(long id, int iteration, Shape s, SplittableRandom rng) {
    double[] x = new double[s.dims()];
    for (int j = 0; j < x.length; j++) {
      x[j] = rng.nextDouble(-1, 1);
    }
    boolean ok = rng.nextDouble() < 0.7;
    Map<String, Double> obs = new LinkedHashMap<>();
    for (int j = 0; j < s.observables(); j++) {
      obs.put(new String("O" + j), ok ? rng.nextDouble() * 1000 : Double.NaN);
    }
    String message = ok ? "" : new String("softpoint.x exited 255: SOFTSUSY problem with point: [ No convergence ]");
    Point p = new Point(id, iteration, new String("random"), x);
    return Evaluation.of(p, ok ? Status.OK : Status.FAILED, obs, message, rng.nextDouble(), new String("3"),
        ok ? -rng.nextDouble() : Double.NEGATIVE_INFINITY, ok && rng.nextDouble() < 0.1);
  }

  private static long heapAfterGc() {
    MemoryMXBean m = ManagementFactory.getMemoryMXBean();
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return m.getHeapMemoryUsage().getUsed();
  }

  private static String pm(double[] v, String format) {
    double sd = v.length > 1 ? Math.sqrt(StatUtils.variance(v)) : 0;
    return String.format(Locale.ROOT, format + " ± " + format, StatUtils.mean(v), sd);
  }
}
