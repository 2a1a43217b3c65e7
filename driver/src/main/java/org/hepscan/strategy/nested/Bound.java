package org.hepscan.strategy.nested;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.hepscan.strategy.proposal.WeightedDraw;

/**
 * Where a nested sampler draws its replacement points: a region that holds the live points
 * (and, it is hoped, all of the region above the likelihood threshold), intersected with
 * the unit cube of the prior. Chosen by name, as in dynesty and nestle ({@code auto}: multi
 * up to {@link #MULTI_UP_TO} dimensions, single above, see {@link #resolve}):
 * <ul>
 *   <li>{@code none}: the whole cube (rejection from the prior: always right, slow once the
 *       region is small);</li>
 *   <li>{@code single}: one bounding ellipsoid of the live points;</li>
 *   <li>{@code multi}: several, found by splitting the points in two (2-means from the ends
 *       of the longest axis) while the ellipsoids' total volume falls by half, or while it is
 *       more than twice the volume the live points stand for (Feroz, Hobson, Bridges 2009;
 *       nestle's rules). Points are drawn from the union uniformly: an ellipsoid by its
 *       volume, a point in it, kept with probability 1 / (ellipsoids holding it).</li>
 * </ul>
 */
public interface Bound {
  List<String> NAMES = List.of("auto", "none", "single", "multi");

  /** Dimensions up to which {@code auto} is {@code multi}; {@code single} above. */
  int MULTI_UP_TO = 5;

  /**
   * What {@code auto} means in {@code dimension} dimensions. Ellipsoids fitted to a few tens
   * of points fall short of a curved region the more the dimensions, and a bound that cuts
   * off part of the region biases log Z upwards (the live points shrink faster than the
   * bookkeeping says): with 10-D Gaussian shells cut by an invalid slab, multi's log Z was
   * biased by several reported errors where one ellipsoid's was not (bench nested-evidence).
   */
  static String resolve(String kind, int dimension) {
    return kind.equals("auto") ? (dimension <= MULTI_UP_TO ? "multi" : "single") : kind;
  }

  /** A point drawn uniformly from the bound within the unit cube. */
  double[] sample(SplittableRandom rng);

  /** How many ellipsoids make it (0 for the cube): a figure for progress.json. */
  int pieces();

  /**
   * The bound {@code kind} of {@code live} (unit-cube points), grown by {@code enlarge} in
   * volume; {@code logPointVolume} is the log of the prior volume each live point stands for
   * (X / n), the least volume an ellipsoid of m points is given (m times it).
   */
  static Bound of(String kind, double[][] live, double enlarge, double logPointVolume) {
    return switch (resolve(kind, live[0].length)) {
      case "none" -> new Cube(live[0].length);
      case "single" -> new Union(List.of(Ellipsoid.bounding(live, enlarge, Math.log(live.length) + logPointVolume)));
      case "multi" -> new Union(Splitter.split(live, enlarge, logPointVolume));
      default -> throw new IllegalArgumentException("unknown bound '" + kind + "'; known: " + NAMES);
    };
  }

  /** The unit cube itself. */
  record Cube(int dimension) implements Bound {
    @Override
    public double[] sample(SplittableRandom rng) {
      double[] u = new double[dimension];
      for (int j = 0; j < dimension; j++) {
        u[j] = rng.nextDouble();
      }
      return u;
    }

    @Override
    public int pieces() {
      return 0;
    }
  }

  /** A union of ellipsoids, within the unit cube. */
  final class Union implements Bound {
    /** Draws before giving up: only a bound almost wholly outside the cube gets there. */
    private static final int MAX_TRIES = 10_000_000;
    private final List<Ellipsoid> parts;
    private final WeightedDraw byVolume;

    Union(List<Ellipsoid> parts) {
      this.parts = List.copyOf(parts);
      double top = parts.stream().mapToDouble(Ellipsoid::logVolume).max().orElseThrow();
      byVolume = new WeightedDraw(parts.stream().mapToDouble(e -> Math.exp(e.logVolume() - top)).toArray());
    }

    @Override
    public double[] sample(SplittableRandom rng) {
      for (int t = 0; t < MAX_TRIES; t++) {
        int i = byVolume.draw(rng);
        double[] x = parts.get(i).sample(rng);
        if (!inCube(x)) {
          continue;
        }
        int holders = 0;
        for (Ellipsoid e : parts) {
          holders += e.contains(x) ? 1 : 0;
        }
        // an overlap would be drawn once per ellipsoid holding it
        if (holders <= 1 || rng.nextDouble() * holders < 1) {
          return x;
        }
      }
      throw new IllegalStateException("no point of the bounding ellipsoids lies in the unit cube after " + MAX_TRIES + " draws");
    }

