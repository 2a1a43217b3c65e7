package org.hepscan.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * How in-target points spread over the disconnected regions of a benchmark's target:
 * each point belongs to the region of its nearest centre (the maximum of the oracle
 * that the region surrounds). A benchmark names its coverage in benchmarks.yaml.
 */
public abstract class Coverage {
  private static final Map<String, Coverage> KNOWN = Map.of(
      "eggbox-rings", new FamiliesHit("eggbox-rings", "rings", eggboxMaxima(), eggboxShares()),
      "cosine-shell-regions", new Deviation("cosine-shell-regions", cosineShellMaxima()));

  private final String name;
  private final double[][] centers;

  Coverage(String name, double[][] centers) {
    this.name = name;
    this.centers = centers;
  }

  public static Coverage named(String name) {
    Coverage c = KNOWN.get(name);
    if (c == null) {
      throw new IllegalArgumentException("unknown coverage '" + name + "'; known: " + String.join(", ", new java.util.TreeSet<>(KNOWN.keySet())));
    }
    return c;
  }

  public String name() {
    return name;
  }

  public double[][] centers() {
    return centers;
  }

  public int dimension() {
    return centers[0].length;
  }

  /** The columns this coverage adds, given the benchmark's efficiency call counts. */
  public abstract List<String> columns(List<Long> at);

  /** Their values for one run, in the same order; null where a value does not apply (too few calls). */
  public abstract List<Double> values(RunData run, List<Long> at);

  /** The index of the centre nearest to {@code x} (Euclidean). */
  public int nearest(double[] x) {
    int best = 0;
    double bestD = Double.POSITIVE_INFINITY;
    for (int c = 0; c < centers.length; c++) {
      double d = 0;
      for (int i = 0; i < x.length; i++) {
        double t = x[i] - centers[c][i];
        d += t * t;
      }
      if (d < bestD) {
        bestD = d;
        best = c;
      }
    }
    return best;
  }

  /** Points per region. */
  public long[] counts(List<double[]> points) {
    long[] n = new long[centers.length];
    for (double[] p : points) {
      n[nearest(p)]++;
    }
    return n;
  }

  /**
   * The maxima of cos(x1/2) cos(x2/2) = +1 in [0, 10 pi]^2: (2 pi i, 2 pi j), i, j in 0..5,
   * i + j even; 18 of them. The eggbox's in-target rings surround them (papers/001).
   */
  public static double[][] eggboxMaxima() {
    List<double[]> l = new ArrayList<>();
    for (int i = 0; i <= 5; i++) {
      for (int j = 0; j <= 5; j++) {
        if ((i + j) % 2 == 0) {
          l.add(new double[] {2 * Math.PI * i, 2 * Math.PI * j});
        }
      }
    }
    return l.toArray(new double[0][]);
  }

  /**
   * The share of the in-target area each of {@link #eggboxMaxima()}'s rings has inside
   * [0, 10 pi]^2: the eggbox is symmetric about every maximum, so the box's edge cuts a
   * ring on it in half, a corner leaves a quarter. What a uniform sample's counts follow.
   */
  public static double[] eggboxShares() {
    double[][] m = eggboxMaxima();
    double[] w = new double[m.length];
    double sum = 0;
    for (int c = 0; c < m.length; c++) {
      w[c] = 1;
      for (double x : m[c]) {
        boolean onEdge = Math.abs(x) < 1e-9 || Math.abs(x - 10 * Math.PI) < 1e-9;
        w[c] *= onEdge ? 0.5 : 1;
      }
      sum += w[c];
    }
    for (int c = 0; c < w.length; c++) {
      w[c] /= sum;
    }
    return w;
  }

  /**
   * The largest relative difference between a region's count and its share of all counts
   * ({@code shares}, summing to 1): max |n_c / (N share_c) - 1|; 0 for counts in exact
   * proportion; null when there are no points.
   */
  static Double imbalance(long[] counts, double[] shares) {
    long total = 0;
    for (long n : counts) {
      total += n;
    }
    if (total == 0) {
      return null;
    }
    double worst = 0;
    for (int c = 0; c < counts.length; c++) {
      worst = Math.max(worst, Math.abs(counts[c] / (total * shares[c]) - 1));
    }
    return worst;
  }

  /**
   * The maxima of prod cos(x_i/7) = +1 in [-10 pi, 10 pi]^3: each coordinate at 0 (cos = +1)
   * or +-7 pi (cos = -1), with an even number of +-7 pi entries; 13 of them (papers/004).
   */
  public static double[][] cosineShellMaxima() {
    double[] values = {-7 * Math.PI, 0, 7 * Math.PI};
    List<double[]> l = new ArrayList<>();
    for (double a : values) {
      for (double b : values) {
        for (double c : values) {
          int minus = (a != 0 ? 1 : 0) + (b != 0 ? 1 : 0) + (c != 0 ? 1 : 0);
          if (minus % 2 == 0) {
            l.add(new double[] {a, b, c});
          }
        }
      }
    }
    return l.toArray(new double[0][]);
  }

  /**
   * How many regions hold at least one in-target point among the first N calls, for each N;
   * and, over all the run's in-target points, how far the fullest or emptiest region is
   * from its share of a uniform sample ({@link #imbalance}; papers/001's eggbox goal: every
   * ring sampled alike, within 25 %).
   */
  static final class FamiliesHit extends Coverage {
    private final String label;
    private final double[] shares;

    FamiliesHit(String name, String label, double[][] centers, double[] shares) {
      super(name, centers);
      this.label = label;
      this.shares = shares;
    }

    @Override
    public List<String> columns(List<Long> at) {
      List<String> c = new ArrayList<>();
      if (at.isEmpty()) {
        c.add(label);
      }
      for (long n : at) {
        c.add(label + "@" + n);
      }
      c.add(label + " imbalance");
      return c;
    }

    @Override
    public List<Double> values(RunData run, List<Long> at) {
      List<Double> v = new ArrayList<>();
      if (at.isEmpty()) {
        v.add((double) hit(counts(run.inTargetAmongFirst(run.calls()))));
      }
      for (long n : at) {
        v.add(run.calls() < n ? null : (double) hit(counts(run.inTargetAmongFirst(n))));
      }
      v.add(imbalance(counts(run.inTargetAmongFirst(run.calls())), shares));
      return v;
    }

    private static int hit(long[] counts) {
      int h = 0;
      for (long n : counts) {
        h += n > 0 ? 1 : 0;
      }
      return h;
    }
  }

  /**
   * Over all in-target points of the run: how many regions hold one, and the coverage
   * deviation, the standard deviation of the points per region over their mean (papers/004).
   */
  static final class Deviation extends Coverage {
    Deviation(String name, double[][] centers) {
      super(name, centers);
    }

    @Override
    public List<String> columns(List<Long> at) {
      return List.of("regions", "coverage dev");
    }

    @Override
    public List<Double> values(RunData run, List<Long> at) {
      long[] counts = counts(run.inTargetAmongFirst(run.calls()));
      int hit = 0;
      for (long n : counts) {
        hit += n > 0 ? 1 : 0;
      }
      List<Double> v = new ArrayList<>();
      v.add((double) hit);
      v.add(deviation(counts));
      return v;
    }

    /** Population standard deviation of the counts over their mean; null when there are no points. */
    static Double deviation(long[] counts) {
      double mean = 0;
      for (long n : counts) {
        mean += n;
      }
      mean /= counts.length;
      if (mean == 0) {
        return null;
      }
      double var = 0;
      for (long n : counts) {
        var += (n - mean) * (n - mean);
      }
      return Math.sqrt(var / counts.length) / mean;
    }
  }
}
