package org.hepscan.strategy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.hepscan.config.ConfigException;
import org.hepscan.config.Options;
import org.hepscan.oracle.Evaluation;
import org.hepscan.oracle.Point;
import org.hepscan.space.Parameter;
import org.hepscan.space.ParameterSpace;
import org.hepscan.strategy.api.History;
import org.hepscan.strategy.api.Proposal;
import org.hepscan.strategy.api.ScanContext;
import org.junit.jupiter.api.Test;

/**
 * Why the flow weighs its rows: a batch proposed four times as densely on the left half of
 * a square as on the right finds four times as many points there, though the target (the
 * whole square) is even. A flow trained on those rows as they are learns the proposal's
 * imbalance and would pass it on to the next batch; weighted by 1/q it learns the even
 * target. Without Spark: the flow trains in this JVM.
 */
class FlowStrategyTest {
  private static final ParameterSpace SPACE = new ParameterSpace(List.of(
      Parameter.continuous("a", 0, 1, Parameter.Scale.LINEAR),
      Parameter.continuous("b", 0, 1, Parameter.Scale.LINEAR)));

  private static FlowStrategy flow(boolean reweight, double cap, int minPoints) {
    return (FlowStrategy) FlowStrategy.Config.parse(Options.of("strategy", Map.of("name", "flow", "random_fraction", 0.0,
        "reweight", reweight, "density_cap", cap, "min_points", minPoints,
        "model", Map.of("epochs", 40, "batch_size", 256, "hidden", 32))), SPACE).newStrategy();
  }

  /** Share of the flow's next batch with a < 1/2, after learning the lopsided batch. */
  private static double leftShare(boolean reweight, double cap) {
    SplittableRandom rng = new SplittableRandom(3);
    History h = new History(SPACE);
    List<Evaluation> batch = new ArrayList<>();
    ArrayNode logQ = JsonNodeFactory.instance.arrayNode();
    for (int i = 0; i < 2000; i++) {
      // q = 1.6 on the left half, 0.4 on the right: 80 % of the draws land left
      boolean left = rng.nextDouble() < 0.8;
      double a = left ? 0.5 * rng.nextDouble() : 0.5 + 0.5 * rng.nextDouble();
      Point p = new Point(i + 1, 1, "flow", new double[] {a, rng.nextDouble()});
      batch.add(Evaluation.ok(p, Map.of()).withTarget(0, true));
      logQ.add(Math.log(left ? 1.6 : 0.4));
    }
    h.add(1, batch);
    FlowStrategy s = flow(reweight, cap, 10);
    ObjectNode state = JsonNodeFactory.instance.objectNode();
    state.putObject("log_q").set("1", logQ);
    s.restore(state);
    s.start(new ScanContext(null, SPACE, null, 1));
    s.learn(h, new SplittableRandom(5));
    List<Proposal> next = s.propose(h, 2, 4000, new SplittableRandom(7));
    long left = next.stream().filter(p -> p.unit()[0] < 0.5).count();
    return (double) left / next.size();
  }

  @Test
  void weightsByTheProposalDensityLearnTheEvenTargetNotTheLopsidedProposal() {
    double weighted = leftShare(true, 1);
    double unweighted = leftShare(false, 1);
    assertEquals(0.5, weighted, 0.06, "left share of the next batch, rows weighted by 1/q");
    assertEquals(0.8, unweighted, 0.06, "left share of the next batch, rows as they are (the paper's rule)");
  }

  /**
   * The cap flattens a lopsided flow: trained on the rows as they are it has 1.6 left and
   * 0.4 right; capped at its 10th percentile (which lies on the right, 20 % of the draws),
   * the left draws are kept a quarter of the time and the batch is even again.
   */
  @Test
  void aCappedFlowSendsAnEvenBatchWhereItsDensityIsAboveTheCap() {
    assertEquals(0.5, leftShare(false, 0.1), 0.06, "left share of the next batch of the unweighted flow capped at its 10 % quantile");
  }

  @Test
  void drawsUniformlyUntilEnoughPointsAreInTargetAndRefusesAnotherModelType() {
    FlowStrategy s = flow(true, 0.5, 100);
    s.start(new ScanContext(null, SPACE, null, 1));
    History h = new History(SPACE);
    List<Evaluation> batch = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      batch.add(Evaluation.ok(new Point(i + 1, 1, "random", new double[] {0.1, 0.1}), Map.of()).withTarget(0, true));
    }
    h.add(1, batch);
    s.learn(h, new SplittableRandom(1));
    assertTrue(s.models().isEmpty(), "no flow of 50 in-target points when min_points is 100");
    assertTrue(s.propose(h, 2, 10, new SplittableRandom(1)).stream().allMatch(p -> p.origin().equals("random")));

    ConfigException e = assertThrows(ConfigException.class, () -> FlowStrategy.Config.parse(Options.of("strategy",
        Map.of("name", "flow", "model", Map.of("type", "mlp"))), SPACE));
    assertTrue(e.getMessage().contains("strategy.model.type"), e.getMessage());
  }
}
