package org.hepscan.strategy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.hepscan.config.ConfigException;
import org.hepscan.config.Options;
import org.hepscan.oracle.Evaluation;
import org.hepscan.oracle.builtin.GaussianShells;
import org.hepscan.space.ParameterSpace;
import org.hepscan.strategy.api.ColumnValues;
import org.hepscan.strategy.nested.InProcessRun;
import org.junit.jupiter.api.Test;

/**
 * Nested sampling against evidences known in closed form or by numerical integration, driven
 * through the strategy's own calls (propose, learn, stopReason) as the scan loop makes them,
 * with the likelihood computed in place of the oracle.
 */
class NestedStrategyTest {

  private static NestedStrategy nested(ParameterSpace space, Map<String, Object> options) {
    return (NestedStrategy) NestedStrategy.Config.parse(Options.of("strategy", options), space).newStrategy();
  }

  private static InProcessRun run(ParameterSpace space, Map<String, Object> options, ToDoubleFunction<double[]> logL) {
    return new InProcessRun(space, nested(space, options), logL, 1);
  }

  @Test
  void theTwoGaussianShellsIn2dHaveTheirKnownEvidence() {
    ParameterSpace space = ParameterSpace.box(2, -6, 6);
    NestedStrategy s = nested(space, Map.of("name", "nested"));
    InProcessRun r = new InProcessRun(space, s, GaussianShells::logL, 1).until(2000, 1_000_000);
    assertNotNull(r.stopped(), "the run ends by its own rule");
    assertTrue(r.stopped().startsWith("the remaining evidence is below dlogz"), r.stopped());
    double truth = -1.746;
    double logZ = r.result("log_z");
    double error = r.result("log_z_error");
    assertEquals(truth, logZ, Math.max(0.15, 3 * error), "log Z " + logZ + " ± " + error + " after " + r.history().size() + " calls");
    assertTrue(error > 0.02 && error < 0.2, "error " + error);
    // the dead points' weights add up to the dead part of Z
    double sum = 0;
    for (double w : s.deadLogWeights()) {
      sum += Math.exp(w);
    }
    assertTrue(sum > 0.9 * Math.exp(logZ) && sum <= Math.exp(logZ) * 1.0001, "dead weights " + sum);
    assertTrue((int) s.metrics(r.history().iterations()).get("bound_ellipsoids").doubleValue() >= 2,
        "two shells need more than one ellipsoid: " + s.metrics(r.history().iterations()));
    List<Evaluation> last = r.history().latest();
    ColumnValues cv = s.columnValues(r.history().iterations(), last);
    assertEquals(ColumnValues.NONE, cv, "a batch's column values are given once, when it is written");
  }

  @Test
  void aGaussianWithAnInvalidSlabHasTheEvidenceOfWhatIsLeft() {
    // L = N(x; 0, 1) per coordinate on [-5, 5]^3 (prior density 1/1000), invalid where |x2| < 0.6:
    // Z = (1/1000) * (1 - P(|x2| < 0.6)) = (1/1000) * 2 * (1 - Phi(0.6))
    double phi06 = 0.7257468822499265;
    double truth = Math.log(2 * (1 - phi06) / 1000);
    ToDoubleFunction<double[]> logL = x -> {
      if (Math.abs(x[1]) < 0.6) {
        return Double.NaN;
      }
      double s = 0;
      for (double v : x) {
        s += -0.5 * v * v - 0.5 * Math.log(2 * Math.PI);
      }
      return s;
    };
    InProcessRun r = run(ParameterSpace.box(3, -5, 5), Map.of("name", "nested", "live", 400), logL).until(3000, 1_000_000);
    assertNotNull(r.stopped());
    assertEquals(truth, r.result("log_z"), Math.max(0.15, 3 * r.result("log_z_error")), "log Z " + r.result("log_z"));
  }

