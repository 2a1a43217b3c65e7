package org.hepscan.strategy.nested;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;
import org.hepscan.oracle.Evaluation;
import org.hepscan.oracle.Point;
import org.hepscan.scan.Rngs;
import org.hepscan.space.ParameterSpace;
import org.hepscan.strategy.api.History;
import org.hepscan.strategy.api.Proposal;
import org.hepscan.strategy.api.ScanContext;
import org.hepscan.strategy.api.Strategy;

/**
 * A strategy's calls (batchSize, propose, learn, columnValues, stopReason) made in the order
 * the scan loop makes them, with a likelihood computed in place of the oracle and no Spark:
 * what the bench sections and tests use to measure a sampler alone, over many seeds. A
 * likelihood of NaN stands for an invalid call (L = 0). The generators are the loop's own
 * ({@link Rngs}), so a run here draws the points a scan with the same seed draws.
 */
public final class InProcessRun {
  private final ParameterSpace space;
  private final Strategy strategy;
  /** The oracle: physical point to its answer (an invalid one where the likelihood is NaN). */
  private final BiFunction<Point, double[], Evaluation> oracle;
  private final long seed;
  private final History history;
  private final ScanContext context;
  private long nextId;
  private String stopped;
  private boolean started;

  public InProcessRun(ParameterSpace space, Strategy strategy, ToDoubleFunction<double[]> logL, long seed) {
    this(space, strategy, logL, seed, null);
  }

  /**
   * A run whose strategy is started with {@code context} (its Spark, to train models on)
   * before the first iteration; without one (null) it is not started, which suits
   * strategies that train nothing.
   */
  public InProcessRun(ParameterSpace space, Strategy strategy, ToDoubleFunction<double[]> logL, long seed, ScanContext context) {
    this(space, strategy, (point, x) -> {
      double l = logL.applyAsDouble(x);
      return Double.isNaN(l) ? Evaluation.invalid(point, "invalid here").withTarget(Double.NEGATIVE_INFINITY, false)
          : Evaluation.ok(point, Map.of("logL", l)).withTarget(l, true);
    }, seed, context);
  }

  /**
   * A run whose oracle computes observables ({@code observables}: a physical point to its
   * values, null for an invalid answer) judged by {@code context}'s target, as a scan's
   * oracle and target would: for strategies that learn the observables rather than log L.
   */
  public InProcessRun(ParameterSpace space, Strategy strategy, Function<double[], Map<String, Double>> observables, ScanContext context,
                      long seed) {
    this(space, strategy, (point, x) -> {
      Map<String, Double> o = observables.apply(x);
      return context.target().apply(o == null ? Evaluation.invalid(point, "invalid here") : Evaluation.ok(point, o));
    }, seed, context);
  }

  /**
   * A run whose answers come from {@code oracle} (a point and its physical values to the
   * code's evaluation), judged by {@code context}'s target: a real oracle's answers, with
   * their invalid and failed ones, in place of a scan's executors.
   */
  public static InProcessRun withOracle(ParameterSpace space, Strategy strategy,
      BiFunction<Point, double[], Evaluation> oracle, ScanContext context, long seed) {
    return new InProcessRun(space, strategy, (point, x) -> context.target().apply(oracle.apply(point, x)), seed, context);
  }

  private InProcessRun(ParameterSpace space, Strategy strategy, BiFunction<Point, double[], Evaluation> oracle, long seed,
                       ScanContext context) {
    this.space = space;
    this.strategy = strategy;
    this.oracle = oracle;
    this.seed = seed;
    this.history = new History(space);
    this.context = context;
  }

  /** Runs iterations until the strategy stops, {@code maxIterations} have run or {@code maxCalls} are spent. */
  public InProcessRun until(int maxIterations, long maxCalls) {
    if (!started && context != null) {
      strategy.start(context);
    }
    started = true;
    for (int it = history.iterations() + 1; it <= maxIterations && stopped == null && history.size() < maxCalls; it++) {
      int k = (int) Math.min(strategy.batchSize(it), maxCalls - history.size());
      List<Proposal> ps = strategy.propose(history, it, k, Rngs.forIteration(seed, it, Rngs.Stream.PROPOSE));
      List<Evaluation> batch = new ArrayList<>(ps.size());
      for (Proposal p : ps) {
        double[] x = space.toPhysical(p.unit());
        Point point = new Point(nextId++, it, p.origin(), x);
        batch.add(oracle.apply(point, x));
      }
      history.add(it, batch);
      strategy.learn(history, Rngs.forIteration(seed, it, Rngs.Stream.LEARN));
      strategy.columnValues(it, batch);
      stopped = strategy.stopReason(history);
    }
    return this;
  }

  /** Continues a run from a checkpoint: the rows so far and the id of the next call. */
  public InProcessRun resumeFrom(InProcessRun other) {
    for (int k = 1; k <= other.history.iterations(); k++) {
      history.add(k, other.history.iteration(k));
    }
    nextId = other.nextId;
    return this;
  }

  public History history() {
    return history;
  }

  /** The strategy's stop reason, or null when the run ended on its iteration or call limit. */
  public String stopped() {
    return stopped;
  }

  /** A number of the strategy's results (log_z, ...). */
  public double result(String name) {
    return ((Number) strategy.results().get(name)).doubleValue();
  }
}
