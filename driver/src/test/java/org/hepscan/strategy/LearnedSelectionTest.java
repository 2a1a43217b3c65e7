package org.hepscan.strategy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.spark.sql.SparkSession;
import org.hepscan.config.ConfigException;
import org.hepscan.config.Options;
import org.hepscan.oracle.Evaluation;
import org.hepscan.oracle.Point;
import org.hepscan.scan.SparkSessions;
import org.hepscan.space.Parameter;
import org.hepscan.space.ParameterSpace;
import org.hepscan.strategy.api.History;
import org.hepscan.strategy.api.Proposal;
import org.hepscan.strategy.api.ScanContext;
import org.hepscan.strategy.api.Strategy;
import org.hepscan.surrogate.MlpEnsemble;
import org.hepscan.surrogate.Prediction;
import org.hepscan.surrogate.Surrogate;
import org.hepscan.target.Constraint;
import org.hepscan.target.Target;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The learned strategies pick the shares they promise, judged by their own trained models:
 * dnnr 90 % predicted inside and 10 % random; dnnc 10 % random, SMOTE points while the
 * in-target class is the minority, and the rest split at 0.75 as configured.
 */
class LearnedSelectionTest {
  static SparkSession spark;
  static final ParameterSpace SPACE = new ParameterSpace(List.of(
      Parameter.continuous("x1", -2, 2, Parameter.Scale.LINEAR), Parameter.continuous("x2", -2, 2, Parameter.Scale.LINEAR)));
  static final Target TARGET = new Target(List.of(Constraint.Gaussian.withinSigma("O", 2, 0.1, 2)));

  @BeforeAll
  static void start() {
    spark = SparkSessions.start("local[2]", "strategy tests", Map.of("spark.ui.enabled", "false"));
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  /** A history of {@code n} uniform points of the 2-D shell, judged by the target. */
  static History history(int n, long seed) {
    return history(n, seed, 0);
  }

  /** As {@link #history(int, long)}, with a share of the points placed on the target ring (as a scan that found it would have). */
  static History history(int n, long seed, double onRing) {
    History h = new History(SPACE);
    SplittableRandom rng = new SplittableRandom(seed);
    List<Evaluation> rows = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      double[] x = {-2 + 4 * rng.nextDouble(), -2 + 4 * rng.nextDouble()};
      if (rng.nextDouble() < onRing) {
        double phi = 2 * Math.PI * rng.nextDouble();
        double r = Math.sqrt(2 + 0.3 * (rng.nextDouble() - 0.5));
        x = new double[] {r * Math.cos(phi), r * Math.sin(phi)};
      }
      Point p = new Point(i + 1, 1, "random", x);
      rows.add(TARGET.apply(Evaluation.ok(p, Map.of("O", x[0] * x[0] + x[1] * x[1]))));
    }
    h.add(1, rows);
    return h;
  }

  static <S extends Strategy> S trained(S s, History h) {
    s.start(new ScanContext(spark, SPACE, TARGET, 1));
    s.learn(h, new SplittableRandom(2));
    return s;
  }

  static Options options(String yaml) {
    return Options.of("strategy", new org.yaml.snakeyaml.Yaml().load(yaml));
  }

  static double[] predict(Strategy s, String model, List<Proposal> ps, int output) {
    double[][] u = ps.stream().map(Proposal::unit).toArray(double[][]::new);
    return s.models().get(model).model().predict(u).column(output);
  }

  @Test
  void dnnrSendsNinetyPercentPredictedInsideAndTenPercentRandom() {
    History h = history(600, 3);
    DnnrStrategy s = trained((DnnrStrategy) DnnrStrategy.Config.parse(options(
        "{name: dnnr, batch: 200, candidates: 20000, model: {hidden: [32, 32], epochs: 150, batch_size: 64}}"), SPACE).newStrategy(), h);
    List<Proposal> ps = s.propose(h, 2, 200, new SplittableRandom(4));
    assertEquals(200, ps.size());
    assertEquals(20, ps.stream().filter(p -> p.origin().equals("random")).count(), "10 % random");
    List<Proposal> proposed = ps.stream().filter(p -> p.origin().equals("proposed")).toList();
    assertEquals(180, proposed.size());
    double[] o = predict(s, "regressor", proposed, 0);
    for (double v : o) {
      assertTrue(Math.abs(v - 2) < 0.2, "every proposed point is predicted inside the 2-sigma window: O-hat = " + v);
    }
  }

