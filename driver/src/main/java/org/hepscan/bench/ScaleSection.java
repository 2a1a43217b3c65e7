package org.hepscan.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;
import org.hepscan.report.Report;
import org.hepscan.scan.ScanLoop;
import org.hepscan.scan.ScanReporter;
import org.hepscan.scan.ScanResult;
import org.hepscan.spec.ScanSpec;
import org.hepscan.store.IterationStats;
import org.hepscan.store.Progress;
import org.hepscan.store.ScanOutput;
import org.hepscan.strategy.api.History;

/**
 * The cost of a long scan as it grows: the pMSSM-19 of benchmark B7 (built-in pmssm oracle,
 * 22 free parameters, 23 observables) scanned by {@code random} to 10^7 evaluations and by
 * {@code dnnc} to 10^6, on the bench's Spark session and in its JVM (run the bench with the
 * driver heap to test, e.g. {@code HEPSCAN_JAVA_OPTS=-Xmx4g}). Per run, from its
 * progress.json: each round's time and its parts against the evaluations so far, and the
 * overhead (round time - call seconds / cores) of rounds 10-19 against the last ten: flat
 * within ±25 % is issue 17's goal. The driver's live heap is sampled after a full collection
 * ({@code System.gc()}) every tenth of the run (every fifth round at most) and at its end, with the history still held:
 * at most 1 GB at the end is the goal. A round that follows a sample carries its collection
 * pause and is left out of the overhead windows.
 *
 * <p>dnnc trains with the documented long-scan budget ({@code training.max_rows} at its
 * default, {@code model.max_steps: 2000}). {@code --calls-scale} scales both scans' sizes;
 * smoke runs a few tens of thousands of calls. Plots and the scans are written under
 * {@code OUT/sections/scale/}.
 */
public final class ScaleSection implements BenchSection {

  /** One scan of the section. */
  record Setup(String strategy, long evaluations, int batch, Map<String, Object> strategySection) {
  }

  /** What a run measured: its progress, and the heap samples (iteration, cumulative evaluations, bytes; -1: the end). */
  record Run(Setup setup, long seed, Progress progress, List<long[]> heap, double wallSeconds) {
  }

  static List<Setup> setups(Mode mode) {
    List<Setup> out = new ArrayList<>();
    if (mode.smoke()) {
      out.add(new Setup("random", mode.scale(20_000), 2_000, Map.of("name", "random", "batch", 2_000)));
      out.add(new Setup("dnnc", mode.scale(4_000), 400, dnnc(400, 4_000, Map.of("hidden", List.of(16, 16), "epochs", 5, "max_steps", 50))));
    } else {
      long random = mode.scale(10_000_000);
      long learned = mode.scale(1_000_000);
      int randomBatch = (int) Math.max(1_000, random / 100);
      int learnedBatch = (int) Math.max(500, learned / 100);
      out.add(new Setup("random", random, randomBatch, Map.of("name", "random", "batch", randomBatch)));
      out.add(new Setup("dnnc", learned, learnedBatch,
          dnnc(learnedBatch, 10 * learnedBatch, Map.of("epochs", 50, "batch_size", 256, "max_steps", 2_000))));
    }
    return out;
  }

  private static Map<String, Object> dnnc(int batch, int candidates, Map<String, Object> model) {
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("name", "dnnc");
    s.put("initial", batch);
    s.put("batch", batch);
    s.put("candidates", candidates);
    s.put("model", model);
    return s;
  }

  static long[] seeds(Mode mode) {
    return mode.smoke() ? new long[] {1} : new long[] {1, 2};
  }

  @Override
  public String name() {
    return "scale";
  }

  @Override
  public String title() {
    return "Large scans: time per round and driver heap against evaluations";
  }

  @Override
  public String run(SparkSession spark, Mode mode) throws Exception {
    return run(spark, mode, System.getProperty("java.io.tmpdir") + "/hepscan-bench");
  }