  @Test
  void aResumedRunRepeatsAnUninterruptedOne() throws Exception {
    Map<String, Object> o = Map.of("name", "nested", "live", 100, "batch", 10);
    ParameterSpace space = ParameterSpace.box(2, -6, 6);
    InProcessRun whole = run(space, o, GaussianShells::logL).until(40, 1_000_000);
    NestedStrategy interrupted = nested(space, o);
    InProcessRun first = new InProcessRun(space, interrupted, GaussianShells::logL, 1).until(25, 1_000_000);
    ObjectMapper json = new ObjectMapper();
    JsonNode state = json.readTree(json.writeValueAsString(interrupted.state()));
    NestedStrategy restored = nested(space, o);
    restored.restore(state);
    // the rows the loop reads back from the output
    InProcessRun resumed = new InProcessRun(space, restored, GaussianShells::logL, 1).resumeFrom(first).until(40, 1_000_000);
    assertEquals(whole.result("log_z"), resumed.result("log_z"), 0, "the same log Z, bit for bit");
    assertEquals(whole.result("insertions"), resumed.result("insertions"), 0, "the insertion ranks came through the checkpoint");
    assertEquals(whole.result("insertion_ks_p"), resumed.result("insertion_ks_p"), 0);
    assertEquals(whole.history().size(), resumed.history().size());
    for (int i = 0; i < whole.history().size(); i++) {
      assertEquals(whole.history().all().get(i).point(), resumed.history().all().get(i).point());
    }
  }

  /**
   * Invalid calls are a plateau at L = 0: the live points on it die together, so a prior that
   * is mostly invalid (80 % here, as a spectrum generator's failures can be) still gives the
   * evidence of the rest. Killed 50 at a time with valid replacements in between, each would
   * count as 1/n of log X and log Z would come out about 0.8 too high.
   */
  @Test
  void aMostlyInvalidPriorKeepsTheEvidenceOfTheValidPart() {
    ParameterSpace space = ParameterSpace.box(2, -5, 5);
    ToDoubleFunction<double[]> logL = x -> Math.abs(x[0]) > 1 ? Double.NaN : -0.5 * (x[0] * x[0] + x[1] * x[1]) - Math.log(2 * Math.PI);
    // Z = P(|x1| < 1) P(|x2| < 5) / 100 for N(0, 1) coordinates
    double truth = Math.log(0.6826894921370859 * (1 - 2 * 2.866515718791939e-7) / 100);
    for (long seed = 1; seed <= 3; seed++) {
      InProcessRun r = new InProcessRun(space, nested(space, Map.of("name", "nested")), logL, seed).until(100_000, 1_000_000);
      assertNotNull(r.stopped());
      double error = r.result("log_z_error");
      assertEquals(truth, r.result("log_z"), Math.max(0.15, 3 * error), "seed " + seed + ": log Z " + r.result("log_z") + " ± " + error);
    }
  }

  /**
   * A constraint with a cut and no likelihood makes L flat inside: once the invalid points
   * are gone nothing can beat the threshold. The run stops there by itself and says why,
   * with log Z the volume of the region, instead of spending its whole budget.
   */
  @Test
  void aFlatLikelihoodStopsAtItsPlateauWithTheRegionsVolume() {
    ParameterSpace space = ParameterSpace.box(2, -5, 5);
    InProcessRun r = new InProcessRun(space, nested(space, Map.of("name", "nested")),
        x -> x[0] * x[0] + x[1] * x[1] < 4 ? 0 : Double.NaN, 1).until(100_000, 200_000);
    assertNotNull(r.stopped(), "stopped by its own rule");
    assertTrue(r.stopped().contains("plateau"), r.stopped());
    assertTrue(r.history().size() < 5_000, "calls " + r.history().size());
    double error = r.result("log_z_error");
    assertEquals(Math.log(Math.PI * 4 / 100), r.result("log_z"), Math.max(0.15, 3 * error), "log Z " + r.result("log_z") + " ± " + error);

    InProcessRun none = new InProcessRun(space, nested(space, Map.of("name", "nested")), x -> Double.NaN, 1).until(100_000, 200_000);
    assertTrue(none.stopped() != null && none.stopped().startsWith("none of the 500 live points"), none.stopped());
  }

