package org.hepscan.scan;

import java.io.IOException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.hepscan.executor.OracleRunner;
import org.hepscan.oracle.Evaluation;
import org.hepscan.oracle.Point;
import org.hepscan.oracle.Status;
import org.hepscan.spec.ScanSpec;
import org.hepscan.store.Checkpoint;
import org.hepscan.store.IterationStats;
import org.hepscan.store.PointStore;
import org.hepscan.store.Progress;
import org.hepscan.store.ScanOutput;
import org.hepscan.strategy.Proposal;
import org.hepscan.strategy.Strategy;
import org.hepscan.target.Target;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The driver's loop: propose, evaluate (one Spark job), record (Parquet), learn,
 * checkpoint, report; until a stop rule holds.
 *
 * <p>The order of the writes is what makes a killed driver safe to resume: an
 * iteration's Parquet directory is complete before {@code progress.json} mentions it, and
 * both before the checkpoint moves past it. A resume starts after the checkpoint,
 * drops any later directory a killed run left, and proposes the same points again,
 * because the random streams are derived from the seed and the iteration number.
 */
public final class ScanLoop {
  private static final Logger LOG = LoggerFactory.getLogger(ScanLoop.class);
  /** Tasks per core of an evaluation job: enough to even out slow points, few enough to keep task overhead small. */
  static final int SLICES_PER_CORE = 2;

  private final ScanSpec spec;
  private final SparkSession spark;
  private final ScanOutput output;
  private final ScanReporter reporter;

  public ScanLoop(ScanSpec spec, SparkSession spark, ScanOutput output, ScanReporter reporter) {
    this.spec = spec;
    this.spark = spark;
    this.output = output;
    this.reporter = reporter;
  }

