package org.hepscan.strategy.proposal;

import java.util.List;
import java.util.stream.IntStream;
import org.hepscan.config.Options;

/**
 * The selection rules, by the names the spec uses for them. Each is a thin, named piece over
 * the draws of {@link Selection}, so that a strategy says which rule it applies (dnnc's
 * {@code inside: sparse}, {@code outside: uncertain}) instead of carrying a switch per rule.
 *
 * <ul>
 *   <li>{@code above} ({@code inside: uniform}): uniformly among candidates scored at least the
 *       threshold; topped up with the best when too few qualify.
 *   <li>{@code sparse} ({@code inside: sparse}): as {@code above}, weighted by the volume the
 *       found in-target points leave around each candidate (where the sample is thin).
 *   <li>{@code below} ({@code outside: uniform}): uniformly among untaken candidates below it.
 *   <li>{@code uncertain} ({@code outside: uncertain}): below the threshold, in proportion to
 *       the score (the uncertain ones first).
 *   <li>{@code rejection}: rejection sampling with the score as the density (mls: L-hat).
 *   <li>{@code top-std}: the candidates whose prediction the models agree on least.
 *   <li>{@code highest}: the candidates of highest score (e.g. a committee's disagreement).
 * </ul>
 */
public final class SelectionRules {
  /** The names of the {@code inside:} and {@code outside:} rules of a threshold split. */
  public static final List<String> INSIDE = List.of("uniform", "sparse");
  public static final List<String> OUTSIDE = List.of("uniform", "uncertain");

  private SelectionRules() {
  }

  /** The k-th-neighbour volume weighting of {@link #sparse}: neighbour count, power, cap quantile. */
  public record SparseWeights(int neighbours, double power, double cap) {
    public static final SparseWeights DEFAULT = new SparseWeights(30, 2, 0.98);

    /** Reads an {@code inside_weights:} section (absent: the defaults). */
    public static SparseWeights parse(Options w) {
      w.allowOnly("neighbours", "power", "cap");
      return new SparseWeights((int) w.integer("neighbours", DEFAULT.neighbours(), 1, 100_000),
          w.number("power", DEFAULT.power(), 0, 10), w.number("cap", DEFAULT.cap(), 0.5, 1));
    }
  }

  /**
   * The default inside rule of mls, dnnr and dnnc: {@code sparse}. Drawing the candidates a
   * model accepts uniformly (the papers' rule) lets the sample pile up where it already is:
   * a surrogate is most often right near its training rows, so the region found first keeps
   * winning (B3, 7-D shell, dnnr: one coordinate's KS p 1e-9 with the mean of the in-target
   * points 0.2 off zero for six iterations running; mls: KS p 4e-16, nn coverage 0.78).
   */
  public static final String DEFAULT_INSIDE = "sparse";

  /** The {@code inside:} and {@code inside_weights:} of a strategy section, checked. */
  public record Inside(String rule, SparseWeights weights) {
    public boolean sparse() {
      return rule.equals("sparse");
    }

    public static Inside parse(Options o) {
      String inside = o.choice("inside", DEFAULT_INSIDE, INSIDE.toArray(String[]::new));
      if (o.has("inside_weights") && !inside.equals("sparse")) {
        throw new org.hepscan.config.ConfigException(o.pathOf("inside_weights"),
            "inside_weights shape the draw of inside: sparse, but inside is uniform; remove them or set inside: sparse");
      }
      SparseWeights weights = SparseWeights.parse(o.has("inside_weights") ? o.section("inside_weights")
          : Options.empty(o.pathOf("inside_weights")));
      return new Inside(inside, weights);
    }

    /** {@code n} of {@code qualifying}: uniformly, or (sparse) by the volume the {@code found} points leave around each. */
    public int[] draw(int[] qualifying, int n, java.util.SplittableRandom rng, double[][] candidates, double[][] found) {
      return sparse() ? Selection.sparseAmong(qualifying, n, rng, candidates, found, weights.neighbours(), weights.power(), weights.cap())
          : Selection.sample(qualifying, Math.min(n, qualifying.length), rng);
    }
  }

  public static SelectionRule above(double threshold) {
    return (pool, n, rng) -> Selection.above(pool.score(), threshold, n, rng);
  }

  public static SelectionRule sparse(double threshold, SparseWeights w) {
    return (pool, n, rng) -> Selection.aboveSparse(pool.score(), threshold, n, rng, pool.x(), pool.found(),
        w.neighbours(), w.power(), w.cap());
  }

  public static SelectionRule below(double threshold) {
    return (pool, n, rng) -> Selection.below(pool.score(), threshold, n, rng, pool.taken());
  }

  public static SelectionRule uncertain(double threshold) {
    return (pool, n, rng) -> Selection.belowWeighted(pool.score(), threshold, n, rng, pool.taken());
  }

  /** Rejection sampling on the score as a density; returns up to {@code n} of the kept, in random order. */
  public static SelectionRule rejection() {
    return (pool, n, rng) -> {
      int[] kept = Selection.rejection(pool.score(), rng);
      return kept.length <= n ? kept : java.util.Arrays.copyOf(kept, n);
    };
  }

  /** The {@code n} untaken candidates of largest std (ties by index); needs a pool scored by a model with a std. */
  public static SelectionRule topStd() {
    return (pool, n, rng) -> {
      if (pool.std() == null) {
        throw new IllegalStateException("top-std needs the std of an ensemble or a Bayesian model; this pool has none");
      }
      return largest(pool.std(), pool.taken(), n);
    };
  }

  /** The {@code n} untaken candidates of highest score (ties by index): e.g. the most disputed ones. */
  public static SelectionRule highest() {
    return (pool, n, rng) -> largest(pool.score(), pool.taken(), n);
  }

  private static int[] largest(double[] v, boolean[] taken, int n) {
    return IntStream.range(0, v.length).filter(i -> !taken[i]).boxed()
        .sorted((a, b) -> {
          int c = Double.compare(v[b], v[a]);
          return c != 0 ? c : Integer.compare(a, b);
        })
        .limit(n).mapToInt(Integer::intValue).toArray();
  }

  /** The inside rule named {@code uniform} or {@code sparse}. */
  public static SelectionRule inside(String name, double threshold, SparseWeights weights) {
    switch (name) {
      case "uniform":
        return above(threshold);
      case "sparse":
        return sparse(threshold, weights);
      default:
        throw new IllegalArgumentException("unknown inside rule '" + name + "'; known: " + INSIDE);
    }
  }

  /** The outside rule named {@code uniform} or {@code uncertain}. */
  public static SelectionRule outside(String name, double threshold) {
    switch (name) {
      case "uniform":
        return below(threshold);
      case "uncertain":
        return uncertain(threshold);
      default:
        throw new IllegalArgumentException("unknown outside rule '" + name + "'; known: " + OUTSIDE);
    }
  }
}