  /**
   * The insertion-rank check (Fowlie, Handley and Su 2020): uniform ranks for a run that
   * draws its replacements as nested sampling requires, far from uniform for a likelihood
   * with plateaus, where nested sampling's volumes are wrong.
   */
  @Test
  void insertionRanksAreUniformForASoundRunAndNotOnAPlateauedLikelihood() {
    ParameterSpace space = ParameterSpace.box(2, -5, 5);
    ToDoubleFunction<double[]> smooth = x -> -0.5 * (x[0] * x[0] + x[1] * x[1]);
    for (long seed = 1; seed <= 3; seed++) {
      InProcessRun sound = new InProcessRun(space, nested(space, Map.of("name", "nested")), smooth, seed).until(100_000, 1_000_000);
      assertNotNull(sound.stopped());
      assertEquals(sound.result("dead_points"), sound.result("insertions"), "every dead point's replacement is ranked");
      assertTrue(sound.result("insertion_ks_p") > 0.01, "seed " + seed + ": p " + sound.result("insertion_ks_p"));
    }
    // log L in steps of a half: replacements tie with the survivors of their step, and the top step never ends
    InProcessRun steps = new InProcessRun(space, nested(space, Map.of("name", "nested")),
        x -> Math.floor(2 * smooth.applyAsDouble(x)) / 2, 1).until(100_000, 50_000);
    assertTrue(steps.result("insertions") > 1000, "replacements before the top step: " + steps.result("insertions"));
    assertTrue(steps.result("insertion_ks_p") < 1e-4, "p " + steps.result("insertion_ks_p"));
  }

  @Test
  void slicesGiveTheEvidenceOfAGaussianIn12d() {
    // L = N(x; 0, 1) per coordinate on [-5, 5]^12: Z = 10^-12 (1 - 2 Phi(-5))^12; above 10-D sample auto slices
    double truth = -12 * Math.log(10) + 12 * Math.log1p(-2 * 2.866515718791939e-7);
    ToDoubleFunction<double[]> logL = x -> {
      double s = 0;
      for (double v : x) {
        s += -0.5 * v * v - 0.5 * Math.log(2 * Math.PI);
      }
      return s;
    };
    NestedStrategy s = nested(ParameterSpace.box(12, -5, 5), Map.of("name", "nested", "live", 200));
    InProcessRun r = new InProcessRun(ParameterSpace.box(12, -5, 5), s, logL, 3).until(100_000, 2_000_000);
    assertNotNull(r.stopped(), "the run ends by its own rule");
    double error = r.result("log_z_error");
    assertEquals(truth, r.result("log_z"), Math.max(0.3, 3 * error), "log Z " + r.result("log_z") + " ± " + error);
    Map<String, Double> m = s.metrics(r.history().iterations());
    assertTrue(m.containsKey("walk_scale"), "walkers, not draws from a bound: " + m);
    // every replacement costs 60 slices (5 D) of a few calls each: both ends stepped out, then shrunk
    double perDead = (r.history().size() - 200.0) / r.result("dead_points");
    assertTrue(perDead >= 60 * 2 && perDead < 60 * 8, "calls per replacement " + perDead);
  }

  @Test
  void randomWalksGiveTheEvidenceOfTheTwoShellsIn2d() {
    ParameterSpace space = ParameterSpace.box(2, -6, 6);
    NestedStrategy s = nested(space, Map.of("name", "nested", "sample", "rwalk"));
    InProcessRun r = new InProcessRun(space, s, GaussianShells::logL, 2).until(100_000, 2_000_000);
    assertNotNull(r.stopped());
    assertEquals(-1.746, r.result("log_z"), Math.max(0.15, 3 * r.result("log_z_error")), "log Z " + r.result("log_z"));
    double perDead = (r.history().size() - 500.0) / r.result("dead_points");
    assertTrue(perDead >= 22 && perDead < 30, "every replacement costs walks (20 + D) calls, a few more where a walker had not moved: " + perDead);
    double acceptance = s.metrics(r.history().iterations()).get("acceptance_rate");
    assertTrue(acceptance > 0.2 && acceptance < 0.8, "the scale follows the share of steps kept toward a half: " + acceptance);
  }

  @Test
  void aRunResumedMidWalkRepeatsAnUninterruptedOne() throws Exception {
    resumedMidWalk(Map.of("name", "nested", "live", 60, "batch", 10, "sample", "rwalk", "walks", 7));
    resumedMidWalk(Map.of("name", "nested", "live", 60, "batch", 10, "sample", "rslice", "slices", 3));
  }

