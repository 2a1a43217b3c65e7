package org.hepscan.strategy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.hepscan.config.Options;
import org.hepscan.oracle.Evaluation;
import org.hepscan.oracle.Point;
import org.hepscan.space.Parameter;
import org.hepscan.space.ParameterSpace;
import org.hepscan.store.Json;
import org.hepscan.strategy.api.History;
import org.hepscan.strategy.api.Proposal;
import org.junit.jupiter.api.Test;

/** The Metropolis chains without Spark: a log-likelihood given by a function instead of an oracle. */
class McmcStrategyTest {
  private static final ParameterSpace SPACE = new ParameterSpace(List.of(
      Parameter.continuous("a", 0, 1, Parameter.Scale.LINEAR),
      Parameter.continuous("b", 0, 1, Parameter.Scale.LINEAR)));

  private static McmcStrategy mcmc(int chains, int initial) {
    return (McmcStrategy) McmcStrategy.Config.parse(Options.of("strategy", Map.of("name", "mcmc", "chains", chains, "initial", initial, "proposal_width", 0.1)), SPACE).newStrategy();
  }

  /** One iteration: propose, "evaluate" with loglike(x) (or -inf where it returns NaN), learn. */
  private static void step(McmcStrategy s, History h, int k, SplittableRandom rng,
                           java.util.function.ToDoubleFunction<double[]> loglike) {
    List<Proposal> ps = s.propose(h, k, s.batchSize(k), rng);
    List<Evaluation> evals = new ArrayList<>();
    for (int i = 0; i < ps.size(); i++) {
      double[] x = SPACE.toPhysical(ps.get(i).unit());
      Point p = new Point(h.size() + i + 1, k, ps.get(i).origin(), x);
      double l = loglike.applyAsDouble(x);
      evals.add(Double.isNaN(l) ? Evaluation.invalid(p, "excluded").withTarget(Double.NEGATIVE_INFINITY, false)
          : Evaluation.ok(p, Map.of("O", l)).withTarget(l, l > -1));
    }
    h.add(k, evals);
    s.learn(h, rng);
  }

  @Test
  void reflectionFoldsIntoTheUnitInterval() {
    assertEquals(0.2, org.hepscan.strategy.proposal.Candidates.reflect(-0.2), 1e-12);
    assertEquals(0.8, org.hepscan.strategy.proposal.Candidates.reflect(1.2), 1e-12);
    assertEquals(0.3, org.hepscan.strategy.proposal.Candidates.reflect(2.3), 1e-12);
    assertEquals(0.5, org.hepscan.strategy.proposal.Candidates.reflect(0.5), 0);
  }

  @Test
  void chainsStartAtTheBestInitialPointsAndSampleTheTarget() {
    McmcStrategy s = mcmc(50, 200);
    History h = new History(SPACE);
    SplittableRandom rng = new SplittableRandom(3);
    // a narrow Gaussian around (0.3, 0.7), sigma 0.05
    java.util.function.ToDoubleFunction<double[]> gauss = x -> -0.5 * (Math.pow((x[0] - 0.3) / 0.05, 2) + Math.pow((x[1] - 0.7) / 0.05, 2));
    step(s, h, 1, rng, gauss);
    assertEquals(200, h.size());
    assertEquals(50, s.batchSize(2), "one proposal per chain from now on");
    double sumA = 0;
    double sumB = 0;
    int n = 0;
    for (int k = 2; k <= 200; k++) {
      step(s, h, k, rng, gauss);
      if (k > 50) {
        for (Evaluation e : h.latest()) {
          sumA += e.point().value(0);
          sumB += e.point().value(1);
          n++;
        }
      }
    }
    // proposals gather around the peak
    assertEquals(0.3, sumA / n, 0.03);
    assertEquals(0.7, sumB / n, 0.03);
    double rate = s.acceptanceRate();
    assertTrue(rate > 0.1 && rate < 0.9, "acceptance " + rate);
  }

  @Test
  void chainsOutsideTheSupportWalkUntilTheyFindIt() {
    McmcStrategy s = mcmc(5, 5);
    History h = new History(SPACE);
    SplittableRandom rng = new SplittableRandom(5);
    // likelihood zero (INVALID) everywhere but in the corner a, b > 0.7
    java.util.function.ToDoubleFunction<double[]> corner = x -> x[0] > 0.7 && x[1] > 0.7 ? 0 : Double.NaN;
    step(s, h, 1, rng, corner);
    for (int k = 2; k <= 600; k++) {
      step(s, h, k, rng, corner);
    }
    int inside = 0;
    for (JsonNode chain : s.state().get("chains")) {
      if (!chain.get("loglike").isTextual()) {
        inside++;
        assertTrue(chain.get("position").get(0).doubleValue() > 0.7 && chain.get("position").get(1).doubleValue() > 0.7);
      }
    }
    assertEquals(5, inside, "every chain found the corner and stayed in it");
  }

  @Test
  void stateRoundTripsThroughJsonExactlyIncludingMinusInfinity() throws Exception {
    McmcStrategy s = mcmc(4, 4);
    History h = new History(SPACE);
    SplittableRandom rng = new SplittableRandom(9);
    java.util.function.ToDoubleFunction<double[]> half = x -> x[0] < 0.5 ? -x[1] : Double.NaN;
    for (int k = 1; k <= 3; k++) {
      step(s, h, k, rng, half);
    }
    JsonNode saved = Json.MAPPER.readTree(Json.MAPPER.writeValueAsString(s.state()));
    McmcStrategy copy = mcmc(4, 4);
    copy.restore(saved);
    assertEquals(Json.MAPPER.writeValueAsString(s.state()), Json.MAPPER.writeValueAsString(copy.state()));
    // and both go on identically
    List<Proposal> a = s.propose(h, 4, 4, new SplittableRandom(1));
    List<Proposal> b = copy.propose(h, 4, 4, new SplittableRandom(1));
    for (int i = 0; i < 4; i++) {
      assertArrayEquals(a.get(i).unit(), b.get(i).unit());
    }
  }

