package org.hepscan.scan;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.hepscan.executor.OracleRunner;
import org.hepscan.oracle.Evaluation;
import org.hepscan.oracle.Point;
import org.hepscan.spec.FailureGuard;
import org.hepscan.spec.ScanSpec;
import org.hepscan.store.Checkpoint;
import org.hepscan.store.IterationStats;
import org.hepscan.store.ModelFiles;
import org.hepscan.store.PointStore;
import org.hepscan.store.Progress;
import org.hepscan.store.ScanOutput;
import org.hepscan.store.StartRows;
import org.hepscan.strategy.api.History;
import org.hepscan.strategy.api.Proposal;
import org.hepscan.strategy.api.ScanContext;
import org.hepscan.strategy.api.SparkJobs;
import org.hepscan.strategy.api.Strategy;
import org.hepscan.target.Target;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The driver's loop: propose, evaluate (one Spark job), record (Parquet), learn,
 * checkpoint, report; until a stop rule holds.
 *
 * <p><b>Pipelined rounds.</b> With a strategy of staleness 1, the evaluation of batch k is an
 * asynchronous job (see {@link Evaluations}); while it runs, the driver writes batch k-1,
 * learns from it, and proposes batch k+1 from what it has learned (the data through k-1), so
 * that batch k+1 goes out the moment batch k is back and the executors never wait for
 * training. What each call of the strategy sees is fixed by the iteration numbers alone
 * (proposal k+1 sees the iterations through k-1, learn k sees those through k; the random
 * streams derive from the seed and the iteration), so the points are the same whichever job
 * finishes first. With staleness 0 the same loop runs each step in turn, as before.
 *
 * <p><b>Stop rules.</b> They, and then the strategy's own {@link Strategy#stopReason}, are
 * checked when a batch is back, before the next one is submitted: only one batch is ever on
 * the executors, and a batch proposed ahead that the
 * stop rule no longer needs is dropped unevaluated and unwritten (with max_iterations it is
 * not even proposed). A later resume with a raised stop rule proposes it again, the same.
 *
 * <p><b>Failure guard.</b> Each batch is judged by the oracle's {@link FailureGuard} the
 * moment it is back and added to the history, before anything learns from it (with
 * pipelined rounds, batch k is learned only in the next round; without, right after this
 * check). When the guard trips, the batch is written and checkpointed without being
 * learned, a batch proposed ahead is dropped as for a stop rule, and the loop throws
 * {@link FailureGuardTripped}: a learned strategy never trains on the batch that showed the
 * program broken, and a resume after the fix goes on from there.
 *
 * <p><b>Checkpoints.</b> The order of the writes is what makes a killed driver safe to
 * resume: an iteration's Parquet directory is complete before {@code progress.json} mentions
 * it, and both before the checkpoint moves past it. The checkpoint of iteration k holds the
 * strategy as it proposed batch k+1 (learned through k-1 when pipelined, through k when
 * not), so a resume proposes batch k+1 again from the iterations through k-1 and goes on
 * exactly as the uninterrupted run did. A resume drops any later directory a killed run
 * left; a batch that was on the executors when the driver died is evaluated again.
 */
public final class ScanLoop {
  private static final Logger LOG = LoggerFactory.getLogger(ScanLoop.class);
  /** Tasks per core of an evaluation job, at least: enough to even out slow points, few enough to keep task overhead small. */
  static final int SLICES_PER_CORE = 2;

  private final ScanSpec spec;
  private final SparkSession spark;
  private final ScanOutput output;
  private final ScanReporter reporter;
  private StartRows.Source startSource;

  public ScanLoop(ScanSpec spec, SparkSession spark, ScanOutput output, ScanReporter reporter) {
    this.spec = spec;
    this.spark = spark;
    this.output = output;
    this.reporter = reporter;
  }

