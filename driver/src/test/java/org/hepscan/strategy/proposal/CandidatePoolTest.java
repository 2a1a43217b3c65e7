package org.hepscan.strategy.proposal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.hepscan.config.Options;
import org.hepscan.oracle.Evaluation;
import org.hepscan.oracle.Point;
import org.hepscan.space.Parameter;
import org.hepscan.space.ParameterSpace;
import org.hepscan.strategy.api.History;
import org.hepscan.target.Constraint;
import org.hepscan.target.Target;
import org.junit.jupiter.api.Test;

class CandidatePoolTest {
  static final ParameterSpace SPACE = new ParameterSpace(List.of(
      Parameter.continuous("x1", -2, 2, Parameter.Scale.LINEAR), Parameter.continuous("x2", -2, 2, Parameter.Scale.LINEAR)));
  static final Target TARGET = new Target(List.of(Constraint.Gaussian.withinSigma("O", 2, 0.1, 2)));
  static final double R = Math.sqrt(2);

  /**
   * A scan that found the ring x1^2 + x2^2 = 2 on two arcs of equal length: 180 points on the
   * first quadrant's arc, right on the ring (the best by likelihood), 20 on the third
   * quadrant's, in target but less likely; plus 100 uniform points off it.
   */
  static History twoArcs() {
    History h = new History(SPACE);
    SplittableRandom rng = new SplittableRandom(3);
    List<Evaluation> rows = new ArrayList<>();
    int id = 1;
    for (int i = 0; i < 200; i++) {
      boolean dense = i < 180;
      double phi = (dense ? 0 : Math.PI) + 0.5 * Math.PI * rng.nextDouble();
      double r = Math.sqrt(dense ? 2.0 : 2.15);
      rows.add(eval(id++, r * Math.cos(phi), r * Math.sin(phi)));
    }
    while (rows.size() < 300) {
      double x = -2 + 4 * rng.nextDouble();
      double y = -2 + 4 * rng.nextDouble();
      if (Math.abs(x * x + y * y - 2) > 0.5) {
        rows.add(eval(id++, x, y));
      }
    }
    h.add(1, rows);
    return h;
  }

  static Evaluation eval(int id, double x, double y) {
    return TARGET.apply(Evaluation.ok(new Point(id, 1, "random", new double[] {x, y}), Map.of("O", x * x + y * y)));
  }

  static CandidatePool pool(String jumps) {
    Options o = Options.of("strategy", new org.yaml.snakeyaml.Yaml().load("{candidates: 20000, jumps: " + jumps + "}"));
    return CandidatePool.parse(o, 2, 1000);
  }

  /** Shares of the candidates within 0.3 of the ring on the first and on the third quadrant's arc. */
  static double[] arcShares(double[][] u) {
    double a = 0;
    double b = 0;
    for (double[] p : u) {
      double x = -2 + 4 * p[0];
      double y = -2 + 4 * p[1];
      if (Math.abs(Math.hypot(x, y) - R) < 0.3) {
        a += x > 0 && y > 0 ? 1 : 0;
        b += x < 0 && y < 0 ? 1 : 0;
      }
    }
    return new double[] {a / u.length, b / u.length};
  }

  @Test
  void jumpsSpreadOverAllTheTargetFoundNotTheBestFew() {
    History h = twoArcs();
    double[][] u = pool("{fraction: 1}").draw(h, new SplittableRandom(5));
    assertEquals(20000, u.length);
    double[] share = arcShares(u);
    // the thinly sampled arc is as long as the dense one: it gets at least as many candidates
    assertTrue(share[1] > 0.3, "the thinly sampled arc gets its share: " + share[1]);
    assertTrue(share[0] > 0.05, "the dense arc keeps some: " + share[0]);
    assertTrue(share[0] + share[1] > 0.6, "most jumps stay near the target: " + (share[0] + share[1]));
  }

  @Test
  void widthsFollowTheLocalSpacing() {
    History h = twoArcs();
    double[][] u = pool("{fraction: 1}").draw(h, new SplittableRandom(5));
    // near the densely sampled arc the jumps are narrow: they stay on the ring
    double near = 0;
    double all = 0;
    for (double[] p : u) {
      double x = -2 + 4 * p[0];
      double y = -2 + 4 * p[1];
      if (x > 0.3 && y > 0.3) {
        all++;
        near += Math.abs(Math.hypot(x, y) - R) < 0.1 ? 1 : 0;
      }
    }
    assertTrue(all > 0 && near / all > 0.7, "jumps from the dense arc stay within its spacing: " + near / all);
  }

  @Test
  void bestCentresKeepTheOlderRule() {
    // the older rule jumps only around the 100 most likely points: all on the dense arc
    double[] share = arcShares(pool("{fraction: 1, centres: best}").draw(twoArcs(), new SplittableRandom(5)));
    assertTrue(share[1] < 0.1, "best-centred jumps leave the other arc short: " + share[1]);
  }

  @Test
  void withoutInTargetPointsTheBestByLikelihoodAreCentres() {
    History h = new History(SPACE);
    h.add(1, List.of(eval(1, 1.9, 1.9), eval(2, 0.0, 0.0)));
    double[][] u = pool("{fraction: 1, best: 1}").draw(h, new SplittableRandom(5));
    double origin = 0;
    double corner = 0;
    for (double[] p : u) {
      double x = -2 + 4 * p[0];
      double y = -2 + 4 * p[1];
      origin += Math.hypot(x, y) < 1.0 ? 1 : 0;
      corner += Math.hypot(x - 1.9, y - 1.9) < 1.0 ? 1 : 0;
    }
    // the origin (O = 0) is the more likely of the two: all jumps start there, sigma 1/3 of the range
    assertTrue(origin / u.length > 0.2, "jumps around the most likely point: " + origin / u.length);
    assertTrue(corner / u.length < 0.05, "none around the other: " + corner / u.length);
  }

