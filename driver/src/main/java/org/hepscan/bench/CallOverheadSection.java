package org.hepscan.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.commons.math3.distribution.TDistribution;
import org.apache.commons.math3.stat.StatUtils;
import org.apache.spark.sql.SparkSession;
import org.hepscan.config.ConfigException;
import org.hepscan.config.Options;
import org.hepscan.executor.OracleRunner;
import org.hepscan.external.chain.ChainFactory;
import org.hepscan.external.chain.ChainReader;
import org.hepscan.external.process.ProcessRunner;
import org.hepscan.oracle.Evaluation;
import org.hepscan.oracle.Oracle;
import org.hepscan.oracle.Point;
import org.hepscan.oracle.Status;
import org.hepscan.space.Parameter;
import org.hepscan.space.ParameterSpace;

/**
 * hepscan's own cost per call of an external program, against a bare spawn of the same
 * program: {@code /bin/echo O <x>} run (a) with {@link ProcessBuilder} in a loop, its
 * stdout to a file, (b) through a {@code command} stage on the executor-side call path
 * (OracleRunner.evaluate on a slice of the loop's points, as a task does: the guarded
 * call thread, a fresh sandbox per call, the program run, leftover processes looked for,
 * stdout read, the sandbox removed), no Spark job around it, and (c) as (b) with every process of the machine listed after each call (the way
 * before the pid window, still the fallback); all three once as the machine is and once
 * with 500 idle processes added. Each repeat runs a short block of calls of every variant
 * in turn (in a rotating order): a machine shared with other work changes its speed
 * within seconds, and only blocks that close in time see the same load, so the extra cost
 * is taken block by block against the bare block of the same repeat. Figures are the mean
 * and the standard deviation over the repeats, and for the extra cost the 95 % confidence
 * interval of its mean (Student t): the goal is judged on its upper end. Core time is this JVM's user + system time plus that of its
 * reaped children ({@code /proc/self/stat}), so it includes the JVM's own threads (JIT,
 * GC) during the loop. The goal: (b) costs at most 1 ms more per call than (a)
 * (within 1.3 x), also with the idle processes.
 */
public final class CallOverheadSection implements BenchSection {
  private static final String PROGRAM = "/bin/echo";
  private static final int IDLE = 500;
  /** Clock ticks per second of /proc/self/stat: USER_HZ, 100 on every Linux hepscan runs on. */
  private static final double TICKS = 100;

  @Override
  public String name() {
    return "call-overhead";
  }

  @Override
  public String title() {
    return "Per-call overhead of an external program (command stage against a bare spawn)";
  }

  /** Per-call figures of one loop. */
  record Loop(double wallMs, double coreMs) {
  }

  private enum Variant {
    BARE("(a) bare spawn (ProcessBuilder)"),
    HEPSCAN("(b) command stage, executor call path"),
    LISTING("(c) as (b), listing every process");

    final String label;

    Variant(String label) {
      this.label = label;
    }
  }