  /**
   * The source of the spec's start rows as {@link StartRows#check} accepted it (the CLI checks
   * before Spark starts, with {@code --force-start-from} where given); without, the loop
   * checks it itself, accepting no other oracle.
   */
  public ScanLoop startingFrom(StartRows.Source source) {
    this.startSource = source;
    return this;
  }

  /** Runs the scan, from its checkpoint when {@code resume} and one exists, else from the start. */
  public ScanResult run(boolean resume) throws IOException {
    return new Pass(resume).run();
  }

  /** A batch proposed and not yet evaluated; no points when the strategy (or a stop rule) wants none. */
  private record Batch(int iteration, List<Point> points, double proposeSeconds) {
  }

  /** A batch evaluated and added to the history, not yet written. */
  private record Recorded(int iteration, List<Evaluation> judged, long nextId, Evaluations.Result job, double roundSeconds,
                          double proposeSeconds, double trainSeconds, int trainedThrough) {
  }

  /** One run of the loop (a start or a resume) and its state. */
  private final class Pass {
    private final boolean resume;
    private final long started = System.nanoTime();
    private final Strategy strategy = spec.newStrategy();
    private final int lag = strategy.staleness();
    private final Target target = spec.target();
    private final History history = new History(spec.space());
    private final List<IterationStats> stats = new ArrayList<>();
    private PointStore store;
    private ModelFiles modelFiles;
    private Progress progress;
    private long nextId = 1;
    private double wallBefore;
    /** The last iteration the strategy has learned. */
    private int learned;
    /** The median call time of the last batch: how finely the next is cut into tasks. */
    private double typicalCall;
    /** This run's latest batches, as many as the failure guard's window can still need. */
    private List<FailureGuard.Batch> recent = new ArrayList<>();

    Pass(boolean resume) {
      this.resume = resume;
    }

