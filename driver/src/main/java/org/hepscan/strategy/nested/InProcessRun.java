package org.hepscan.strategy.nested;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.ToDoubleFunction;
import org.hepscan.oracle.Evaluation;
import org.hepscan.oracle.Point;
import org.hepscan.space.ParameterSpace;
import org.hepscan.strategy.api.History;
import org.hepscan.strategy.api.Proposal;
import org.hepscan.strategy.api.Strategy;

/**
 * A strategy's calls (batchSize, propose, learn, columnValues, stopReason) made in the order
 * the scan loop makes them, with a likelihood computed in place of the oracle and no Spark:
 * what the bench sections and tests use to measure a sampler alone, over many seeds. A
 * likelihood of NaN stands for an invalid call (L = 0). The generators derive from the seed
 * and the iteration, as the loop's do.
 */
public final class InProcessRun {
  private final ParameterSpace space;
  private final Strategy strategy;
  private final ToDoubleFunction<double[]> logL;
  private final long seed;
  private final History history;
  private long nextId;
  private String stopped;

  public InProcessRun(ParameterSpace space, Strategy strategy, ToDoubleFunction<double[]> logL, long seed) {
    this.space = space;
    this.strategy = strategy;
    this.logL = logL;
    this.seed = seed;
    this.history = new History(space);
  }

  /** Runs iterations until the strategy stops, {@code maxIterations} have run or {@code maxCalls} are spent. */
  public InProcessRun until(int maxIterations, long maxCalls) {
    for (int it = history.iterations() + 1; it <= maxIterations && stopped == null && history.size() < maxCalls; it++) {
      int k = (int) Math.min(strategy.batchSize(it), maxCalls - history.size());
      List<Proposal> ps = strategy.propose(history, it, k, new SplittableRandom(seed * 1_000_003L + it));
      List<Evaluation> batch = new ArrayList<>(ps.size());
      for (Proposal p : ps) {
        double[] x = space.toPhysical(p.unit());
        Point point = new Point(nextId++, it, p.origin(), x);
        double l = logL.applyAsDouble(x);
        batch.add(Double.isNaN(l) ? Evaluation.invalid(point, "invalid here").withTarget(Double.NEGATIVE_INFINITY, false)
            : Evaluation.ok(point, Map.of("logL", l)).withTarget(l, true));
      }
      history.add(it, batch);
      strategy.learn(history, new SplittableRandom(seed * 1_000_033L + it));
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