  @Override
  public String run(SparkSession spark, Mode mode) throws Exception {
    int calls = mode.smoke() ? 10 : 20;
    int repeats = mode.smoke() ? 4 : 60;
    int warmUp = mode.smoke() ? 20 : 1000;
    Path work = Files.createTempDirectory(Path.of(System.getProperty("java.io.tmpdir")), "hepscan-call-overhead-");
    ChainFactory f = command();
    OracleRunner runner = new OracleRunner(f, Duration.ofSeconds(60), 1);
    Map<String, Map<Variant, List<Loop>>> results = new LinkedHashMap<>();
    int processes;
    try (Oracle oracle = f.create()) {
      for (Variant v : Variant.values()) {
        // warm-up: class loading, the oracle's first call, and the JIT: an executor makes thousands of calls, and
        // its steady state is what a scan pays; the first hundreds run partly interpreted
        loop(v, warmUp, oracle, runner, work);
      }
      results.put("as the machine is", measure(calls, repeats, oracle, runner, work));
      processes = countProcesses();
      List<Process> idle = new ArrayList<>();
      try {
        for (int i = 0; i < IDLE; i++) {
          idle.add(new ProcessBuilder("/bin/sleep", "600").redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD).start());
        }
        results.put("with " + IDLE + " idle processes added", measure(calls, repeats, oracle, runner, work));
      } finally {
        for (Process p : idle) {
          p.destroyForcibly();
        }
        for (Process p : idle) {
          p.waitFor();
        }
      }
    } finally {
      System.clearProperty(ProcessRunner.SCAN_PROPERTY);
      deleteTree(work);
    }
    return markdown(calls, repeats, warmUp, processes, results);
  }

  private static Map<Variant, List<Loop>> measure(int calls, int repeats, Oracle oracle, OracleRunner runner, Path work)
      throws Exception {
    Map<Variant, List<Loop>> m = new LinkedHashMap<>();
    Variant[] vs = Variant.values();
    for (int r = 0; r < repeats; r++) {
      for (int k = 0; k < vs.length; k++) {
        Variant v = vs[(r + k) % vs.length];
        m.computeIfAbsent(v, x -> new ArrayList<>()).add(loop(v, calls, oracle, runner, work));
      }
    }
    Map<Variant, List<Loop>> ordered = new LinkedHashMap<>();
    for (Variant v : vs) {
      ordered.put(v, m.get(v));
    }
    return ordered;
  }

  private static Loop loop(Variant v, int calls, Oracle oracle, OracleRunner runner, Path work) throws Exception {
    if (v == Variant.LISTING) {
      System.setProperty(ProcessRunner.SCAN_PROPERTY, "listing");
    } else {
      System.clearProperty(ProcessRunner.SCAN_PROPERTY);
    }
    Path out = work.resolve("bare.stdout");
    Path sandboxes = work.resolve("sandboxes");
    long cpu0 = coreTicks();
    long t0 = System.nanoTime();
    if (v == Variant.BARE) {
      for (int i = 0; i < calls; i++) {
        Process p = new ProcessBuilder(PROGRAM, "O", Double.toString(x(i))).directory(work.toFile())
            .redirectOutput(out.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        p.getOutputStream().close();
        if (p.waitFor() != 0) {
          throw new IllegalStateException(PROGRAM + " exited " + p.exitValue());
        }
      }
    } else {
      List<Point> slice = new ArrayList<>(calls);
      for (int i = 0; i < calls; i++) {
        slice.add(new Point(i, 1, "bench", new double[] {x(i)}));
      }
      // as an executor's task evaluates its slice of a batch
      for (Evaluation e : runner.evaluate(oracle, slice, sandboxes, "bench")) {
        if (e.status() != Status.OK) {
          throw new IllegalStateException("the benchmark's call failed: " + e.status() + " " + e.message());
        }
      }
    }
    double wall = (System.nanoTime() - t0) / 1e6 / calls;
    double core = (coreTicks() - cpu0) / TICKS * 1e3 / calls;
    return new Loop(wall, core);
  }

  private static double x(int i) {
    return 0.001 * i;
  }

  /** A command stage running the program with the point's x, reading O from its stdout. */
  private static ChainFactory command() {
    ParameterSpace space = new ParameterSpace(List.of(Parameter.continuous("x", 0, 1, Parameter.Scale.LINEAR)));
    Map<String, Object> options = Map.of("argv", List.of(PROGRAM, "O", "${x}"),
        "observables", Map.of("O", Map.of("from", "stdout", "key", "O")));
    List<ConfigException> warnings = new ArrayList<>();
    return ChainReader.single("command", Options.of("oracle.command", options), space, warnings);
  }

  /** utime + stime + cutime + cstime of this JVM, in clock ticks. */
  private static long coreTicks() throws IOException {
    String s = Files.readString(Path.of("/proc/self/stat"), StandardCharsets.ISO_8859_1);
    String[] f = s.substring(s.lastIndexOf(')') + 2).split(" ");
    return Long.parseLong(f[11]) + Long.parseLong(f[12]) + Long.parseLong(f[13]) + Long.parseLong(f[14]);
  }

  private static int countProcesses() {
    return (int) ProcessHandle.allProcesses().count();
  }

  static String markdown(int calls, int repeats, int warmUp, int processes, Map<String, Map<Variant, List<Loop>>> results) {
    StringBuilder b = new StringBuilder();
    b.append(String.format(Locale.ROOT, "`%s O <x>`, %d calls per loop (in (b) and (c) one slice, as a task evaluates its share of a batch), %d repeats of each loop, every variant in turn (mean ± standard deviation over the repeats),"
        + " after %d calls of each variant to warm up, one thread, %d cores, %d processes on the machine before the idle ones were added. Extra = (b or c) - (a) in the same"
        + " repeat; its 95 %% CI is that of the mean extra over the repeats. Goal: (b) at most 1 ms extra per call (within 1.3 x of (a)), also with %d idle processes.%n%n",
        PROGRAM, calls, repeats, warmUp, Runtime.getRuntime().availableProcessors(), processes, IDLE));
    b.append("| machine | variant | wall ms / call | core ms / call | extra wall ms / call | extra wall, 95 % CI of the mean | extra core ms / call | wall ratio to (a) |\n");
    b.append("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |\n");
    results.forEach((machine, byVariant) -> {
      List<Loop> bare = byVariant.get(Variant.BARE);
      byVariant.forEach((v, loops) -> {
        double[] wall = loops.stream().mapToDouble(Loop::wallMs).toArray();
        double[] core = loops.stream().mapToDouble(Loop::coreMs).toArray();
        String extra = "";
        if (v != Variant.BARE) {
          double[] dw = new double[loops.size()];
          double[] dc = new double[loops.size()];
          double[] ratio = new double[loops.size()];
          for (int i = 0; i < loops.size(); i++) {
            dw[i] = loops.get(i).wallMs() - bare.get(i).wallMs();
            dc[i] = loops.get(i).coreMs() - bare.get(i).coreMs();
            ratio[i] = loops.get(i).wallMs() / bare.get(i).wallMs();
          }
          extra = String.format(Locale.ROOT, " %s | %s | %s | %s |", pm(dw), ci95(dw), pm(dc), pm(ratio));
        } else {
          extra = " | | | |";
        }
        b.append(String.format(Locale.ROOT, "| %s | %s | %s | %s |%s%n", machine, v.label, pm(wall), pm(core), extra));
      });
    });
    b.append("\nThe load of other work on the machine is in every figure; compare the rows of one machine block,"
        + " which ran interleaved.\n");
    return b.toString();
  }

  /** {@code [low, high]}: the 95 % confidence interval of the mean of {@code v} (Student t). */
  static String ci95(double[] v) {
    double[] ms = meanSd(v);
    double half = v.length > 1 ? new TDistribution(v.length - 1).inverseCumulativeProbability(0.975) * ms[1] / Math.sqrt(v.length) : 0;
    return String.format(Locale.ROOT, "[%.2f, %.2f]", ms[0] - half, ms[0] + half);
  }

  /** {@code mean ± sd}. */
  private static String pm(double[] v) {
    double[] ms = meanSd(v);
    return String.format(Locale.ROOT, "%.2f ± %.2f", ms[0], ms[1]);
  }

  private static double[] meanSd(double[] v) {
    return new double[] {StatUtils.mean(v), v.length > 1 ? Math.sqrt(StatUtils.variance(v)) : 0};
  }

  private static void deleteTree(Path root) {
    try (var s = Files.walk(root)) {
      s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // a temporary directory: nothing depends on it going
    }
  }
}