    @Override
    public int pieces() {
      return parts.size();
    }

    List<Ellipsoid> parts() {
      return parts;
    }

    private static boolean inCube(double[] x) {
      for (double v : x) {
        if (!(v >= 0 && v <= 1)) {
          return false;
        }
      }
      return true;
    }
  }

  /** nestle's recursive split of a point set into bounding ellipsoids. */
  final class Splitter {
    private static final double VOLUME_DECREASE = 0.5;
    private static final double VOLUME_CHECK = 2.0;

    private Splitter() {
    }

    static List<Ellipsoid> split(double[][] points, double enlarge, double logPointVolume) {
      // the enlargement goes on at the end, once: inside the recursion volumes are compared bare
      List<double[][]> groups = new ArrayList<>();
      recurse(points, Ellipsoid.bounding(points, 1, Math.log(points.length) + logPointVolume), logPointVolume, groups);
      List<Ellipsoid> out = new ArrayList<>();
      for (double[][] g : groups) {
        out.add(Ellipsoid.bounding(g, enlarge, Math.log(g.length) + logPointVolume));
      }
      return out;
    }

    private static void recurse(double[][] points, Ellipsoid whole, double logPointVolume, List<double[][]> groups) {
      int d = points[0].length;
      double[][][] halves = twoMeans(points, whole.majorAxisEnds());
      if (halves[0].length < 2 * d || halves[1].length < 2 * d) {
        groups.add(points);
        return;
      }
      Ellipsoid a = Ellipsoid.bounding(halves[0], 1, Math.log(halves[0].length) + logPointVolume);
      Ellipsoid b = Ellipsoid.bounding(halves[1], 1, Math.log(halves[1].length) + logPointVolume);
      double both = Evidence.logAddExp(a.logVolume(), b.logVolume());
      boolean halved = both < Math.log(VOLUME_DECREASE) + whole.logVolume();
      boolean tooBig = whole.logVolume() > Math.log(VOLUME_CHECK) + Math.log(points.length) + logPointVolume;
      if (halved) {
        recurse(halves[0], a, logPointVolume, groups);
        recurse(halves[1], b, logPointVolume, groups);
        return;
      }
      if (tooBig) {
        List<double[][]> deeper = new ArrayList<>();
        recurse(halves[0], a, logPointVolume, deeper);
        recurse(halves[1], b, logPointVolume, deeper);
        double total = Double.NEGATIVE_INFINITY;
        for (double[][] g : deeper) {
          total = Evidence.logAddExp(total, Ellipsoid.bounding(g, 1, Math.log(g.length) + logPointVolume).logVolume());
        }
        if (total < Math.log(VOLUME_DECREASE) + whole.logVolume()) {
          groups.addAll(deeper);
          return;
        }
      }
      groups.add(points);
    }

    /** Lloyd's 2-means from the two given centres (no draw: the same points split the same way). */
    static double[][][] twoMeans(double[][] points, double[][] start) {
      int d = points[0].length;
      double[][] c = {start[0].clone(), start[1].clone()};
      int[] label = new int[points.length];
      for (int iter = 0; iter < 50; iter++) {
        boolean moved = false;
        for (int i = 0; i < points.length; i++) {
          int l = dist2(points[i], c[0]) <= dist2(points[i], c[1]) ? 0 : 1;
          moved |= l != label[i] || iter == 0;
          label[i] = l;
        }
        if (!moved) {
          break;
        }
        double[][] sum = new double[2][d];
        int[] count = new int[2];
        for (int i = 0; i < points.length; i++) {
          count[label[i]]++;
          for (int j = 0; j < d; j++) {
            sum[label[i]][j] += points[i][j];
          }
        }
        for (int k = 0; k < 2; k++) {
          if (count[k] > 0) {
            for (int j = 0; j < d; j++) {
              c[k][j] = sum[k][j] / count[k];
            }
          }
        }
      }
      List<double[]> a = new ArrayList<>();
      List<double[]> b = new ArrayList<>();
      for (int i = 0; i < points.length; i++) {
        (label[i] == 0 ? a : b).add(points[i]);
      }
      return new double[][][] {a.toArray(double[][]::new), b.toArray(double[][]::new)};
    }

    private static double dist2(double[] x, double[] y) {
      double s = 0;
      for (int j = 0; j < x.length; j++) {
        s += (x[j] - y[j]) * (x[j] - y[j]);
      }
      return s;
    }
  }
}