  private static void resumedMidWalk(Map<String, Object> o) throws Exception {
    ParameterSpace space = ParameterSpace.box(2, -6, 6);
    InProcessRun whole = run(space, o, GaussianShells::logL).until(60, 1_000_000);
    NestedStrategy interrupted = nested(space, o);
    // iteration 1 is the prior draw and each walk takes 7 (or more) iterations: 26 stops in the middle of one
    InProcessRun first = new InProcessRun(space, interrupted, GaussianShells::logL, 1).until(26, 1_000_000);
    ObjectMapper json = new ObjectMapper();
    JsonNode state = json.readTree(json.writeValueAsString(interrupted.state()));
    assertTrue(state.get("walk").get("walkers").size() > 0, "walkers in flight are checkpointed: " + state.get("walk"));
    NestedStrategy restored = nested(space, o);
    restored.restore(state);
    InProcessRun resumed = new InProcessRun(space, restored, GaussianShells::logL, 1).resumeFrom(first).until(60, 1_000_000);
    assertEquals(whole.result("log_z"), resumed.result("log_z"), 0, "the same log Z, bit for bit");
    assertEquals(whole.result("insertions"), resumed.result("insertions"), 0, "the insertion ranks came through the checkpoint");
    assertEquals(whole.result("insertion_ks_p"), resumed.result("insertion_ks_p"), 0);
    assertEquals(whole.history().size(), resumed.history().size());
    for (int i = 0; i < whole.history().size(); i++) {
      assertEquals(whole.history().all().get(i).point(), resumed.history().all().get(i).point());
    }
  }

  @Test
  void aFirstDrawCutShortByAStopRuleStillGivesAnEvidence() {
    // the loop asks for fewer points than batchSize near max_evaluations: 30 live points instead of 500
    InProcessRun r = run(ParameterSpace.box(2, -6, 6), Map.of("name", "nested"), GaussianShells::logL).until(5, 30);
    assertEquals(30, r.history().size());
    assertTrue(Double.isFinite(r.result("log_z")), "log Z of the 30 prior points: " + r.result("log_z"));
  }

  @Test
  void badOptionsNameTheirKey() {
    ParameterSpace space = ParameterSpace.box(2, 0, 1);
    ConfigException e = org.junit.jupiter.api.Assertions.assertThrows(ConfigException.class,
        () -> NestedStrategy.Config.parse(Options.of("strategy", Map.of("name", "nested", "live", 100, "batch", 30)), space));
    assertEquals("strategy.batch", e.path());
    e = org.junit.jupiter.api.Assertions.assertThrows(ConfigException.class,
        () -> NestedStrategy.Config.parse(Options.of("strategy", Map.of("name", "nested", "bound", "balls")), space));
    assertEquals("strategy.bound", e.path());
    e = org.junit.jupiter.api.Assertions.assertThrows(ConfigException.class,
        () -> NestedStrategy.Config.parse(Options.of("strategy", Map.of("name", "nested", "sample", "slice")), space));
    assertEquals("strategy.sample", e.path());
    e = org.junit.jupiter.api.Assertions.assertThrows(ConfigException.class,
        () -> MlNestedStrategy.Config.parse(Options.of("strategy", Map.of("name", "ml-nested", "sample", "rwalk")), space));
    assertEquals("strategy.sample", e.path());
    assertTrue(e.getMessage().contains("nested for rwalk"), e.getMessage());
    assertEquals("rslice", NestedStrategy.Config.parse(Options.of("strategy", Map.of("name", "nested")), ParameterSpace.box(11, 0, 1)).sampler());
    assertEquals("unif", NestedStrategy.Config.parse(Options.of("strategy", Map.of("name", "nested")), ParameterSpace.box(10, 0, 1)).sampler());
    assertEquals("unif", MlNestedStrategy.Config.parse(Options.of("strategy", Map.of("name", "ml-nested")), ParameterSpace.box(11, 0, 1))
        .nested().sampler(), "ml-nested filters draws from the bound in any dimension");
  }
}