    ScanResult run() throws IOException {
      JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
      store = new PointStore(output, spec.space().names(), spec.oracle().factory().observables(), strategy.name(),
          strategy.columns());
      modelFiles = new ModelFiles(output);
      Checkpoint checkpoint = resume ? Checkpoint.load(output).orElse(null) : null;
      output.create();
      if (checkpoint != null) {
        restore(checkpoint, strategy, store, modelFiles, history);
        nextId = checkpoint.nextId();
        wallBefore = checkpoint.wallSeconds();
        learned = Math.min(checkpoint.learned(), checkpoint.iteration());
        int done = checkpoint.iteration();
        stats.addAll(Progress.load(output).map(p -> p.iterationsUpTo(done)).orElse(List.of()));
      } else {
        if (resume) {
          checkNothingToLose(output);
        }
        // iteration 0 too: start rows are read again from their source
        List<Integer> dropped = output.dropIterationsAfter(-1);
        if (!dropped.isEmpty()) {
          LOG.info("starting over: removed iterations {} left by a run that ended before its first checkpoint", dropped);
        }
      }
      if (!output.readIfExists(output.spec()).map(spec.document().text()::equals).orElse(false)) {
        output.writeAtomically(output.spec(), spec.document().text());
      }
      StartRows.Provenance start = checkpoint == null ? null : Progress.load(output).map(Progress::start).orElse(null);
      progress = new Progress(spec.name(), strategy.name(), spec.oracle().name(), spec.seed(), false, null, null, Map.of(), stats, start);

      OracleRunner runner = new OracleRunner(spec.oracle().factory(), spec.oracle().timeout(), SLICES_PER_CORE, spec.oracle().keepFailed());
      int firstIteration = history.iterations() + 1;
      reporter.started(spec, output.uri(), history);
      if (lag > 0) {
        LOG.debug("pipelined rounds (staleness {}): each batch is proposed while the one before it is evaluated", lag);
      }
      String reason;
      Batch next = null;
      Recorded unsaved = null;
      long roundStart = started;
      try (Evaluations evaluations = new Evaluations(jsc, runner, spec.space().names(), spec.name())) {
        if (checkpoint == null && spec.startFrom() != null) {
          progress = progress.withStart(startRows(evaluations));
          progress.save(output);
        }
        strategy.start(new ScanContext(spark, spec.space(), target, spec.seed(), spec.name(), history.start()));
        while (true) {
          int k = history.iterations() + 1;
          reason = spec.stop().reason(history, wall());
          if (reason == null) {
            reason = strategy.stopReason(history);
          }
          if (reason != null) {
            break;
          }
          double trainSeconds = 0;
          if (next == null) {
            // sequential rounds; or the first batch of this run, which a pipelined resume proposes again
            trainSeconds += learnThrough(k - 1 - lag);
            next = prepare(k, nextId, spec.stop().remaining(history));
          }
          if (next.points().isEmpty()) {
            reason = "the strategy " + strategy.name() + " proposed no more points";
            break;
          }
          int n = next.points().size();
          // before the job exists, so that a listener of its tasks (the progress bar) misses none
          reporter.iterationStarted(k, n, evaluations.tasks(next.points(), typicalCall));
          Evaluations.Pending job = evaluations.submit(k, next.points(), typicalCall);
          double proposeSeconds = lag == 0 ? next.proposeSeconds() : 0;
          Batch following = null;
          try {
            if (unsaved != null) {
              persist(unsaved, evaluations);
              unsaved = null;
            }
            if (lag > 0) {
              trainSeconds += learnThrough(k - lag);
              following = spec.stop().lastIteration(k) ? null : prepare(k + 1, nextId + n, spec.stop().remaining(history, n));
              proposeSeconds = following == null ? 0 : following.proposeSeconds();
            }
          } catch (IOException | RuntimeException | Error e) {
            job.cancel();
            throw e;
          }
          Evaluations.Result result = job.await();
          double roundSeconds = (result.endNanos() - roundStart) / 1e9;
          roundStart = result.endNanos();
          List<Evaluation> judged = new ArrayList<>(result.evaluations().size());
          for (Evaluation e : result.evaluations()) {
            judged.add(target.apply(e));
          }
          typicalCall = result.calls().median();
          history.add(k, judged);
          nextId += n;
          FailureGuard.Verdict verdict = guard(k, judged);
          if (verdict != null) {
            // kept and checkpointed as any batch, so a resume after the fix goes on from here; not
            // learned: the next learn would train on a batch that only shows the program broken
            if (lag == 0 && !(strategy instanceof org.hepscan.strategy.LearnedStrategy)) {
              // random, mcmc: learn is bookkeeping without models (mcmc judges its chains' steps),
              // and the columns they write for the batch need it
              trainSeconds += learnThrough(k);
            }
            persist(new Recorded(k, judged, nextId, result, roundSeconds, proposeSeconds, trainSeconds, learned), evaluations);
            throw new FailureGuardTripped(verdict, history.size(), k);
          }
          if (lag == 0) {
            trainSeconds += learnThrough(k);
            persist(new Recorded(k, judged, nextId, result, roundSeconds, proposeSeconds, trainSeconds, learned), evaluations);
            next = null;
          } else {
            unsaved = new Recorded(k, judged, nextId, result, roundSeconds, proposeSeconds, trainSeconds, learned);
            next = following;
          }
        }
        if (unsaved != null) {
          persist(unsaved, evaluations);
        }
      } finally {
        runner.close();
      }
      // the saved models learn every batch; the last checkpoint keeps the state it needs to go on
      learnThrough(history.iterations());
      modelFiles.saveFinal(history.iterations(), strategy.models());
      double wall = wall();
      progress = progress.with(true, reason, totals(history, wall, stats), strategy.results(), stats);
      progress.save(output);
      ScanResult result = new ScanResult(history, reason, firstIteration, wall, output.uri());
      reporter.finished(result);
      return result;
    }

