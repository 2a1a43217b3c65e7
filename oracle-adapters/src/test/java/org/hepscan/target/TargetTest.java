package org.hepscan.target;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.hepscan.config.ConfigException;
import org.hepscan.oracle.Evaluation;
import org.hepscan.oracle.Point;
import org.hepscan.oracle.Status;
import org.junit.jupiter.api.Test;

class TargetTest {
  private static final List<String> AVAILABLE = List.of("O", "mh", "chi2_hs", "mHp", "logL");
  private static final Point POINT = new Point(1, 0, "random", new double[] {0.5});

  private static Map<String, Object> map(Object... kv) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], kv[i + 1]);
    }
    return m;
  }

  private static Target parse(Object... entries) {
    return Target.parse(new ArrayList<>(List.of(entries)), "test-oracle", AVAILABLE);
  }

  private static Constraint one(Map<String, Object> entry) {
    Target t = parse(entry);
    assertEquals(1, t.constraints().size());
    return t.constraints().get(0);
  }

  private static ConfigException error(Object... entries) {
    return assertThrows(ConfigException.class, () -> parse(entries));
  }

  private static Evaluation ok(Object... kv) {
    Map<String, Double> obs = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      obs.put((String) kv[i], ((Number) kv[i + 1]).doubleValue());
    }
    return Evaluation.ok(POINT, obs);
  }

  // ---- each form -------------------------------------------------------------------

  @Test
  void gaussianWithinSigma() {
    Constraint c = one(map("observable", "O", "gaussian", map("mean", 100, "sigma", 10), "within_sigma", 2));
    assertInstanceOf(Constraint.Gaussian.class, c);
    assertEquals("O", c.observable());
    assertTrue(c.passes(100));
    assertTrue(c.passes(80.01));
    assertTrue(c.passes(119.99));
    assertFalse(c.passes(120));   // strictly inside
    assertFalse(c.passes(79.99));
    assertEquals(0, c.logLikelihood(100), 0);
    assertEquals(-0.5, c.logLikelihood(110), 1e-12);
    assertEquals(-2, c.logLikelihood(80), 1e-12);
    assertEquals(-0.5 * 2.5 * 2.5, c.logLikelihood(125), 1e-12);
  }

  @Test
  void gaussianWithMinLikelihood() {
    Constraint c = one(map("observable", "O", "gaussian", map("mean", 100, "sigma", 20), "min_likelihood", 0.9));
    double zMax = Math.sqrt(-2 * Math.log(0.9));
    assertEquals(0.459, zMax, 1e-3);
    assertTrue(c.passes(100 + 20 * zMax * 0.999));
    assertTrue(c.passes(100 - 20 * zMax * 0.999));
    assertFalse(c.passes(100 + 20 * zMax * 1.001));
    assertFalse(c.passes(100 - 20 * zMax * 1.001));
    // the verdict agrees with L = exp(loglike) > 0.9 everywhere
    SplittableRandom rng = new SplittableRandom(11);
    int passed = 0;
    for (int i = 0; i < 10_000; i++) {
      double x = 100 + 40 * (rng.nextDouble() - 0.5);
      double z = (x - 100) / 20;
      assertEquals(-0.5 * z * z, c.logLikelihood(x), 1e-12);
      assertEquals(Math.exp(c.logLikelihood(x)) > 0.9, c.passes(x), "at x = " + x);
      if (c.passes(x)) {
        passed++;
      }
    }
    // uniform on [80, 120]: the pass window is 2 * 20 * 0.459 = 18.36 wide
    assertEquals(18.36 / 40, passed / 10_000.0, 0.02);
  }

  @Test
  void windowIsInclusiveAndExcludesOutside() {
    Constraint c = one(map("observable", "mh", "window", List.of(122, 128.0)));
    assertInstanceOf(Constraint.Window.class, c);
    assertTrue(c.passes(122));
    assertTrue(c.passes(125));
    assertTrue(c.passes(128));
    assertFalse(c.passes(121.999));
    assertFalse(c.passes(128.001));
    assertEquals(0, c.logLikelihood(125), 0);
    assertEquals(Double.NEGATIVE_INFINITY, c.logLikelihood(130), 0);
    assertEquals(Double.NEGATIVE_INFINITY, c.logLikelihood(Double.NaN), 0);
  }

  @Test
  void upperAndLowerLimits() {
    Constraint upper = one(map("observable", "chi2_hs", "upper", 95));
    assertTrue(upper.passes(95));
    assertTrue(upper.passes(-3));
    assertFalse(upper.passes(95.0001));
    assertEquals(Double.NEGATIVE_INFINITY, upper.logLikelihood(96), 0);
    assertEquals(0, upper.logLikelihood(10), 0);
    Constraint lower = one(map("observable", "mHp", "lower", 580.5));
    assertTrue(lower.passes(580.5));
    assertTrue(lower.passes(1e4));
    assertFalse(lower.passes(580.4));
    assertEquals(Double.NEGATIVE_INFINITY, lower.logLikelihood(100), 0);
  }

  @Test
  void chiSquareWithMax() {
    Constraint c = one(map("observable", "chi2_hs", "chi2", map("max", 95)));
    assertInstanceOf(Constraint.ChiSquare.class, c);
    assertEquals(95, ((Constraint.ChiSquare) c).max(), 0);
    assertTrue(c.passes(95));
    assertFalse(c.passes(95.5));
    assertEquals(-5, c.logLikelihood(10), 1e-12);
  }

  @Test
  void chiSquareFromDegreesOfFreedomAndConfidenceLevel() {
    Constraint c = one(map("observable", "chi2_hs", "chi2", map("dof", 2, "cl", 0.95)));
    double bound = ((Constraint.ChiSquare) c).max();
    assertEquals(-2 * Math.log(0.05), bound, 1e-6); // 5.991 for 2 dof
    assertEquals(5.991, bound, 1e-3);
    assertTrue(c.passes(5.99));
    assertFalse(c.passes(5.992));
    // cl defaults to 0.95; 1 dof at 95 % is 3.841
    Constraint d = one(map("observable", "chi2_hs", "chi2", map("dof", 1)));
    assertEquals(3.841, ((Constraint.ChiSquare) d).max(), 1e-3);
  }

  @Test
  void logLikelihoodObservable() {
    Constraint c = one(map("observable", "logL", "loglike", map("min", -10)));
    assertInstanceOf(Constraint.LogLikelihood.class, c);
    assertEquals(-3.5, c.logLikelihood(-3.5), 0);
    assertTrue(c.passes(-10));
    assertTrue(c.passes(2));
    assertFalse(c.passes(-10.01));
    Constraint any = one(map("observable", "logL", "loglike", map()));
    assertTrue(any.passes(-1e300));
  }

  // ---- combining -------------------------------------------------------------------

  @Test
  void constraintsAreAndedAndLogLikelihoodsAdded() {
    Target t = parse(
        map("observable", "O", "gaussian", map("mean", 100, "sigma", 10), "within_sigma", 2),
        map("observable", "mh", "window", List.of(122, 128)),
        map("observable", "chi2_hs", "chi2", map("max", 95)));
    assertEquals(List.of("O", "mh", "chi2_hs"), List.copyOf(t.observables()));

    Evaluation in = t.apply(ok("O", 110, "mh", 125, "chi2_hs", 4));
    assertTrue(in.inTarget());
    assertEquals(-0.5 + 0 - 2, in.loglike(), 1e-12);

    Evaluation gaussOut = t.apply(ok("O", 130, "mh", 125, "chi2_hs", 4));
    assertFalse(gaussOut.inTarget());
    assertEquals(-4.5 - 2, gaussOut.loglike(), 1e-12);

    Evaluation windowOut = t.apply(ok("O", 100, "mh", 130, "chi2_hs", 4));
    assertFalse(windowOut.inTarget());
    assertEquals(Double.NEGATIVE_INFINITY, windowOut.loglike(), 0);

    Evaluation chiOut = t.apply(ok("O", 100, "mh", 125, "chi2_hs", 100));
    assertFalse(chiOut.inTarget());
    assertEquals(-50, chiOut.loglike(), 1e-12);
  }

  @Test
  void callsThatDidNotEndOkAreNeverInTarget() {
    Target t = parse(map("observable", "O", "upper", 1e9));
    for (Evaluation e : List.of(
        Evaluation.invalid(POINT, "tachyon"),
        Evaluation.failed(POINT, "crash"),
        Evaluation.timeout(POINT, "slow"),
        Evaluation.of(POINT, Status.FAILED, Map.of("O", 1.0), "observables present but failed"))) {
      Evaluation judged = t.apply(e);
      assertFalse(judged.inTarget(), e.toString());
      assertEquals(Double.NEGATIVE_INFINITY, judged.loglike(), 0);
      assertEquals(e.status(), judged.status());
    }
    assertTrue(t.apply(ok("O", 1)).inTarget());
  }

  @Test
  void nanOrMissingObservableNeverPasses() {
    List<Map<String, Object>> forms = List.of(
        map("observable", "O", "gaussian", map("mean", 0, "sigma", 1), "within_sigma", 100),
        map("observable", "O", "gaussian", map("mean", 0, "sigma", 1), "min_likelihood", 0.01),
        map("observable", "O", "window", List.of(-1e300, 1e300)),
        map("observable", "O", "upper", 1e300),
        map("observable", "O", "lower", -1e300),
        map("observable", "O", "chi2", map("max", 1e300)),
        map("observable", "O", "loglike", map()),
        map("observable", "O", "loglike", map("min", -1e300)));
    for (Map<String, Object> form : forms) {
      Target t = parse(form);
      Constraint c = t.constraints().get(0);
      assertFalse(c.passes(Double.NaN), form.toString());
      assertFalse(t.apply(ok("O", Double.NaN)).inTarget(), form.toString());
      assertFalse(t.apply(ok("mh", 1)).inTarget(), "missing O: " + form);
      assertTrue(t.apply(ok("O", 0.5)).inTarget(), form.toString());
    }
  }

  @Test
  void noConstraints() {
    Target t = parse();
    assertTrue(t.constraints().isEmpty());
    Evaluation e = t.apply(ok("O", 1));
    assertTrue(e.inTarget());
    assertEquals(0, e.loglike(), 0);
    assertEquals("(no constraints)", Target.none().toString());
  }

  // ---- errors ----------------------------------------------------------------------

  @Test
  void unknownObservableListsTheAvailableOnes() {
    ConfigException e = error(map("observable", "mA", "upper", 1));
    assertEquals("[0].observable", e.path());
    assertTrue(e.problem().contains("'mA'"), e.problem());
    assertTrue(e.problem().contains("O, mh, chi2_hs, mHp, logL"), e.problem());
    assertTrue(e.problem().contains("test-oracle"), e.problem());
    ConfigException second = error(map("observable", "O", "upper", 1), map("observable", "mA", "upper", 1));
    assertEquals("[1].observable", second.path());
  }

  @Test
  void ruleErrors() {
    assertEquals("[0]", error(map("observable", "O", "upper", 1, "lower", 0)).path());
    ConfigException none = error(map("observable", "O"));
    assertEquals("[0]", none.path());
    assertTrue(none.problem().contains("gaussian, window, upper, lower, chi2, loglike"), none.problem());
    assertEquals("[0].observable", error(map("upper", 1)).path());
    assertEquals("[0]", error("not a mapping").path());
  }

  @Test
  void gaussianErrors() {
    assertEquals("[0].gaussian.sigma",
        error(map("observable", "O", "gaussian", map("mean", 100), "within_sigma", 2)).path());
    assertEquals("[0].gaussian.sigma",
        error(map("observable", "O", "gaussian", map("mean", 100, "sigma", -1), "within_sigma", 2)).path());
    assertEquals("[0].gaussian.sigma",
        error(map("observable", "O", "gaussian", map("mean", 100, "sigma", 0), "within_sigma", 2)).path());
    assertEquals("[0].gaussian.mean",
        error(map("observable", "O", "gaussian", map("sigma", 1), "within_sigma", 2)).path());
    assertEquals("[0].gaussian.width",
        error(map("observable", "O", "gaussian", map("mean", 1, "sigma", 1, "width", 2), "within_sigma", 2)).path());
    assertEquals("[0].within_sigma",
        error(map("observable", "O", "gaussian", map("mean", 1, "sigma", 1), "within_sigma", -2)).path());
    ConfigException both = error(map("observable", "O", "gaussian", map("mean", 1, "sigma", 1),
        "within_sigma", 2, "min_likelihood", 0.9));
    assertEquals("[0]", both.path());
    assertTrue(both.problem().contains("not both"), both.problem());
    assertEquals("[0]", error(map("observable", "O", "gaussian", map("mean", 1, "sigma", 1))).path());
    for (double bad : new double[] {0, 1, 1.5, -0.2}) {
      ConfigException e = error(map("observable", "O", "gaussian", map("mean", 1, "sigma", 1), "min_likelihood", bad));
      assertEquals("[0].min_likelihood", e.path(), "min_likelihood " + bad);
    }
  }

  @Test
  void windowErrors() {
    ConfigException empty = error(map("observable", "mh", "window", List.of(128, 122)));
    assertEquals("[0].window", empty.path());
    assertTrue(empty.problem().contains("128") && empty.problem().contains("122"), empty.problem());
    assertEquals("[0].window", error(map("observable", "mh", "window", List.of(125, 125))).path());
    assertEquals("[0].window", error(map("observable", "mh", "window", List.of(1, 2, 3))).path());
    assertEquals("[0].window[1]", error(map("observable", "mh", "window", List.of(1, "high"))).path());
    assertEquals("[0].window", error(map("observable", "mh", "window", 125)).path());
  }

  @Test
  void chiSquareErrors() {
    assertEquals("[0].chi2", error(map("observable", "chi2_hs", "chi2", map())).path());
    assertEquals("[0].chi2.cl", error(map("observable", "chi2_hs", "chi2", map("dof", 2, "cl", 1.5))).path());
    assertEquals("[0].chi2.dof", error(map("observable", "chi2_hs", "chi2", map("dof", 2.5))).path());
    assertEquals("[0].chi2.max", error(map("observable", "chi2_hs", "chi2", map("max", -1))).path());
    assertEquals("[0].chi2.dof", error(map("observable", "chi2_hs", "chi2", map("max", 9, "dof", 2))).path());
  }

  @Test
  void unknownExtraKeysAreRejected() {
    ConfigException e = error(map("observable", "mh", "window", List.of(122, 128), "sigma", 1));
    assertEquals("[0].sigma", e.path());
    assertTrue(e.problem().contains("unknown key 'sigma'") && e.problem().contains("window"), e.problem());
    assertEquals("[0].within_sigma", error(map("observable", "mh", "upper", 1, "within_sigma", 2)).path());
    assertEquals("[0].loglike.max", error(map("observable", "logL", "loglike", map("max", 1))).path());
  }

  @Test
  void cutsTakeAnEdgeForTheirSmoothForm() {
    Constraint.Window window = (Constraint.Window) one(map("observable", "mh", "window", List.of(122, 128), "edge", 0.5));
    assertEquals(0.5, window.edge(), 0);
    assertEquals(0.06, ((Constraint.Window) one(map("observable", "mh", "window", List.of(122, 128)))).edge(), 1e-12);
    Constraint.Limit upper = (Constraint.Limit) one(map("observable", "chi2_hs", "upper", 95, "edge", 2));
    assertEquals(2, upper.edge(), 0);
    assertTrue(upper.isUpper());
    Constraint.Limit lower = (Constraint.Limit) one(map("observable", "mHp", "lower", 580, "edge", 5));
    assertEquals(5, lower.edge(), 0);
    assertFalse(((Constraint.Cut) one(map("observable", "mHp", "lower", 580))).hasEdge());
    // the verdict is the exact cut whatever the edge
    assertTrue(lower.passes(580));
    assertFalse(lower.passes(579.999));
    assertEquals("mh in [122.0, 128.0] (edge 0.5)", window.describe());
  }

  @Test
  void edgeErrorsNameTheirPath() {
    assertEquals("[0].edge", error(map("observable", "mh", "window", List.of(122, 128), "edge", 0)).path());
    assertEquals("[0].edge", error(map("observable", "mh", "upper", 1, "edge", -1)).path());
    assertEquals("[0].edge", error(map("observable", "mh", "lower", 1, "edge", "wide")).path());
    ConfigException gaussian = error(map("observable", "O", "gaussian", map("mean", 1, "sigma", 1), "within_sigma", 2, "edge", 1));
    assertEquals("[0].edge", gaussian.path());
    assertTrue(gaussian.problem().contains("unknown key 'edge'"), gaussian.problem());
    assertEquals("[0].edge", error(map("observable", "chi2_hs", "chi2", map("max", 9), "edge", 1)).path());
    assertEquals("[1].edge", error(map("observable", "mh", "upper", 1), map("observable", "logL", "loglike", map(), "edge", 1)).path());
  }

  @Test
  void describeReadsLikeTheRule() {
    Target t = parse(
        map("observable", "mh", "window", List.of(122, 128)),
        map("observable", "mHp", "lower", 580));
    assertEquals("mh in [122.0, 128.0] AND mHp >= 580.0", t.toString());
  }
}
