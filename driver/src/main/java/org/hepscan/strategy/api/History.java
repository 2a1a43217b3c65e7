package org.hepscan.strategy.api;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.hepscan.oracle.Evaluation;
import org.hepscan.oracle.Status;
import org.hepscan.space.ParameterSpace;

/**
 * Every evaluation of the scan so far, in id order, grouped by iteration (numbered from
 * 1). What strategies learn from; rebuilt from the Parquet output on resume.
 *
 * <p>A scan with {@code strategy.start_from} also holds its start rows, iteration 0: they
 * come first in {@link #all()}, so strategies learn from them like from their own, and they
 * are the only rows of {@link #start()}. The counts ({@link #size()}, {@link #inTarget()},
 * {@link #byStatus()}, {@link #efficiency()}) are of the scan's own calls, iterations 1 on:
 * efficiency stays what the strategy's calls found, and max_evaluations what they cost.
 */
public final class History {
  private final ParameterSpace space;
  /** The start rows, then every iteration's. */
  private final List<Evaluation> all = new ArrayList<>();
  private final List<Integer> starts = new ArrayList<>();
  private final Map<Status, Long> byStatus = new EnumMap<>(Status.class);
  private long inTarget;
  private int startRows;
  private long startInTarget;

  public History(ParameterSpace space) {
    this.space = space;
    for (Status s : Status.values()) {
      byStatus.put(s, 0L);
    }
  }

  public ParameterSpace space() {
    return space;
  }

  /** Sets the start rows (iteration 0), before any iteration is added. */
  public void addStart(List<Evaluation> evaluations) {
    if (!all.isEmpty()) {
      throw new IllegalStateException("the start rows come before every other row; this history already holds " + all.size());
    }
    all.addAll(evaluations);
    startRows = evaluations.size();
    startInTarget = evaluations.stream().filter(Evaluation::inTarget).count();
  }

  /** The start rows (iteration 0, {@code strategy.start_from}); empty for a scan without. */
  public List<Evaluation> start() {
    return Collections.unmodifiableList(all.subList(0, startRows));
  }

  /** The in-target start rows. */
  public long startInTarget() {
    return startInTarget;
  }

  /** Adds the evaluations of the next iteration, which must be {@code iterations() + 1}. */
  public void add(int iteration, List<Evaluation> evaluations) {
    if (iteration != iterations() + 1) {
      throw new IllegalStateException("iteration " + iteration + " added after " + iterations());
    }
    starts.add(all.size());
    for (Evaluation e : evaluations) {
      all.add(e);
      byStatus.merge(e.status(), 1L, Long::sum);
      if (e.inTarget()) {
        inTarget++;
      }
    }
  }

  /** The number of completed iterations. */
  public int iterations() {
    return starts.size();
  }

  /** The scan's own calls: rows of iterations 1 on. */
  public int size() {
    return all.size() - startRows;
  }

  /** No rows at all, start rows included: nothing to learn from. */
  public boolean isEmpty() {
    return all.isEmpty();
  }

  public long inTarget() {
    return inTarget;
  }

  /** In-target evaluations per oracle call so far. */
  public double efficiency() {
    return size() == 0 ? 0 : (double) inTarget / size();
  }

  public Map<Status, Long> byStatus() {
    return Collections.unmodifiableMap(byStatus);
  }

  /** Every row, start rows first, in id order. */
  public List<Evaluation> all() {
    return Collections.unmodifiableList(all);
  }

  /** The evaluations of iteration {@code k} (1-based). */
  public List<Evaluation> iteration(int k) {
    if (k < 1 || k > iterations()) {
      throw new IndexOutOfBoundsException("iteration " + k + " of " + iterations());
    }
    int from = starts.get(k - 1);
    int to = k < iterations() ? starts.get(k) : all.size();
    return Collections.unmodifiableList(all.subList(from, to));
  }

  /**
   * A copy holding the first {@code n} iterations: what a proposal made {@code
   * iterations() - n} rounds ago saw, for a resumed pipelined scan to propose it again.
   */
  public History upTo(int n) {
    if (n < 0 || n > iterations()) {
      throw new IndexOutOfBoundsException("the first " + n + " of " + iterations() + " iterations");
    }
    History h = new History(space);
    h.addStart(start());
    for (int k = 1; k <= n; k++) {
      h.add(k, iteration(k));
    }
    return h;
  }

  /** The evaluations of the last completed iteration; empty before the first. */
  public List<Evaluation> latest() {
    return iterations() == 0 ? List.of() : iteration(iterations());
  }

  /** Unit-cube coordinates of an evaluated point (the same before and after a resume). */
  public double[] unit(Evaluation e) {
    return space.toUnit(e.point().values());
  }
}