    /**
     * Reads the start rows (evaluating them first when the source holds points only), judges
     * them by this scan's target, adds them to the history as iteration 0 and writes them.
     */
    private StartRows.Provenance startRows(Evaluations evaluations) throws IOException {
      var hadoop = spark.sparkContext().hadoopConfiguration();
      StartRows.Source source = startSource != null ? startSource : StartRows.check(spec, hadoop, false);
      StartRows.Loaded loaded = StartRows.load(spark, source, spec, hadoop);
      boolean evaluate = source.kind() == StartRows.Kind.POINTS_CSV;
      List<Evaluation> rows = loaded.rows();
      if (evaluate && !loaded.points().isEmpty()) {
        LOG.info("start_from: evaluating the {} points of {} first, as iteration 0", loaded.points().size(), source.uri());
        rows = evaluations.submit(0, loaded.points(), typicalCall).await().evaluations();
      }
      String outside = loaded.outside() == 0 ? "" : "; " + loaded.outside() + " left out as outside this scan's space (first: "
          + loaded.firstOutside() + ")";
      if (rows.isEmpty()) {
        throw new StartRows.Refused("strategy.start_from gives no rows: " + spec.startFrom().describe() + outside);
      }
      List<Evaluation> judged = new ArrayList<>(rows.size());
      for (Evaluation e : rows) {
        judged.add(target.apply(e));
      }
      history.addStart(judged);
      nextId = judged.size() + 1;
      store.write(0, StartRows.ORIGIN, judged);
      LOG.info("starting from {} rows of {} ({} in target){}{}", judged.size(), source.uri(), history.startInTarget(),
          evaluate ? ", evaluated here" : ", not evaluated again", outside);
      for (String d : source.oracleDifferences()) {
        LOG.warn("start_from: taken with --force-start-from although {}", d);
      }
      return new StartRows.Provenance(source.uri(), source.kind().name().toLowerCase(java.util.Locale.ROOT), source.sha256(),
          judged.size(), history.startInTarget(), loaded.outside(), evaluate, source.oracleDifferences());
    }

    /** The failure guard's verdict once batch {@code k} of this run is back; null to go on. */
    private FailureGuard.Verdict guard(int k, List<Evaluation> judged) {
      FailureGuard g = spec.oracle().failureGuard();
      recent.add(new FailureGuard.Batch(k, judged));
      FailureGuard.Verdict v = g.judge(recent);
      recent = new ArrayList<>(g.kept(recent));
      if (v != null) {
        LOG.error("the failure guard stops the scan after iteration {}: {}", k, v.summary());
      }
      return v;
    }

    private double wall() {
      return wallBefore + seconds(started);
    }

    /**
     * Proposes batch {@code k} of at most {@code remaining} points, numbered from {@code
     * firstId}, from the iterations the strategy has learned: the same data its model saw.
     */
    private Batch prepare(int k, long firstId, long remaining) {
      int n = (int) Math.min(strategy.batchSize(k), remaining);
      if (n <= 0) {
        return new Batch(k, List.of(), 0);
      }
      long t0 = System.nanoTime();
      History seen = learned >= history.iterations() ? history : history.upTo(learned);
      List<Proposal> proposals = strategy.propose(seen, k, n, Rngs.forIteration(spec.seed(), k, Rngs.Stream.PROPOSE));
      if (proposals.size() != n) {
        throw new IllegalStateException("strategy " + strategy.name() + " proposed " + proposals.size() + " points, " + n + " were asked for");
      }
      List<Point> points = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        Proposal p = proposals.get(i);
        points.add(new Point(firstId + i, k, p.origin(), spec.space().toPhysical(p.unit())));
      }
      return new Batch(k, points, seconds(t0));
    }

    /** Lets the strategy learn each iteration after the last it learned, through {@code k}; the seconds it took. */
    private double learnThrough(int k) {
      long t0 = System.nanoTime();
      for (int j = learned + 1; j <= Math.min(k, history.iterations()); j++) {
        strategy.learn(j == history.iterations() ? history : history.upTo(j), Rngs.forIteration(spec.seed(), j, Rngs.Stream.LEARN));
        learned = j;
      }
      return seconds(t0);
    }