  @Test
  void weightedJumpsDrawCentresInProportion() {
    double[][] centres = {{0.2, 0.2}, {0.8, 0.8}, {0.5, 0.5}};
    double[][] x = Candidates.jumps(centres, new double[] {1, 3, 0}, new double[] {0.01, 0.01, 0.01}, 40000, new SplittableRandom(1));
    double high = 0;
    double middle = 0;
    for (double[] p : x) {
      high += p[0] > 0.6 ? 1 : 0;
      middle += Math.abs(p[0] - 0.5) < 0.1 ? 1 : 0;
    }
    assertEquals(0.75, high / x.length, 0.01);
    assertEquals(0, middle);
  }

  /**
   * A 6-D target thin in x1 (a fiftieth of its range) and wide in the others (0.1 to 0.9):
   * 400 in-target points found uniformly in it, 200 uniform points outside.
   */
  static History slab() {
    List<Parameter> ps = new ArrayList<>();
    for (int j = 1; j <= 6; j++) {
      ps.add(Parameter.continuous("x" + j, 0, 1, Parameter.Scale.LINEAR));
    }
    ParameterSpace space = new ParameterSpace(ps);
    Target t = new Target(List.of(Constraint.Gaussian.withinSigma("O", 0, 1, 1)));
    History h = new History(space);
    SplittableRandom rng = new SplittableRandom(11);
    List<Evaluation> rows = new ArrayList<>();
    for (int i = 0; i < 600; i++) {
      double[] x = new double[6];
      boolean in = i < 400;
      for (int j = 0; j < 6; j++) {
        x[j] = 0.1 + 0.8 * rng.nextDouble();
      }
      x[0] = in ? 0.5 + 0.02 * rng.nextDouble() : (rng.nextBoolean() ? 0.4 * rng.nextDouble() : 0.6 + 0.4 * rng.nextDouble());
      rows.add(t.apply(Evaluation.ok(new Point(i + 1, 1, "random", x), Map.of("O", in ? 0.0 : 5.0))));
    }
    h.add(1, rows);
    return h;
  }

  static double inSlab(double[][] u) {
    double in = 0;
    for (double[] p : u) {
      boolean inside = p[0] >= 0.5 && p[0] <= 0.52;
      for (int j = 1; j < p.length; j++) {
        inside &= p[j] >= 0.1 && p[j] <= 0.9;
      }
      in += inside ? 1 : 0;
    }
    return in / u.length;
  }

  static CandidatePool pool6(String jumps) {
    Options o = Options.of("strategy", new org.yaml.snakeyaml.Yaml().load("{candidates: 20000, jumps: " + jumps + "}"));
    return CandidatePool.parse(o, 6, 1000);
  }

  @Test
  void regionShapedJumpsStayInAThinTargetAndSpanItsWideDirections() {
    History h = slab();
    double shaped = inSlab(pool6("{fraction: 1}").draw(h, new SplittableRandom(5)));
    double round = inSlab(pool6("{fraction: 1, shape: round}").draw(h, new SplittableRandom(5)));
    // round jumps as wide as the spacing along the slab cross its thin direction nearly every time
    assertTrue(round < 0.2, "round jumps leave the slab: " + round);
    assertTrue(shaped > 2 * round && shaped > 0.3, "shaped jumps stay in it: " + shaped + " against " + round);
    // and still move along it: x2 of the jumps spreads as the slab's points do (uniform in 0.1-0.9: sd 0.23)
    double[][] u = pool6("{fraction: 1}").draw(h, new SplittableRandom(6));
    double mean = 0;
    double sq = 0;
    for (double[] p : u) {
      mean += p[1] / u.length;
      sq += p[1] * p[1] / u.length;
    }
    double sd = Math.sqrt(sq - mean * mean);
    assertTrue(sd > 0.18, "jumps span the slab's wide directions: sd of x2 " + sd);
  }

  @Test
  void aShapeNeedsEnoughPointsAndWhiteningInvertsTheStep() {
    assertEquals(null, RegionShape.of(new double[][] {{0.1, 0.2}, {0.3, 0.1}, {0.5, 0.9}, {0.2, 0.2}}));
    // points on a line fix no 2-D shape: round jumps instead
    double[][] line = new double[20][];
    for (int i = 0; i < line.length; i++) {
      line[i] = new double[] {i / 20.0, i / 20.0};
    }
    assertEquals(null, RegionShape.of(line));
    SplittableRandom rng = new SplittableRandom(2);
    double[][] cloud = new double[50][];
    for (int i = 0; i < cloud.length; i++) {
      double a = rng.nextGaussian();
      cloud[i] = new double[] {0.5 + 0.2 * a, 0.5 + 0.1 * a + 0.01 * rng.nextGaussian()};
    }
    RegionShape shape = RegionShape.of(cloud);
    double[] g = {0.7, -1.3};
    double[] x = shape.step(g);
    for (int j = 0; j < 2; j++) {
      x[j] += shape.mean()[j];
    }
    double[] z = shape.whiten(x);
    assertEquals(g[0], z[0], 1e-9);
    assertEquals(g[1], z[1], 1e-9);
    // the widest parameter is x1, with a deviation near 0.2
    assertEquals(0.2, shape.widestDeviation(), 0.05);
  }
}