  @Override
  public String run(SparkSession spark, Mode mode, String out) throws Exception {
    String base = (out.endsWith("/") ? out : out + "/") + "sections/scale/";
    Benchmark b7 = Benchmarks.load().select("B7").get(0);
    List<Run> runs = new ArrayList<>();
    for (Setup s : setups(mode)) {
      for (long seed : seeds(mode)) {
        String location = base + s.strategy() + "-seed" + seed;
        ScanOutput output = ScanOutput.at(location, spark.sparkContext().hadoopConfiguration());
        // a measurement, not a result to keep: each bench makes its own
        output.fs().delete(output.root(), true);
        ScanSpec spec = spec(b7, s, seed, location);
        HeapSampler heap = new HeapSampler(Math.max(5, (int) (s.evaluations() / s.batch() / 10)));
        long t0 = System.nanoTime();
        new ScanLoop(spec, spark, output, heap).run(false);
        double wall = (System.nanoTime() - t0) / 1e9;
        Run r = new Run(s, seed, Progress.load(output).orElseThrow(), heap.samples, wall);
        runs.add(r);
        plot(output, base, r);
      }
    }
    return markdown(runs, Runtime.getRuntime().maxMemory());
  }

  static ScanSpec spec(Benchmark b7, Setup s, long seed, String location) {
    Map<String, Object> spec = new LinkedHashMap<>(b7.spec());
    spec.put("stop", Map.of("max_evaluations", s.evaluations()));
    Benchmark scaled = new Benchmark("scale", "pmssm-19", "issue 17's scale run over " + b7.id() + "'s space and target", spec,
        List.of(), null, false, null, null, null, Map.of(s.strategy(), s.strategySection()));
    return scaled.spec(s.strategy(), seed, Mode.FULL, location);
  }

  /** Samples the live heap every {@code every} iterations and at the end, while the scan still holds its history. */
  static final class HeapSampler implements ScanReporter {
    private final int every;
    final List<long[]> samples = new ArrayList<>();

    HeapSampler(int every) {
      this.every = every;
    }

    @Override
    public void iterationFinished(IterationStats stats, History history) {
      if (stats.iteration() % every == 0) {
        samples.add(new long[] {stats.iteration(), stats.cumulativeEvaluations(), liveHeap()});
      }
    }

    @Override
    public void finished(ScanResult result) {
      samples.add(new long[] {-1, result.history().size(), liveHeap()});
    }

    private static long liveHeap() {
      System.gc();
      return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
  }

  /** The overhead of the rounds of {@code window} (iteration numbers), leaving out rounds after a heap sample. */
  static double[] overhead(Run r, int from, int to) {
    java.util.Set<Long> afterSample = new java.util.HashSet<>();
    for (long[] s : r.heap()) {
      afterSample.add(s[0] + 1);
    }
    List<Double> v = new ArrayList<>();
    for (IterationStats s : r.progress().iterations()) {
      if (s.iteration() >= from && s.iteration() <= to && !afterSample.contains((long) s.iteration())) {
        double o = Report.overheadSeconds(s);
        if (Double.isFinite(o)) {
          v.add(o);
        }
      }
    }
    return v.stream().mapToDouble(Double::doubleValue).toArray();
  }

  /** The two windows compared: rounds 10-19 and the last ten (quarters of a run of fewer than 40 rounds). */
  static int[][] windows(int rounds) {
    int w = Math.max(1, Math.min(10, rounds / 4));
    int first = Math.min(10, rounds / 4 + 1);
    return new int[][] {{first, first + w - 1}, {rounds - w + 1, rounds}};
  }

  private static void plot(ScanOutput output, String base, Run r) throws IOException {
    String name = r.setup().strategy() + "-seed" + r.seed();
    write(output, new Path(base + name + "-rounds.png"), Report.roundTimes(r.progress().iterations()));
    double[] x = r.heap().stream().mapToDouble(s -> s[1]).toArray();
    double[] mb = r.heap().stream().mapToDouble(s -> s[2] / 1e6).toArray();
    write(output, new Path(base + name + "-heap.png"), Report.againstEvaluations("live heap after GC (MB)", "driver", x, mb));
  }

