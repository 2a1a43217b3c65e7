package org.hepscan.strategy.proposal;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The selection rules that turn surrogate scores of a candidate pool into the indices of
 * the points sent to the oracle. Each returns distinct indices; which ones is decided by
 * the generator passed in, never by iteration order, so that ties do not bias the sample
 * towards the start of the pool.
 */
public final class Selection {
  private Selection() {
  }

  /**
   * {@code n} indices drawn uniformly from those whose score is at least {@code threshold};
   * when fewer qualify, all of them and then the best of the rest by score. Returns
   * {@code min(n, score.length)} indices. NaN scores count as the worst.
   */
  public static int[] above(double[] score, double threshold, int n, SplittableRandom rng) {
    int[] qualifying = where(score, threshold, true);
    if (qualifying.length >= n) {
      return sample(qualifying, n, rng);
    }
    return fillWithBest(qualifying, score, n);
  }

  /**
   * As {@link #above}, but the qualifying candidates are drawn without replacement with
   * weights that grow with the volume the points already {@code found} leave around them
   * ({@link LocalVolume}: the distance to the {@code k}-th nearest, to the power d, over its
   * {@code quantile}, to the {@code power}, at most 1): where the found points are dense,
   * fewer are added. Of many qualifying candidates, a uniform subset of {@code 20 n} is
   * weighed, and of more than {@value #MAX_FOUND} points found a uniform subset of that many
   * is the reference, which bounds the neighbour search: without the second bound a long
   * scan's proposal cost grew with its in-target points. A density from a uniform subset is
   * the same density estimated over more neighbours (k of m points ~ k N / m of N), and the
   * weights are relative. With fewer than {@code k} points found, the draw is uniform.
   */
  public static int[] aboveSparse(double[] score, double threshold, int n, SplittableRandom rng,
      double[][] candidates, double[][] found, int k, double power, double quantile) {
    int[] qualifying = where(score, threshold, true);
    if (qualifying.length < n) {
      return fillWithBest(qualifying, score, n);
    }
    return sparseAmong(qualifying, n, rng, candidates, found, k, power, quantile);
  }

  /**
   * Points found that a neighbour search runs over, at most (a uniform subset beyond): the
   * reference of the sparse inside weights and SMOTE's minority. Bounds a long scan's
   * proposal cost, which otherwise grew with its in-target points.
   */
  public static final int MAX_FOUND = 20_000;

  /**
   * {@code rows} when there are at most {@code max}, else a uniform subset of {@code max} of
   * them drawn from {@code rng} (drawn only then: a smaller scan draws exactly as before).
   */
  public static double[][] atMost(double[][] rows, int max, SplittableRandom rng) {
    if (rows.length <= max) {
      return rows;
    }
    int[] kept = sample(java.util.stream.IntStream.range(0, rows.length).toArray(), max, rng);
    double[][] subset = new double[kept.length][];
    for (int i = 0; i < kept.length; i++) {
      subset[i] = rows[kept[i]];
    }
    return subset;
  }

  /**
   * {@code min(n, qualifying.length)} of the {@code qualifying} indices, drawn without
   * replacement with the volume weights of {@link #aboveSparse} (uniformly while fewer than
   * {@code k} points are found).
   */
  public static int[] sparseAmong(int[] qualifying, int n, SplittableRandom rng,
      double[][] candidates, double[][] found, int k, double power, double quantile) {
    n = Math.min(n, qualifying.length);
    if (found == null || found.length < k) {
      return sample(qualifying, n, rng);
    }
    int[] idx = sample(qualifying, (int) Math.min(qualifying.length, 20L * n), rng);
    found = atMost(found, MAX_FOUND, rng);
    double[][] queries = new double[idx.length][];
    for (int i = 0; i < idx.length; i++) {
      queries[i] = candidates[idx[i]];
    }
    double[] w = LocalVolume.relative(LocalVolume.of(queries, found, k, false), quantile, power);
    return weighted(idx, w, n, rng, false);
  }

  /**
   * The one weighted draw without replacement (Efraimidis-Spirakis): each of {@code idx} gets
   * the key log(u)/w, the {@code n} largest keys win, so item i is taken first with
   * probability proportional to w[i]; weightless items sort after all others. Ties (only
   * weightless items in practice) go by position, or by a random draw per item when {@code
   * randomTies}: the outside rule of dnnc has always broken them so, and keeps its stream.
   */
  static int[] weighted(int[] idx, double[] w, int n, SplittableRandom rng, boolean randomTies) {
    int count = idx.length;
    double[] key = new double[count];
    Integer[] order = new Integer[count];
    for (int i = 0; i < count; i++) {
      double u = rng.nextDouble();
      // log(u)/w orders like u^(1/w) without underflow
      key[i] = w[i] > 0 ? Math.log(u) / w[i] : Double.NEGATIVE_INFINITY;
      order[i] = i;
    }
    int[] ties = new int[randomTies ? count : 0];
    for (int i = 0; i < ties.length; i++) {
      ties[i] = rng.nextInt();
    }
    Arrays.sort(order, (a, b) -> {
      int c = Double.compare(key[b], key[a]);
      return c != 0 || !randomTies ? c : Integer.compare(ties[a], ties[b]);
    });
    int[] out = new int[Math.min(n, count)];
    for (int i = 0; i < out.length; i++) {
      out[i] = idx[order[i]];
    }
    return out;
  }


