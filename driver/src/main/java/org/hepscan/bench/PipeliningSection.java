package org.hepscan.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.SparkSession;
import org.hepscan.scan.ScanLoop;
import org.hepscan.scan.ScanReporter;
import org.hepscan.spec.ScanSpec;
import org.hepscan.spec.SpecReader;
import org.hepscan.spec.YamlDocument;
import org.hepscan.store.IterationStats;
import org.hepscan.store.Progress;
import org.hepscan.store.ScanOutput;

/**
 * Pipelined rounds against sequential ones: the same dnnc scan (an MLP classifier retrained
 * every round) over a synthetic oracle that sleeps a fixed time per call (the {@code
 * faulty} built-in with no faults and {@code delay_seconds}), once with {@code staleness: 0}
 * and once with 1, on the bench's Spark session. Reported per run, from its progress.json:
 * the executors' busy fraction of the scan's wall time (oracle seconds / (wall x cores)),
 * the busy fraction of the rounds after the first (what the executors see once a model is
 * trained), the dispatch overhead per batch as a share of the ideal time (job wall time
 * minus calls x seconds / cores, over the latter), the training time per round and the
 * time the executors waited between batches. The goals: busy at least 95 % of the
 * wall time with pipelining, dispatch overhead at most 2 % of the ideal time.
 *
 * <p>Full: K = 300 calls of 0.2 s per round, 10 rounds (600 s of calls per run). Smoke: 40
 * calls of 0.05 s, 4 rounds. The scans are written under {@code OUT/sections/pipelining/}.
 */
public final class PipeliningSection implements BenchSection {

  /** The sizes of one comparison. */
  record Setup(int batch, double callSeconds, int rounds, int candidates, String model) {
  }

  static Setup setup(Mode mode) {
    return mode.smoke()
        ? new Setup(40, 0.05, 4, 5000, "{hidden: [16, 16], epochs: 30, batch_size: 64}")
        : new Setup(300, 0.2, 10, 50_000, "{hidden: [32, 32], epochs: 50, batch_size: 64}");
  }

  /** The measured figures of one run. */
  record Figures(int staleness, int rounds, long calls, int cores, double wallSeconds, double callSeconds,
                 double busyOfWall, double busyOfLaterRounds, double meanOverhead, double maxOverhead,
                 double meanTrainSeconds, double meanIdleSeconds, double meanLentCoreSeconds) {
  }

  @Override
  public String name() {
    return "pipelining";
  }

  @Override
  public String title() {
    return "Pipelined rounds (executor busy time, dispatch overhead)";
  }

  @Override
  public String run(SparkSession spark, Mode mode) throws Exception {
    return run(spark, mode, System.getProperty("java.io.tmpdir") + "/hepscan-bench");
  }

  @Override
  public String run(SparkSession spark, Mode mode, String out) throws Exception {
    Setup s = setup(mode);
    List<Figures> figures = new ArrayList<>();
    for (int staleness : new int[] {0, 1}) {
      String location = (out.endsWith("/") ? out : out + "/") + "sections/pipelining/staleness-" + staleness;
      ScanOutput output = ScanOutput.at(location, spark.sparkContext().hadoopConfiguration());
      // a measurement, not a result to keep: each bench makes its own
      output.fs().delete(output.root(), true);
      ScanSpec spec = SpecReader.read(YamlDocument.parse("pipelining-" + staleness + ".yaml", spec(s, staleness)), "pipelining")
          .withOutput(location);
      new ScanLoop(spec, spark, output, ScanReporter.NONE).run(false);
      figures.add(figures(staleness, Progress.load(output).orElseThrow()));
    }
    return markdown(s, figures);
  }

  static String spec(Setup s, int staleness) {
    return String.format(Locale.ROOT, """
        name: pipelining-staleness-%d
        seed: 1
        parameters:
          x1: [-2, 2]
          x2: [-2, 2]
        oracle:
          builtin: faulty
          options: {base: shell, delay_seconds: %s}
        constraints:
          - {observable: O, gaussian: {mean: 2, sigma: 0.1}, within_sigma: 2}
        strategy:
          name: dnnc
          initial: %d
          batch: %d
          candidates: %d
          staleness: %d
          model: %s
        stop: {max_iterations: %d}
        """, staleness, s.callSeconds(), s.batch(), s.batch(), s.candidates(), staleness, s.model(), s.rounds());
  }

  static Figures figures(int staleness, Progress p) {
    List<IterationStats> its = p.iterations();
    IterationStats last = its.get(its.size() - 1);
    int cores = last.cores();
    double later = 0;
    double laterRounds = 0;
    double overhead = 0;
    double maxOverhead = 0;
    double train = 0;
    double idle = 0;
    double lent = 0;
    for (IterationStats s : its) {
      lent += s.lentCoreSeconds();
      overhead += s.dispatchOverheadFraction();
      maxOverhead = Math.max(maxOverhead, s.dispatchOverheadFraction());
      train += s.trainSeconds();
      idle += s.roundSeconds() - s.evalSeconds();
      if (s.iteration() > 1) {
        later += s.callSeconds().sum();
        laterRounds += s.roundSeconds() * s.cores();
      }
    }
    int n = its.size();
    return new Figures(staleness, n, p.totals().evaluations(), cores, p.totals().wallSeconds(), p.totals().callSeconds(),
        p.totals().executorBusyFraction(), laterRounds > 0 ? later / laterRounds : 0, overhead / n, maxOverhead,
        train / n, idle / n, lent / n);
  }

  static String markdown(Setup s, List<Figures> figures) {
    StringBuilder b = new StringBuilder();
    b.append(String.format(Locale.ROOT, "dnnc (MLP %s retrained every round) over a synthetic oracle of %s s per call (faulty, no faults),"
        + " K = %d per round, %d rounds, %d cores; the same scan with staleness 0 (sequential) and 1 (pipelined)."
        + " Goals: busy >= 95 %% of the wall time with pipelining; dispatch overhead <= 2 %% of the ideal time (calls x seconds / cores).%n%n",
        s.model(), s.callSeconds(), s.batch(), s.rounds(), figures.get(0).cores()));
    b.append("| rounds | calls | wall s | oracle call s | busy of the wall time | busy of rounds 2.. | dispatch overhead per batch, mean (max) |"
        + " train s per round | executors idle per round, s | core-s per round lent to the driver's jobs |\n");
    b.append("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
    for (Figures f : figures) {
      b.append(String.format(Locale.ROOT, "| %s | %d | %.1f | %.1f | %.1f %% | %.1f %% | %.2f %% (%.2f %%) | %.2f | %.2f | %.2f |%n",
          f.staleness() == 0 ? "sequential (staleness 0)" : "pipelined (staleness 1)", f.calls(), f.wallSeconds(), f.callSeconds(),
          100 * f.busyOfWall(), 100 * f.busyOfLaterRounds(), 100 * f.meanOverhead(), 100 * f.maxOverhead(),
          f.meanTrainSeconds(), f.meanIdleSeconds(), f.meanLentCoreSeconds()));
    }
    b.append("\nBusy = oracle call seconds / (time x cores). Dispatch overhead = evaluation job wall time - max((call seconds + core"
        + " seconds lent) / cores, longest call), over that ideal time; lent = the core time of the driver's own jobs (training,"
        + " measuring the model) that ran on the executors during the evaluation, which pipelining moves there from"
        + " the gap between batches. Idle = round time (end of one evaluation to the end of the next) - evaluation job time."
        + " Each run's progress.json under sections/pipelining/ has the per-iteration figures.\n");
    return b.toString();
  }
}
