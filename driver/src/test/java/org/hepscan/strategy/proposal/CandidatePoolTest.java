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
}