  @Test
  void dnncSplitsTheBatchAsConfiguredWithSmoteWhileInTargetIsTheMinority() {
    History h = history(600, 5, 0.35);
    long inside = h.inTarget();
    assertTrue(inside >= 2 && inside <= 255, "in-target is the minority, 45 short of half: " + inside);
    DnncStrategy s = trained((DnncStrategy) DnncStrategy.Config.parse(options(
        "{name: dnnc, batch: 200, candidates: 20000, inside_share: 0.5, smote: {neighbours: 3, share: 0.25, below: 0.5},"
            + " model: {hidden: [32, 32], epochs: 300, batch_size: 64}}"), SPACE).newStrategy(), h);
    List<Proposal> ps = s.propose(h, 2, 200, new SplittableRandom(6));
    assertEquals(200, ps.size());
    assertEquals(20, count(ps, "random"), "10 % random");
    assertEquals(45, count(ps, "smote"), "a quarter of the 180 learned points are SMOTE points");
    List<Proposal> proposed = ps.stream().filter(p -> p.origin().equals("proposed")).toList();
    assertEquals(135, proposed.size());
    double[] p = predict(s, "classifier", proposed, 0);
    long above = java.util.Arrays.stream(p).filter(v -> v >= 0.75).count();
    // half of the 135 (68) drawn above 0.75, the rest below it; a pool with too few above fills from the best
    assertEquals(68, above, "predicted-inside share; probabilities " + java.util.Arrays.toString(p));
    assertEquals(45.0, s.metrics(2).get("smote_points"));

    // inside: sparse changes which predicted-inside candidates are drawn, not how many
    DnncStrategy sparse = trained((DnncStrategy) DnncStrategy.Config.parse(options(
        "{name: dnnc, batch: 200, candidates: 20000, inside_share: 0.5, inside: sparse, smote: {neighbours: 3, share: 0.25, below: 0.5},"
            + " model: {hidden: [32, 32], epochs: 300, batch_size: 64}}"), SPACE).newStrategy(), h);
    List<Proposal> sp = sparse.propose(h, 2, 200, new SplittableRandom(6));
    assertEquals(20, count(sp, "random"));
    assertEquals(45, count(sp, "smote"));
    List<Proposal> sparseProposed = sp.stream().filter(q -> q.origin().equals("proposed")).toList();
    assertEquals(135, sparseProposed.size());
    assertEquals(68, java.util.Arrays.stream(predict(sparse, "classifier", sparseProposed, 0)).filter(v -> v >= 0.75).count(),
        "predicted-inside share with inside: sparse");

    // once in-target points are no longer rare (here: below 5 % of the points), no SMOTE
    DnncStrategy rare = trained((DnncStrategy) DnncStrategy.Config.parse(options(
        "{name: dnnc, batch: 200, candidates: 20000, smote: {below: 0.05}, model: {hidden: [16], epochs: 20}}"), SPACE).newStrategy(), h);
    assertEquals(0, count(rare.propose(h, 2, 200, new SplittableRandom(6)), "smote"), "no SMOTE above the share");
  }

  @Test
  void undersamplingKeepsAsManyMajorityRowsAsMinorityRows() {
    History h = history(500, 8);
    List<Evaluation> kept = DnncStrategy.undersample(h.all(), new SplittableRandom(9));
    long in = kept.stream().filter(Evaluation::inTarget).count();
    assertEquals(h.inTarget(), in);
    assertEquals(2 * in, kept.size());
  }

  @Test
  void mlsProposesWhereTheReconstructedLikelihoodIsHigh() {
    History h = history(600, 10);
    MlsStrategy s = trained((MlsStrategy) MlsStrategy.Config.parse(options(
        "{name: mls, batch: 100, candidates: 20000, model: {hidden: [32, 32], epochs: 150, batch_size: 64}}"), SPACE).newStrategy(), h);
    List<Proposal> ps = s.propose(h, 2, 100, new SplittableRandom(11));
    assertEquals(10, count(ps, "random"));
    double[] o = predict(s, "regressor", ps.stream().filter(p -> p.origin().equals("proposed")).toList(), 0);
    long near = java.util.Arrays.stream(o).filter(v -> Math.abs(v - 2) < 0.3).count();
    assertTrue(near >= 85, "rejection sampling from L-hat keeps points near O* = 2 (3 sigma): " + near + " of 90");
  }