  /** Runs the scan, from its checkpoint when {@code resume} and one exists, else from the start. */
  public ScanResult run(boolean resume) throws IOException {
    long started = System.nanoTime();
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    Strategy strategy = spec.newStrategy();
    Target target = spec.target();
    History history = new History(spec.space());
    PointStore store = new PointStore(spark, output, spec.space().names(), spec.oracle().factory().observables());

    Checkpoint checkpoint = resume ? Checkpoint.load(output).orElse(null) : null;
    long nextId = 1;
    double wallBefore = 0;
    List<IterationStats> stats = new ArrayList<>();
    output.create();
    if (checkpoint != null) {
      restore(checkpoint, strategy, store, history);
      nextId = checkpoint.nextId();
      wallBefore = checkpoint.wallSeconds();
      int done = checkpoint.iteration();
      stats.addAll(Progress.load(output).map(p -> p.iterationsUpTo(done)).orElse(List.of()));
    } else {
      if (resume) {
        checkNothingToLose(output);
      }
      List<Integer> dropped = output.dropIterationsAfter(0);
      if (!dropped.isEmpty()) {
        LOG.info("starting over: removed iterations {} left by a run that ended before its first checkpoint", dropped);
      }
    }
    if (!output.readIfExists(output.spec()).map(spec.document().text()::equals).orElse(false)) {
      output.writeAtomically(output.spec(), spec.document().text());
    }
    Progress progress = new Progress(spec.name(), strategy.name(), spec.oracle().name(), spec.seed(), false, null, null, stats);

    strategy.start(new ScanContext(spark, spec.space(), target, spec.seed()));
    OracleRunner runner = new OracleRunner(spec.oracle().factory(), spec.oracle().timeout(), SLICES_PER_CORE, spec.oracle().keepFailed());
    int firstIteration = history.iterations() + 1;
    reporter.started(spec, output.uri(), history);
    String reason;
    try {
      while (true) {
        double wall = wallBefore + seconds(started);
        reason = spec.stop().reason(history, wall);
        if (reason != null) {
          break;
        }
        int k = history.iterations() + 1;
        int n = (int) Math.min(strategy.batchSize(history), spec.stop().remaining(history));
        if (n <= 0) {
          reason = "the strategy " + strategy.name() + " proposed no more points";
          break;
        }
        List<Proposal> proposals = strategy.propose(history, n, Rngs.forIteration(spec.seed(), k, Rngs.Stream.PROPOSE));
        if (proposals.size() != n) {
          throw new IllegalStateException("strategy " + strategy.name() + " proposed " + proposals.size() + " points, " + n + " were asked for");
        }
        List<Point> points = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
          Proposal p = proposals.get(i);
          points.add(new Point(nextId + i, k, p.origin(), spec.space().toPhysical(p.unit())));
        }
        int cores = jsc.defaultParallelism();
        reporter.iterationStarted(k, n, runner.slices(n, cores));

        long t0 = System.nanoTime();
        List<Evaluation> evaluated = evaluate(runner, jsc, points,
            "hepscan " + spec.name() + " iteration " + k + ": evaluate " + n + " points");
        double evalSeconds = seconds(t0);
        List<Evaluation> judged = new ArrayList<>(evaluated.size());
        for (Evaluation e : evaluated) {
          judged.add(target.apply(e));
        }

        long t1 = System.nanoTime();
        store.write(k, strategy.name(), judged);
        double writeSeconds = seconds(t1);
        history.add(k, judged);

        long t2 = System.nanoTime();
        strategy.learn(history, Rngs.forIteration(spec.seed(), k, Rngs.Stream.LEARN));
        double trainSeconds = seconds(t2);
        nextId += n;

        IterationStats s = stats(k, judged, history, evalSeconds, writeSeconds, trainSeconds, cores, strategy);
        stats.add(s);
        wall = wallBefore + seconds(started);
        progress = progress.with(false, null, totals(history, wall), stats);
        progress.save(output);
        Checkpoint.of(k, nextId, history.size(), history.inTarget(), wall, strategy.state()).save(output);
        reporter.iterationFinished(s, history);
      }
    } finally {
      runner.close();
    }
    saveModels(strategy);
    double wall = wallBefore + seconds(started);
    progress = progress.with(true, reason, totals(history, wall), stats);
    progress.save(output);
    ScanResult result = new ScanResult(history, reason, firstIteration, wall, output.uri());
    reporter.finished(result);
    return result;
  }

  /**
   * Writes the strategy's final surrogates to {@code OUTPUT/models/}: {@code NAME.bin} (the
   * bytes its spec loads) and {@code NAME.json} (type, task, inputs, outputs,
   * hyperparameters and provenance), for {@code hepscan predict} and for the record.
   */
  private void saveModels(Strategy strategy) throws IOException {
    for (var m : strategy.models().values()) {
      Map<String, Object> meta = new LinkedHashMap<>();
      meta.put("name", m.name());
      meta.put("type", m.spec().type());
      meta.put("task", m.spec().task().name().toLowerCase(java.util.Locale.ROOT));
      meta.put("inputs", m.inputs());
      meta.put("input_space", "unit cube of the free parameters (see spec.yaml for ranges and scales)");
      meta.put("outputs", m.outputs());
      meta.put("hyperparameters", m.spec().describe());
      meta.put("provenance", m.model().provenance());
      output.writeModel(m.name(), m.model().toBytes(), org.hepscan.store.Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(meta));
    }
  }

  /**
   * The evaluations of {@code points}. A point where a derived parameter has no value
   * (e.g. a division by zero in its expression) is recorded as FAILED here, naming the
   * parameter, and never shipped to the oracle.
   */
  private List<Evaluation> evaluate(OracleRunner runner, JavaSparkContext jsc, List<Point> points, String description) {
    List<Point> valid = new ArrayList<>(points.size());
    List<Evaluation> out = new ArrayList<>(points.size());
    List<String> names = spec.space().names();
    for (Point p : points) {
      int bad = -1;
      for (int i = 0; i < p.size() && bad < 0; i++) {
        bad = Double.isFinite(p.value(i)) ? -1 : i;
      }
      if (bad < 0) {
        valid.add(p);
      } else {
        out.add(Evaluation.failed(p, "parameter " + names.get(bad) + " has no value here (" + p.value(bad)
            + "): its expression cannot be computed at this point; the oracle was not called").withRun(0, "driver"));
      }
    }
    out.addAll(runner.evaluate(jsc, valid, description));
    out.sort(java.util.Comparator.comparingLong(Evaluation::id));
    return out;
  }

  /**
   * A resume that finds no checkpoint starts the scan over, deleting its point directories.
   * That is right after a run killed in its first iteration, and wrong whenever the output
   * shows later iterations: then the checkpoints were removed by hand and the rows are
   * worth more than the guess.
   */
  public static void checkNothingToLose(ScanOutput output) throws IOException {
    List<Integer> onDisk = output.iterationsOnDisk();
    int listed = Progress.load(output).map(p -> p.iterations().isEmpty() ? 0
        : p.iterations().get(p.iterations().size() - 1).iteration()).orElse(0);
    if (onDisk.stream().anyMatch(k -> k >= 2) || listed >= 2) {
      throw new IOException(output.uri() + " holds iterations " + onDisk + " but no checkpoint in " + output.checkpoints()
          + "; resuming would start the scan over and delete them. Restore the checkpoint directory, or move the output aside");
    }
  }

  private void restore(Checkpoint c, Strategy strategy, PointStore store, History history) throws IOException {
    List<Integer> dropped = output.dropIterationsAfter(c.iteration());
    if (!dropped.isEmpty()) {
      LOG.info("resuming after iteration {}: removed the unfinished iteration(s) {} of the run that stopped", c.iteration(), dropped);
    }
    List<Evaluation> rows = store.read(c.iteration());
    if (rows.size() != c.evaluations()) {
      throw new IOException("the checkpoint of iteration " + c.iteration() + " counts " + c.evaluations()
          + " evaluations but " + output.points() + " holds " + rows.size() + "; the output was changed by hand?");
    }
    Map<Integer, List<Evaluation>> byIteration = new TreeMap<>();
    for (Evaluation e : rows) {
      byIteration.computeIfAbsent(e.point().iteration(), i -> new ArrayList<>()).add(e);
    }
    for (int k = 1; k <= c.iteration(); k++) {
      history.add(k, byIteration.getOrDefault(k, List.of()));
    }
    strategy.restore(c.strategy());
  }

  private static IterationStats stats(int k, List<Evaluation> batch, History h, double evalSeconds, double writeSeconds,
                                      double trainSeconds, int cores, Strategy strategy) {
    long in = batch.stream().filter(Evaluation::inTarget).count();
    Map<Status, Long> counts = new EnumMap<>(Status.class);
    double busy = 0;
    for (Evaluation e : batch) {
      counts.merge(e.status(), 1L, Long::sum);
      busy += Double.isFinite(e.seconds()) ? e.seconds() : 0;
    }
    double busyFraction = evalSeconds > 0 && cores > 0 ? Math.min(1.0, busy / (evalSeconds * cores)) : 0;
    return new IterationStats(k, batch.size(), in, batch.isEmpty() ? 0 : (double) in / batch.size(),
        h.size(), h.inTarget(), names(counts), trainSeconds, evalSeconds, writeSeconds, busyFraction,
        finite(strategy.modelQuality()), finite(strategy.metrics()));
  }

  /** The finite entries: JSON has no NaN, and a figure that could not be computed is better left out. */
  private static Map<String, Double> finite(Map<String, Double> figures) {
    Map<String, Double> m = new LinkedHashMap<>();
    figures.forEach((k, v) -> {
      if (v != null && Double.isFinite(v)) {
        m.put(k, v);
      }
    });
    return m;
  }

  static Progress.Totals totals(History h, double wall) {
    return new Progress.Totals(h.size(), h.inTarget(), h.efficiency(), names(h.byStatus()), wall);
  }

  private static Map<String, Long> names(Map<Status, Long> counts) {
    Map<String, Long> m = new LinkedHashMap<>();
    for (Status s : Status.values()) {
      m.put(s.name(), counts.getOrDefault(s, 0L));
    }
    return m;
  }

  private static double seconds(long sinceNanos) {
    return (System.nanoTime() - sinceNanos) / 1e9;
  }
}