  private static void write(ScanOutput output, Path file, byte[] png) throws IOException {
    try (OutputStream o = output.fs().create(file, true)) {
      o.write(png);
    }
  }

  static String markdown(List<Run> runs, long maxHeap) {
    StringBuilder b = new StringBuilder();
    b.append(String.format(Locale.ROOT, "B7's pMSSM-19 (built-in pmssm oracle: 22 free parameters, 23 observables), on %d cores, driver"
        + " and local executors in one JVM with a max heap of %.2f GB. Overhead = round time - oracle call seconds / cores;"
        + " goal: rounds 10-19 and the last ten within ±25 %%. Heap: live bytes after a full GC, sampled every tenth of the run"
        + " and at the end (history held); goal: at most 1 GB at the end with -Xmx4g. Rounds after a sample carry its pause"
        + " and are left out of the windows.%n%n", runs.isEmpty() ? 0 : lastCores(runs.get(0)), maxHeap / 1e9));
    b.append("| strategy | seed | evaluations | rounds (batch) | wall s | in target | overhead s, rounds A | overhead s, rounds B"
        + " | B / A | train s per round (B) | write s per round (B) | heap MB, max sample | heap MB, end |\n");
    b.append("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
    for (Run r : runs) {
      List<IterationStats> its = r.progress().iterations();
      int[][] w = windows(its.size());
      double[] a = overhead(r, w[0][0], w[0][1]);
      double[] z = overhead(r, w[1][0], w[1][1]);
      double train = its.stream().filter(s -> s.iteration() >= w[1][0]).mapToDouble(IterationStats::trainSeconds).average().orElse(0);
      double write = its.stream().filter(s -> s.iteration() >= w[1][0]).mapToDouble(IterationStats::writeSeconds).average().orElse(0);
      long maxSample = r.heap().stream().mapToLong(s -> s[2]).max().orElse(0);
      long end = r.heap().isEmpty() ? 0 : r.heap().get(r.heap().size() - 1)[2];
      b.append(String.format(Locale.ROOT, "| %s | %d | %d | %d (%d) | %.1f | %d | %s (%d-%d) | %s (%d-%d) | %.2f | %.2f | %.2f | %.0f | %.0f |%n",
          r.setup().strategy(), r.seed(), r.progress().totals().evaluations(), its.size(), r.setup().batch(), r.wallSeconds(),
          r.progress().totals().inTarget(), meanSd(a), w[0][0], w[0][1], meanSd(z), w[1][0], w[1][1], mean(z) / mean(a), train, write,
          maxSample / 1e6, end / 1e6));
    }
    b.append("\nPlots per run (time per round and its parts; heap): ");
    List<String> links = new ArrayList<>();
    for (Run r : runs) {
      String name = r.setup().strategy() + "-seed" + r.seed();
      links.add(String.format("[%s rounds](sections/scale/%s-rounds.png), [%s heap](sections/scale/%s-heap.png)", name, name, name, name));
    }
    b.append(String.join("; ", links)).append(". Each scan's progress.json under sections/scale/ has every round's figures.\n");
    return b.toString();
  }

  private static int lastCores(Run r) {
    List<IterationStats> its = r.progress().iterations();
    return its.isEmpty() ? 0 : its.get(its.size() - 1).cores();
  }

  private static double mean(double[] v) {
    return java.util.Arrays.stream(v).average().orElse(Double.NaN);
  }

  private static String meanSd(double[] v) {
    double m = mean(v);
    double ss = 0;
    for (double x : v) {
      ss += (x - m) * (x - m);
    }
    return String.format(Locale.ROOT, "%.2f ± %.2f", m, v.length > 1 ? Math.sqrt(ss / (v.length - 1)) : 0.0);
  }
}