  @Test
  void dnnrWithAnEnsembleProposesByTheMembersMeanAndResumesFromItsCheckpoint() {
    History h = history(600, 3);
    String yaml = "{name: dnnr, batch: 200, candidates: 20000, training: {device: cpu},"
        + " model: {hidden: [32, 32], epochs: 150, batch_size: 64, ensemble: 3}}";
    DnnrStrategy s = trained((DnnrStrategy) DnnrStrategy.Config.parse(options(yaml), SPACE).newStrategy(), h);
    Surrogate m = s.models().get("regressor").model();
    assertTrue(m instanceof MlpEnsemble, m.getClass().getName());
    assertEquals(3, ((MlpEnsemble) m).members().size());
    List<Proposal> ps = s.propose(h, 2, 200, new SplittableRandom(4));
    assertEquals(20, count(ps, "random"));
    List<Proposal> proposed = ps.stream().filter(p -> p.origin().equals("proposed")).toList();
    Prediction p = m.predict(proposed.stream().map(Proposal::unit).toArray(double[][]::new));
    for (int i = 0; i < proposed.size(); i++) {
      assertTrue(Math.abs(p.mean()[i][0] - 2) < 0.2, "the members' mean is predicted inside: " + p.mean()[i][0]);
      assertTrue(p.std()[i][0] > 0, "and their spread is known");
    }
    // a resumed scan reads the ensemble back from its checkpoint file and proposes the same batch
    DnnrStrategy resumed = (DnnrStrategy) DnnrStrategy.Config.parse(options(yaml), SPACE).newStrategy();
    s.models().forEach((name, t) -> resumed.restoreModel(name, t.model().toBytes()));
    resumed.restore(s.state());
    resumed.start(new ScanContext(spark, SPACE, TARGET, 1));
    List<Proposal> again = resumed.propose(h, 2, 200, new SplittableRandom(4));
    for (int i = 0; i < ps.size(); i++) {
      assertArrayEquals(ps.get(i).unit(), again.get(i).unit(), 0.0);
    }
  }

  @Test
  void aGpuRequestThatTheMasterCannotHonourFailsWhenTheScanStarts() {
    MlsStrategy s = (MlsStrategy) MlsStrategy.Config.parse(options("{name: mls, training: {device: gpu}, model: {hidden: [8]}}"), SPACE).newStrategy();
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> s.start(new ScanContext(spark, SPACE, TARGET, 1)));
    assertTrue(e.getMessage().startsWith("strategy.training.device is gpu, but master local[2] runs every task in the driver JVM"),
        e.getMessage());
  }

  @Test
  void badOptionsNameTheirKey() {
    ConfigException e = assertThrows(ConfigException.class, () -> DnncStrategy.Config.parse(options("{name: dnnc, balance: oversample}"), SPACE));
    assertTrue(e.getMessage().contains("strategy.balance"), e.getMessage());
    e = assertThrows(ConfigException.class, () -> DnnrStrategy.Config.parse(options("{name: dnnr, threshold: 1.5}"), SPACE));
    assertTrue(e.getMessage().contains("strategy.threshold"), e.getMessage());
    e = assertThrows(ConfigException.class, () -> MlsStrategy.Config.parse(options("{name: mls, batch: 100, candidates: 50}"), SPACE));
    assertTrue(e.getMessage().contains("strategy.candidates"), e.getMessage());
    e = assertThrows(ConfigException.class, () -> MlsStrategy.Config.parse(options("{name: mls, model: {loss: bce}}"), SPACE));
    assertTrue(e.getMessage().contains("strategy.model.loss"), e.getMessage());
    e = assertThrows(ConfigException.class, () -> DnncStrategy.Config.parse(options("{name: dnnc, inside: dense}"), SPACE));
    assertTrue(e.getMessage().contains("strategy.inside") && e.getMessage().contains("sparse"), e.getMessage());
    e = assertThrows(ConfigException.class, () -> DnncStrategy.Config.parse(options("{name: dnnc, inside: uniform, inside_weights: {power: 3}}"), SPACE));
    assertTrue(e.getMessage().contains("strategy.inside_weights") && e.getMessage().contains("inside: sparse"), e.getMessage());
    e = assertThrows(ConfigException.class,
        () -> DnncStrategy.Config.parse(options("{name: dnnc, inside: sparse, inside_weights: {cap: 0.2}}"), SPACE));
    assertTrue(e.getMessage().contains("strategy.inside_weights.cap"), e.getMessage());
    e = assertThrows(ConfigException.class, () -> DnnrStrategy.Config.parse(options("{name: dnnr, inside: dense}"), SPACE));
    assertTrue(e.getMessage().contains("strategy.inside"), e.getMessage());
    e = assertThrows(ConfigException.class, () -> MlsStrategy.Config.parse(options("{name: mls, inside: uniform, inside_weights: {power: 3}}"), SPACE));
    assertTrue(e.getMessage().contains("strategy.inside_weights"), e.getMessage());
    e = assertThrows(ConfigException.class, () -> DnncStrategy.Config.parse(options("{name: dnnc, jumps: {centres: top}}"), SPACE));
    assertTrue(e.getMessage().contains("strategy.jumps.centres"), e.getMessage());
    e = assertThrows(ConfigException.class, () -> DnncStrategy.Config.parse(options("{name: dnnc, jumps: {sigma: [0.5, 0.1]}}"), SPACE));
    assertTrue(e.getMessage().contains("strategy.jumps.sigma"), e.getMessage());
  }

  private static long count(List<Proposal> ps, String origin) {
    return ps.stream().filter(p -> p.origin().equals(origin)).count();
  }
}