  /**
   * Up to {@code n} indices drawn uniformly from those not yet {@code taken} whose score is
   * below {@code threshold} (NaN counts as below); fewer when fewer qualify.
   */
  public static int[] below(double[] score, double threshold, int n, SplittableRandom rng, boolean[] taken) {
    int count = 0;
    int[] idx = new int[score.length];
    for (int i = 0; i < score.length; i++) {
      if (!taken[i] && !(score[i] >= threshold)) {
        idx[count++] = i;
      }
    }
    return sample(Arrays.copyOf(idx, count), Math.min(n, count), rng);
  }

  /**
   * Up to {@code n} indices not yet {@code taken} whose score is below {@code threshold},
   * drawn without replacement with probability proportional to the score (Efraimidis and
   * Spirakis' keys u^(1/w)): candidates a classifier is unsure of are preferred to ones it
   * is sure lie outside, yet every candidate with a positive score can be drawn. Zero and
   * NaN scores are drawn last, uniformly, only when the others run out.
   */
  public static int[] belowWeighted(double[] score, double threshold, int n, SplittableRandom rng, boolean[] taken) {
    int count = 0;
    int[] idx = new int[score.length];
    double[] w = new double[score.length];
    for (int i = 0; i < score.length; i++) {
      if (!taken[i] && !(score[i] >= threshold)) {
        w[count] = score[i];
        idx[count++] = i;
      }
    }
    return weighted(Arrays.copyOf(idx, count), w, n, rng, true);
  }


  /**
   * Rejection sampling with the pool's weights as the target density: index i is kept with
   * probability weight[i] / max(weight) (papers/001). Returns the kept indices in random
   * order. A pool whose weights are all zero keeps nothing.
   */
  public static int[] rejection(double[] weight, SplittableRandom rng) {
    double max = 0;
    for (double w : weight) {
      if (w > max) {
        max = w;
      }
    }
    if (!(max > 0) || !Double.isFinite(max)) {
      return new int[0];
    }
    int[] kept = new int[weight.length];
    int count = 0;
    for (int i = 0; i < weight.length; i++) {
      if (weight[i] > 0 && rng.nextDouble() * max < weight[i]) {
        kept[count++] = i;
      }
    }
    int[] out = Arrays.copyOf(kept, count);
    shuffle(out, rng);
    return out;
  }

  /** {@code n} distinct elements of {@code from}, uniformly (a partial Fisher-Yates shuffle of a copy). */
  public static int[] sample(int[] from, int n, SplittableRandom rng) {
    if (n > from.length) {
      throw new IllegalArgumentException("cannot draw " + n + " of " + from.length);
    }
    int[] a = from.clone();
    for (int i = 0; i < n; i++) {
      int j = i + rng.nextInt(a.length - i);
      int t = a[i];
      a[i] = a[j];
      a[j] = t;
    }
    return Arrays.copyOf(a, n);
  }

  /** The indices whose score is at least (or, when {@code atLeast} is false, below) the threshold. */
  public static int[] where(double[] score, double threshold, boolean atLeast) {
    int[] idx = new int[score.length];
    int count = 0;
    for (int i = 0; i < score.length; i++) {
      boolean ge = score[i] >= threshold;
      if (ge == atLeast) {
        idx[count++] = i;
      }
    }
    return Arrays.copyOf(idx, count);
  }

  /** {@code chosen}, then the highest-scoring other indices, up to {@code min(n, score.length)} in all. */
  public static int[] fillWithBest(int[] chosen, double[] score, int n) {
    int want = Math.min(n, score.length);
    boolean[] taken = new boolean[score.length];
    for (int i : chosen) {
      taken[i] = true;
    }
    int[] out = Arrays.copyOf(chosen, want);
    int count = chosen.length;
    if (count < want) {
      Integer[] rest = new Integer[score.length - chosen.length];
      int r = 0;
      for (int i = 0; i < score.length; i++) {
        if (!taken[i]) {
          rest[r++] = i;
        }
      }
      // best first; NaN last; ties by index for a stable, seed-independent order
      Arrays.sort(rest, (a, b) -> {
        double sa = Double.isNaN(score[a]) ? Double.NEGATIVE_INFINITY : score[a];
        double sb = Double.isNaN(score[b]) ? Double.NEGATIVE_INFINITY : score[b];
        int c = Double.compare(sb, sa);
        return c != 0 ? c : Integer.compare(a, b);
      });
      for (int i = 0; count < want; i++) {
        out[count++] = rest[i];
      }
    }
    return out;
  }

  static void shuffle(int[] a, SplittableRandom rng) {
    for (int i = a.length - 1; i > 0; i--) {
      int j = rng.nextInt(i + 1);
      int t = a[i];
      a[i] = a[j];
      a[j] = t;
    }
  }
}
