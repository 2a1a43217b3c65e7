package org.hepscan.strategy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.hepscan.config.ConfigException;
import org.hepscan.config.Options;
import org.hepscan.oracle.Evaluation;
import org.hepscan.space.Parameter;
import org.hepscan.space.ParameterSpace;
import org.hepscan.strategy.api.ScanContext;
import org.hepscan.strategy.nested.InProcessRun;
import org.junit.jupiter.api.Test;

/**
 * The bnn strategy on a disc, with a real (small) Bayesian network: what it proposes as in
 * target lies in or at the disc, the explored share goes to the edge where the networks
 * disagree, and the mean + 3σ cut passes more of the pool than the disc covers (it errs
 * towards recall); a model without a std is refused.
 */
class BnnStrategyTest {
  private static final ParameterSpace SPACE = new ParameterSpace(List.of(
      Parameter.continuous("a", 0, 1, Parameter.Scale.LINEAR),
      Parameter.continuous("b", 0, 1, Parameter.Scale.LINEAR)));
  private static final Map<String, Object> SMALL_BNN = Map.of("hidden", 2, "width", 16, "networks", 20, "thin", 1,
      "burn_in", 30, "leapfrog", 10, "pretrain_epochs", 100, "batch_size", 64);

  private static double radius(double[] x) {
    return Math.hypot(x[0] - 0.5, x[1] - 0.5);
  }

  @Test
  void proposesInTargetAtMeanPlusThreeSigmaAndExploresTheEdge() {
    BnnStrategy s = (BnnStrategy) BnnStrategy.Config.parse(Options.of("strategy", Map.of("name", "bnn", "initial", 400,
        "batch", 200, "candidates", 4000, "model", SMALL_BNN)), SPACE).newStrategy();
    InProcessRun run = new InProcessRun(SPACE, s, x -> radius(x) < 0.25 ? 0 : Double.NaN, 3,
        new ScanContext(null, SPACE, null, 1)).until(3, 100_000);
    List<Evaluation> later = run.history().all().stream().filter(e -> e.point().iteration() > 1).toList();
    List<Evaluation> proposed = later.stream().filter(e -> e.point().origin().equals("proposed")).toList();
    List<Evaluation> uncertain = later.stream().filter(e -> e.point().origin().equals("uncertain")).toList();
    assertEquals(2 * Math.round(0.2 * 180), uncertain.size(), "explore: 0.2 of the learned 180 of each batch");
    double inside = proposed.stream().filter(Evaluation::inTarget).count() / (double) proposed.size();
    assertTrue(inside > 0.6, "in-target share of the proposed points " + inside + " (the disc covers 0.20)");
    double near = uncertain.stream().filter(e -> Math.abs(radius(e.point().values()) - 0.25) < 0.08).count()
        / (double) uncertain.size();
    assertTrue(near > 0.7, "share of the explored points near the edge " + near);
    double passing = s.metrics(3).get("pool_passing_share");
    assertTrue(passing > 0.2 && passing < 0.6, "share of the pool passing mean + 3 sigma " + passing);
  }

  @Test
  void aModelWithoutAStdIsRefused() {
    ConfigException e = assertThrows(ConfigException.class, () -> BnnStrategy.Config.parse(Options.of("strategy",
        Map.of("name", "bnn", "model", Map.of("type", "mlp"))), SPACE));
    assertTrue(e.getMessage().contains("strategy.model"), e.getMessage());
  }
}