    /**
     * Measures the model that chose a recorded batch on it, then writes the batch: its rows
     * (with the strategy's column values, asked here: after learning iteration {@code
     * r.iteration() - lag}), then progress.json, then the checkpoint; then the log line. With
     * pipelined rounds this runs while the next batch is evaluated.
     */
    private void persist(Recorded r, Evaluations evaluations) throws IOException {
      double lent = evaluations.lentDuring(r.job());
      Map<String, Double> quality = strategy.modelQuality(r.iteration(), r.judged());
      var columnValues = strategy.columnValues(r.iteration(), r.judged());
      long t0 = System.nanoTime();
      store.write(r.iteration(), strategy.name(), r.judged(), columnValues);
      double writeSeconds = seconds(t0);
      History through = history.iterations() == r.iteration() ? history : history.upTo(r.iteration());
      IterationStats s = RoundFigures.of(r.iteration(), r.judged(), through, r.job(),
          new RoundFigures.Times(r.roundSeconds(), r.proposeSeconds(), r.trainSeconds(), r.trainedThrough(), writeSeconds, lent),
          quality, strategy.metrics(r.iteration()));
      stats.add(s);
      double wall = wall();
      progress = progress.with(false, null, totals(through, wall, stats), strategy.results(), stats);
      progress.save(output);
      // model files first: a checkpoint never names a file that is not complete
      Map<String, String> models = modelFiles.save(r.iteration(), learned, strategy.models());
      // rows, start rows included: what a resume reads back
      Checkpoint.of(r.iteration(), r.nextId(), through.all().size(), through.inTarget(), wall, learned, strategy.state(), models)
          .save(output);
      reporter.iterationFinished(s, through);
    }
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

  /** Adds rows that come in id order to a history, iteration by iteration (empty ones too). */
  private void restore(Checkpoint c, Strategy strategy, PointStore store, ModelFiles modelFiles, History history) throws IOException {
    List<Integer> dropped = output.dropIterationsAfter(c.iteration());
    if (!dropped.isEmpty()) {
      LOG.info("resuming after iteration {}: removed the unfinished iteration(s) {} of the run that stopped", c.iteration(), dropped);
    }
    // streamed in id order, an iteration at a time: the history keeps its rows compact, and the
    // driver never holds the whole output as objects
    long t0 = System.nanoTime();
    long[] read = {0};
    store.readIterations(c.iteration(), (k, rows) -> {
      if (k == 0) {
        history.addStart(rows);
      } else {
        history.add(k, rows);
      }
      read[0] += rows.size();
    });
    // the checkpoint counts the start rows too (the history's size does not)
    if (read[0] != c.evaluations()) {
      throw new IOException("the checkpoint of iteration " + c.iteration() + " counts " + c.evaluations()
          + " evaluations but " + output.points() + " holds " + read[0] + "; the output was changed by hand?");
    }
    LOG.info("read {} rows of {} iterations back in {} s", read[0], c.iteration(), String.format(java.util.Locale.ROOT, "%.1f", seconds(t0)));
    JsonNode state = c.strategy();
    if (c.models() != null) {
      for (Map.Entry<String, String> m : c.models().entrySet()) {
        strategy.restoreModel(m.getKey(), modelFiles.read(m.getValue()));
      }
    } else if (state != null && state.has("models")) {
      // a checkpoint written before model files: the models as Base64 in the state, the rest under "extra"
      for (Map.Entry<String, JsonNode> m : (Iterable<Map.Entry<String, JsonNode>>) state.get("models")::fields) {
        strategy.restoreModel(m.getKey(), Base64.getDecoder().decode(m.getValue().asText()));
      }
      state = state.get("extra");
    }
    strategy.restore(state);
  }

  static Progress.Totals totals(History h, double wall, List<IterationStats> stats) {
    return Progress.Totals.of(h.size(), h.inTarget(), RoundFigures.names(h.byStatus()), wall, stats);
  }

  private static double seconds(long sinceNanos) {
    return (System.nanoTime() - sinceNanos) / 1e9;
  }
}