  private static McmcStrategy stretch(int walkers, int initial) {
    return (McmcStrategy) McmcStrategy.Config.parse(Options.of("strategy",
        Map.of("name", "mcmc", "chains", walkers, "initial", initial, "move", "stretch")), SPACE).newStrategy();
  }

  /**
   * emcee's test case: a correlated 2-D Gaussian. The walkers' positions after burn-in have
   * its mean, widths and correlation, which a sampler whose stretch factor or acceptance
   * (z^(d-1)) were wrong would miss.
   */
  @Test
  void theStretchMoveSamplesACorrelatedGaussian() {
    double ma = 0.4;
    double mb = 0.6;
    double sa = 0.05;
    double sb = 0.1;
    double rho = 0.8;
    java.util.function.ToDoubleFunction<double[]> gauss = x -> {
      double u = (x[0] - ma) / sa;
      double v = (x[1] - mb) / sb;
      return -0.5 * (u * u - 2 * rho * u * v + v * v) / (1 - rho * rho);
    };
    McmcStrategy s = stretch(32, 200);
    History h = new History(SPACE);
    SplittableRandom rng = new SplittableRandom(7);
    step(s, h, 1, rng, gauss);
    assertTrue(s.batchSize(2) <= 16, "one half of the walkers moves per iteration");
    double n = 0;
    double sumA = 0;
    double sumB = 0;
    double sumAA = 0;
    double sumBB = 0;
    double sumAB = 0;
    for (int k = 2; k <= 3000; k++) {
      step(s, h, k, rng, gauss);
      if (k > 400) {
        for (double[] w : s.walkers()) {
          sumA += w[0];
          sumB += w[1];
          sumAA += w[0] * w[0];
          sumBB += w[1] * w[1];
          sumAB += w[0] * w[1];
          n++;
        }
      }
    }
    double meanA = sumA / n;
    double meanB = sumB / n;
    double varA = sumAA / n - meanA * meanA;
    double varB = sumBB / n - meanB * meanB;
    double corr = (sumAB / n - meanA * meanB) / Math.sqrt(varA * varB);
    assertEquals(ma, meanA, 0.01);
    assertEquals(mb, meanB, 0.02);
    assertEquals(sa, Math.sqrt(varA), 0.1 * sa);
    assertEquals(sb, Math.sqrt(varB), 0.1 * sb);
    assertEquals(rho, corr, 0.05);
    double rate = s.acceptanceRate();
    assertTrue(rate > 0.3 && rate < 0.9, "emcee's stretch accepts about half in 2-D: " + rate);
  }

  @Test
  void theStretchMoveResumesWithTheSameProposals() throws Exception {
    java.util.function.ToDoubleFunction<double[]> bowl = x -> -10 * ((x[0] - 0.5) * (x[0] - 0.5) + (x[1] - 0.5) * (x[1] - 0.5));
    McmcStrategy s = stretch(8, 20);
    History h = new History(SPACE);
    SplittableRandom rng = new SplittableRandom(2);
    for (int k = 1; k <= 5; k++) {
      step(s, h, k, rng, bowl);
    }
    McmcStrategy copy = stretch(8, 20);
    copy.restore(Json.MAPPER.readTree(Json.MAPPER.writeValueAsString(s.state())));
    assertEquals(Json.MAPPER.writeValueAsString(s.state()), Json.MAPPER.writeValueAsString(copy.state()));
    assertEquals(s.batchSize(6), copy.batchSize(6));
    List<Proposal> a = s.propose(h, 6, s.batchSize(6), new SplittableRandom(1));
    List<Proposal> b = copy.propose(h, 6, copy.batchSize(6), new SplittableRandom(1));
    for (int i = 0; i < a.size(); i++) {
      assertArrayEquals(a.get(i).unit(), b.get(i).unit());
    }
  }

  @Test
  void theStretchMoveIsConfiguredOrRefusedWithTheReason() {
    Map<String, Object> tooFew = Map.of("name", "mcmc", "chains", 3, "move", "stretch");
    String m = org.junit.jupiter.api.Assertions.assertThrows(org.hepscan.config.ConfigException.class,
        () -> McmcStrategy.Config.parse(Options.of("strategy", tooFew), SPACE)).getMessage();
    assertTrue(m.contains("strategy.chains") && m.contains("at least twice as many walkers"), m);
    Map<String, Object> width = Map.of("name", "mcmc", "chains", 8, "move", "stretch", "proposal_width", 0.1);
    m = org.junit.jupiter.api.Assertions.assertThrows(org.hepscan.config.ConfigException.class,
        () -> McmcStrategy.Config.parse(Options.of("strategy", width), SPACE)).getMessage();
    assertTrue(m.contains("strategy.proposal_width") && m.contains("no step width"), m);
    Map<String, Object> unknown = Map.of("name", "mcmc", "move", "hamiltonian");
    m = org.junit.jupiter.api.Assertions.assertThrows(org.hepscan.config.ConfigException.class,
        () -> McmcStrategy.Config.parse(Options.of("strategy", unknown), SPACE)).getMessage();
    assertTrue(m.contains("unknown move 'hamiltonian'") && m.contains("stretch"), m);
  }
}
