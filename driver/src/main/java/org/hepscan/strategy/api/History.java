package org.hepscan.strategy.api;

import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.RandomAccess;
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
 *
 * <p>The rows are kept as columns ({@link EvaluationColumns}), the oldest on the driver's
 * disk once they pass a budget of heap ({@code -Dhepscan.history.memory=MiB}): a row read
 * is made afresh, so loops over many rows read what they need by row index
 * ({@link #unit(int)}, {@link #isInTarget(int)}, {@link #loglike(int)}).
 */
public final class History {
  private final ParameterSpace space;
  /** The start rows, then every iteration's: shared with the views {@link #upTo} made. */
  private final Shared rows;
  /** The iterations this history shows: all of them for the scan's own, fewer for a view. */
  private final int shown;

  /** What a history and its views share; appended to only by the history that owns it. */
  private static final class Shared {
    final EvaluationColumns columns;
    /** The row where each iteration starts (iteration k at k - 1). */
    final List<Integer> starts = new ArrayList<>();
    /** In-target rows and rows by status of iterations 1 to k, at k (0: none). */
    final List<Long> inTarget = new ArrayList<>(List.of(0L));
    final List<long[]> byStatus = new ArrayList<>(List.<long[]>of(new long[Status.values().length]));
    int startRows;
    long startInTarget;

    Shared(EvaluationColumns columns) {
      this.columns = columns;
    }
  }

  public History(ParameterSpace space) {
    this(space, new Shared(new EvaluationColumns()), -1);
  }

  /** A history that holds at most {@code memoryBytes} of columns in memory, the older rows on disk (tests). */
  History(ParameterSpace space, long memoryBytes) {
    this(space, new Shared(new EvaluationColumns(memoryBytes)), -1);
  }

  /** Rows kept as objects: those unlike the first row (other observables, other coordinates). */
  int keptAsObjects() {
    return rows.columns.keptAsObjects();
  }

  /** Chunks of rows this history's scan keeps on disk rather than in memory. */
  int spilledChunks() {
    return rows.columns.spilledChunks();
  }

  /** Waits until every spilled row is on disk (see {@link EvaluationColumns#awaitWrites}). */
  void awaitWrites() {
    rows.columns.awaitWrites();
  }

  private History(ParameterSpace space, Shared rows, int shown) {
    this.space = space;
    this.rows = rows;
    this.shown = shown;
  }

  public ParameterSpace space() {
    return space;
  }

  /** Sets the start rows (iteration 0), before any iteration is added. */
  public void addStart(List<Evaluation> evaluations) {
    writable();
    if (rows.columns.size() > 0) {
      throw new IllegalStateException("the start rows come before every other row; this history already holds " + rows.columns.size());
    }
    for (Evaluation e : evaluations) {
      rows.columns.add(e);
    }
    rows.startRows = evaluations.size();
    rows.startInTarget = evaluations.stream().filter(Evaluation::inTarget).count();
  }

  /** The start rows (iteration 0, {@code strategy.start_from}); empty for a scan without. */
  public List<Evaluation> start() {
    return new Rows(0, rows.startRows);
  }

  /** The in-target start rows. */
  public long startInTarget() {
    return rows.startInTarget;
  }

  /** Adds the evaluations of the next iteration, which must be {@code iterations() + 1}. */
  public void add(int iteration, List<Evaluation> evaluations) {
    writable();
    if (iteration != iterations() + 1) {
      throw new IllegalStateException("iteration " + iteration + " added after " + iterations());
    }
    rows.starts.add(rows.columns.size());
    long in = rows.inTarget.get(rows.inTarget.size() - 1);
    long[] by = rows.byStatus.get(rows.byStatus.size() - 1).clone();
    for (Evaluation e : evaluations) {
      rows.columns.add(e);
      by[e.status().ordinal()]++;
      if (e.inTarget()) {
        in++;
      }
    }
    rows.inTarget.add(in);
    rows.byStatus.add(by);
  }

  private void writable() {
    if (shown >= 0) {
      throw new IllegalStateException("a view of the first " + shown + " iterations is read-only");
    }
  }

  /** The number of completed iterations. */
  public int iterations() {
    return shown >= 0 ? shown : rows.starts.size();
  }

  /** The row after the last this history shows. */
  private int end() {
    int n = iterations();
    return n < rows.starts.size() ? rows.starts.get(n) : rows.columns.size();
  }

  /** The scan's own calls: rows of iterations 1 on. */
  public int size() {
    return end() - rows.startRows;
  }

  /** No rows at all, start rows included: nothing to learn from. */
  public boolean isEmpty() {
    return end() == 0;
  }

  public long inTarget() {
    return rows.inTarget.get(iterations());
  }

  /** In-target evaluations per oracle call so far. */
  public double efficiency() {
    return size() == 0 ? 0 : (double) inTarget() / size();
  }

  public Map<Status, Long> byStatus() {
    long[] by = rows.byStatus.get(iterations());
    Map<Status, Long> m = new EnumMap<>(Status.class);
    for (Status s : Status.values()) {
      m.put(s, by[s.ordinal()]);
    }
    return Collections.unmodifiableMap(m);
  }

  /**
   * Every row, start rows first, in id order. The rows are kept as columns: each
   * {@code get} makes the evaluation afresh, so loops over many rows that need only a
   * point's coordinates or its target flag read them with {@link #unit(int)} and
   * {@link #isInTarget(int)} instead.
   */
  public List<Evaluation> all() {
    return new Rows(0, end());
  }

  /** The number of rows of {@link #all()}: start rows and the scan's own. */
  public int rowCount() {
    return end();
  }

  /** Unit-cube coordinates of row {@code i} of {@link #all()}. */
  public double[] unit(int i) {
    return space.toUnit(rows.columns.values(checkRow(i)));
  }

  /** Whether row {@code i} of {@link #all()} is in the target. */
  public boolean isInTarget(int i) {
    return rows.columns.inTarget(checkRow(i));
  }

  /** The status of row {@code i} of {@link #all()}. */
  public Status status(int i) {
    return rows.columns.status(checkRow(i));
  }

  /** The log-likelihood the target gave row {@code i} of {@link #all()}. */
  public double loglike(int i) {
    return rows.columns.loglike(checkRow(i));
  }

  /** Unit-cube coordinates of every in-target row, start rows included, in id order. */
  public double[][] inTargetUnits() {
    int n = end();
    List<double[]> in = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      if (rows.columns.inTarget(i)) {
        in.add(space.toUnit(rows.columns.values(i)));
      }
    }
    return in.toArray(double[][]::new);
  }

  private int checkRow(int i) {
    if (i < 0 || i >= end()) {
      throw new IndexOutOfBoundsException("row " + i + " of " + end());
    }
    return i;
  }

  /** The evaluations of iteration {@code k} (1-based). */
  public List<Evaluation> iteration(int k) {
    if (k < 1 || k > iterations()) {
      throw new IndexOutOfBoundsException("iteration " + k + " of " + iterations());
    }
    int from = rows.starts.get(k - 1);
    int to = k < rows.starts.size() ? rows.starts.get(k) : rows.columns.size();
    return new Rows(from, to);
  }

  /**
   * The first {@code n} iterations: what a proposal made {@code iterations() - n} rounds
   * ago saw, for a pipelined scan to propose from what its model learned. A read-only view
   * of the same rows, made without copying them.
   */
  public History upTo(int n) {
    if (n < 0 || n > iterations()) {
      throw new IndexOutOfBoundsException("the first " + n + " of " + iterations() + " iterations");
    }
    return new History(space, rows, n);
  }

  /** The evaluations of the last completed iteration; empty before the first. */
  public List<Evaluation> latest() {
    return iterations() == 0 ? List.of() : iteration(iterations());
  }

  /** Unit-cube coordinates of an evaluated point (the same before and after a resume). */
  public double[] unit(Evaluation e) {
    return space.toUnit(e.point().values());
  }

  /** Rows {@code from} to {@code to} (exclusive) of the columns, made on each read. */
  private final class Rows extends AbstractList<Evaluation> implements RandomAccess {
    private final int from;
    private final int to;

    Rows(int from, int to) {
      this.from = from;
      this.to = to;
    }

    @Override
    public Evaluation get(int i) {
      if (i < 0 || i >= to - from) {
        throw new IndexOutOfBoundsException("row " + i + " of " + (to - from));
      }
      return rows.columns.get(from + i);
    }

    @Override
    public int size() {
      return to - from;
    }
  }
}
