package org.hepscan.strategy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.ToDoubleFunction;
import org.hepscan.config.ConfigException;
import org.hepscan.config.Options;
import org.hepscan.oracle.Evaluation;
import org.hepscan.oracle.Point;
import org.hepscan.oracle.builtin.GaussianShells;
import org.hepscan.space.Parameter;
import org.hepscan.space.ParameterSpace;
import org.hepscan.strategy.api.ColumnValues;
import org.hepscan.strategy.api.History;
import org.hepscan.strategy.api.Proposal;
import org.junit.jupiter.api.Test;

/**
 * Nested sampling against evidences known in closed form or by numerical integration, driven
 * through the strategy's own calls (propose, learn, stopReason) as the scan loop makes them,
 * with the likelihood computed in place of the oracle.
 */
class NestedStrategyTest {

  private static ParameterSpace box(int d, double lo, double hi) {
    List<Parameter> ps = new ArrayList<>();
    for (int j = 0; j < d; j++) {
      ps.add(Parameter.continuous("x" + (j + 1), lo, hi, Parameter.Scale.LINEAR));
    }
    return new ParameterSpace(ps);
  }

  /** A run of the loop's calls; logL of NaN stands for an invalid call (L = 0). */
  private static final class Run {
    final ParameterSpace space;
    final NestedStrategy s;
    final History h;
    final ToDoubleFunction<double[]> logL;
    long nextId;
    int calls;
    String stopped;

    Run(ParameterSpace space, Map<String, Object> options, ToDoubleFunction<double[]> logL) {
      this.space = space;
      this.s = (NestedStrategy) NestedStrategy.Config.parse(Options.of("strategy", options), space).newStrategy();
      this.h = new History(space);
      this.logL = logL;
    }

    /** Runs iterations until the strategy stops or {@code maxIterations} have run. */
    Run until(int maxIterations) {
      for (int it = h.iterations() + 1; it <= maxIterations && stopped == null; it++) {
        int k = s.batchSize(it);
        List<Proposal> ps = s.propose(h, it, k, new SplittableRandom(1000L * it + 17));
        List<Evaluation> batch = new ArrayList<>();
        for (Proposal p : ps) {
          double[] x = space.toPhysical(p.unit());
          Point point = new Point(nextId++, it, p.origin(), x);
          double l = logL.applyAsDouble(x);
          batch.add(Double.isNaN(l) ? Evaluation.invalid(point, "in the slab").withTarget(Double.NEGATIVE_INFINITY, false)
              : Evaluation.ok(point, Map.of("logL", l)).withTarget(l, true));
        }
        calls += batch.size();
        h.add(it, batch);
        s.learn(h, new SplittableRandom(it));
        ColumnValues cv = s.columnValues(it, batch);
        if (it > 1) {
          assertEquals(batch.size(), cv.get("loglstar").size());
        }
        stopped = s.stopReason(h);
      }
      return this;
    }

    double logZ() {
      return ((Number) s.results().get("log_z")).doubleValue();
    }

    double error() {
      return ((Number) s.results().get("log_z_error")).doubleValue();
    }
  }

  @Test
  void theTwoGaussianShellsIn2dHaveTheirKnownEvidence() {
    Run r = new Run(box(2, -6, 6), Map.of("name", "nested"), GaussianShells::logL).until(2000);
    assertNotNull(r.stopped, "the run ends by its own rule");
    assertTrue(r.stopped.startsWith("the remaining evidence is below dlogz"), r.stopped);
    double truth = -1.746;
    assertEquals(truth, r.logZ(), Math.max(0.15, 3 * r.error()), "log Z " + r.logZ() + " ± " + r.error() + " after " + r.calls + " calls");
    assertTrue(r.error() > 0.02 && r.error() < 0.2, "error " + r.error());
    // the dead points' weights add up to the dead part of Z
    double sum = 0;
    for (double w : r.s.deadLogWeights()) {
      sum += Math.exp(w);
    }
    assertTrue(sum > 0.9 * Math.exp(r.logZ()) && sum <= Math.exp(r.logZ()) * 1.0001, "dead weights " + sum);
    assertTrue((int) r.s.metrics(r.h.iterations()).get("bound_ellipsoids").doubleValue() >= 2,
        "two shells need more than one ellipsoid: " + r.s.metrics(r.h.iterations()));
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
    Run r = new Run(box(3, -5, 5), Map.of("name", "nested", "live", 400), logL).until(3000);
    assertNotNull(r.stopped);
    assertEquals(truth, r.logZ(), Math.max(0.15, 3 * r.error()), "log Z " + r.logZ() + " ± " + r.error());
  }

  @Test
  void aResumedRunRepeatsAnUninterruptedOne() throws Exception {
    Map<String, Object> o = Map.of("name", "nested", "live", 100, "batch", 10);
    Run whole = new Run(box(2, -6, 6), o, GaussianShells::logL).until(40);
    Run first = new Run(box(2, -6, 6), o, GaussianShells::logL).until(25);
    ObjectMapper json = new ObjectMapper();
    JsonNode state = json.readTree(json.writeValueAsString(first.s.state()));
    Run resumed = new Run(box(2, -6, 6), o, GaussianShells::logL);
    resumed.s.restore(state);
    // the history the loop rebuilds from the output
    for (int k = 1; k <= first.h.iterations(); k++) {
      resumed.h.add(k, first.h.iteration(k));
    }
    resumed.nextId = first.nextId;
    resumed.until(40);
    assertEquals(whole.logZ(), resumed.logZ(), 0, "the same log Z, bit for bit");
    assertEquals(whole.h.size(), resumed.h.size());
    for (int i = 0; i < whole.h.size(); i++) {
      assertEquals(whole.h.all().get(i).point(), resumed.h.all().get(i).point());
    }
  }

  @Test
  void badOptionsNameTheirKey() {
    ParameterSpace space = box(2, 0, 1);
    ConfigException e = org.junit.jupiter.api.Assertions.assertThrows(ConfigException.class,
        () -> NestedStrategy.Config.parse(Options.of("strategy", Map.of("name", "nested", "live", 100, "batch", 30)), space));
    assertEquals("strategy.batch", e.path());
    e = org.junit.jupiter.api.Assertions.assertThrows(ConfigException.class,
        () -> NestedStrategy.Config.parse(Options.of("strategy", Map.of("name", "nested", "bound", "balls")), space));
    assertEquals("strategy.bound", e.path());
  }
}
