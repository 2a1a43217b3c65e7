package org.hepscan.strategy.model;

import java.util.SplittableRandom;
import org.hepscan.surrogate.TrainingSet;

/**
 * The rows one training takes when the history has more than {@code maxRows} of them, so
 * that a training costs the same at 10^6 rows as at {@code maxRows}:
 * <ol>
 *   <li>the most recent rows, a quarter of the budget: the last batches, where the
 *       strategy is sampling now and where the previous model was wrong;</li>
 *   <li>the priority rows among the others (in-target points, or a classifier's positive
 *       class), up to half the budget: every one of them while they fit, else a uniform
 *       sample;</li>
 *   <li>a uniform sample of the remaining rows, filling the budget.</li>
 * </ol>
 * A sampled row is weighted by the number of rows it stands for in its group (times any
 * weight it had), so every weighted sum over the sample is an unbiased estimate of the same
 * sum over the history, and the total weight is unchanged: the loss a model minimizes is, in
 * expectation, the one it would minimize on every row. Rows kept whole weigh what they did.
 *
 * <p>Rows are taken to be in history order (oldest first), as {@link TrainingRows} builds
 * them. The draws come from the generator given, and only when the budget applies: a scan
 * whose history fits trains exactly as it did without a budget.
 */
public record RowBudget(int maxRows) {
  /** The recent rows' share of the budget. */
  static final double RECENT = 0.25;
  /** The priority rows' share of the budget, at most. */
  static final double PRIORITY = 0.5;

  public RowBudget {
    if (maxRows < 0) {
      throw new IllegalArgumentException("maxRows must be 0 (no budget) or positive, got " + maxRows);
    }
  }

  /** Whether a training on {@code rows} rows is cut down. */
  public boolean applies(int rows) {
    return maxRows > 0 && rows > maxRows;
  }

  /**
   * {@code data} itself when it fits the budget, else {@code maxRows} of its rows chosen as
   * the class says, with weights. {@code priority} marks the rows kept first (null: none;
   * a classifier's rows labelled 1 are then its priority).
   */
  public TrainingSet select(TrainingSet data, boolean[] priority, SplittableRandom rng) {
    int n = data.size();
    if (!applies(n)) {
      return data;
    }
    if (priority != null && priority.length != n) {
      throw new IllegalArgumentException(n + " rows but " + priority.length + " priority marks");
    }
    boolean[] first = priority != null ? priority : positives(data);
    int recent = (int) (maxRows * RECENT);
    int older = n - recent;
    int[] prio = new int[older];
    int[] rest = new int[older];
    int np = 0;
    int nr = 0;
    for (int i = 0; i < older; i++) {
      if (first != null && first[i]) {
        prio[np++] = i;
      } else {
        rest[nr++] = i;
      }
    }
    int room = maxRows - recent;
    int takePrio = Math.min(np, (int) (maxRows * PRIORITY));
    int takeRest = Math.min(nr, room - takePrio);
    takePrio = Math.min(np, room - takeRest); // few other rows: the priority rows take their room
    int m = recent + takePrio + takeRest;
    double[][] x = new double[m][];
    double[][] y = data.y() == null ? null : new double[m][];
    double[] w = new double[m];
    int k = 0;
    k = copy(data, sample(prio, np, takePrio, rng), np / (double) Math.max(1, takePrio), x, y, w, k);
    k = copy(data, sample(rest, nr, takeRest, rng), nr / (double) Math.max(1, takeRest), x, y, w, k);
    int[] last = new int[recent];
    for (int i = 0; i < recent; i++) {
      last[i] = older + i;
    }
    copy(data, last, 1, x, y, w, k);
    return new TrainingSet(x, y, data.task(), w);
  }

  /** A classifier's rows labelled 1 (its rare class, where it is in target); null for other sets. */
  private static boolean[] positives(TrainingSet data) {
    if (data.task() != org.hepscan.surrogate.Task.CLASSIFICATION) {
      return null;
    }
    boolean[] p = new boolean[data.size()];
    for (int i = 0; i < p.length; i++) {
      p[i] = data.y()[i][0] > 0.5;
    }
    return p;
  }

  /** {@code take} of the first {@code count} entries of {@code from}, uniformly without replacement, in their order. */
  private static int[] sample(int[] from, int count, int take, SplittableRandom rng) {
    if (take >= count) {
      return java.util.Arrays.copyOf(from, count);
    }
    // selection sampling (Knuth's algorithm S): one pass, order kept
    int[] out = new int[take];
    int chosen = 0;
    for (int i = 0; i < count && chosen < take; i++) {
      if (rng.nextInt(count - i) < take - chosen) {
        out[chosen++] = from[i];
      }
    }
    return out;
  }

  private static int copy(TrainingSet data, int[] rows, double scale, double[][] x, double[][] y, double[] w, int k) {
    for (int i : rows) {
      x[k] = data.x()[i];
      if (y != null) {
        y[k] = data.y()[i];
      }
      w[k] = data.weight(i) * scale;
      k++;
    }
    return k;
  }
}
