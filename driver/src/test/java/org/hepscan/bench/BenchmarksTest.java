package org.hepscan.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.hepscan.oracle.Evaluation;
import org.hepscan.oracle.Oracle;
import org.hepscan.oracle.Point;
import org.hepscan.spec.ScanSpec;
import org.hepscan.spec.SpecException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** benchmarks.yaml: the definitions (checked against the published random efficiencies), the specs it makes, selection and errors. */
class BenchmarksTest {
  private static final Benchmarks ALL = Benchmarks.load();

  @Test
  void theBenchmarksInOrder() {
    assertEquals(List.of("B1", "B2", "B3", "B4", "B7"), ALL.all().stream().map(Benchmark::id).toList());
    assertEquals(List.of("eggbox", "shell-2d", "shell-7d", "cosine-shell", "pmssm-19"), ALL.all().stream().map(Benchmark::name).toList());
  }

  /**
   * The fraction of uniform points in target, by the benchmark's own spec (its oracle, parameter
   * ranges and constraints), against the published random efficiencies. 200000 points; the
   * tolerance is about 4 binomial standard deviations.
   */
  @ParameterizedTest(name = "{0}: random efficiency {1}")
  @CsvSource({"B1, 0.0885, 0.0027", "B2, 0.0786, 0.0025", "B3, 0.0023, 0.0005", "B4, 0.0331, 0.0017"})
  void randomEfficiencyMatchesThePublishedFigure(String id, double expected, double tolerance) throws Exception {
    ScanSpec spec = ALL.select(id).get(0).spec("random", 1, Mode.FULL, "unused");
    SplittableRandom rng = new SplittableRandom(2024);
    int n = 200_000;
    int in = 0;
    try (Oracle oracle = spec.oracle().factory().create()) {
      for (int i = 0; i < n; i++) {
        double[] u = new double[spec.space().dimension()];
        for (int d = 0; d < u.length; d++) {
          u[d] = rng.nextDouble();
        }
        Evaluation e = spec.target().apply(oracle.evaluate(new Point(i + 1, 1, "random", spec.space().toPhysical(u)), null));
        in += e.inTarget() ? 1 : 0;
      }
    }
    assertEquals(expected, (double) in / n, tolerance, id);
  }

  @Test
  void everyStrategySectionMakesAValidSpecInBothModes() {
    for (Benchmark b : ALL.all()) {
      for (String s : b.strategies().keySet()) {
        for (Mode m : List.of(Mode.FULL, Mode.SMOKE)) {
          ScanSpec spec = b.spec(s, 7, m, "/tmp/unused");
          assertEquals(BenchRunner.strategyOf(b, s), spec.strategyName());
          assertEquals(7, spec.seed());
          assertEquals("/tmp/unused", spec.output());
          if (m.smoke()) {
            long cap = spec.stop().maxEvaluations();
            assertTrue(cap > 0 && cap <= 1000, b.id() + " smoke runs a few hundred calls, not " + cap);
          }
        }
      }
    }
  }

  @Test
  void theStopRulesAndCallCountsOfTheIssue() {
    assertEquals(30000, ALL.select("B1").get(0).spec("random", 1, Mode.FULL, "x").stop().maxEvaluations());
    assertEquals(List.of(3000L, 30000L), ALL.select("eggbox").get(0).efficiencyAt(Mode.FULL));
    assertEquals(List.of("eff@3000", "eff@30000", "rings@3000", "rings@30000", "rings imbalance", "ks p min", "nn cov"), ALL.select("B1").get(0).columns(Mode.FULL));
    assertEquals(List.of(1000L), ALL.select("B2").get(0).efficiencyAt(Mode.FULL));
    assertEquals(List.of(1000L), ALL.select("B3").get(0).efficiencyAt(Mode.FULL));
    ScanSpec b4 = ALL.select("B4").get(0).spec("random", 1, Mode.FULL, "x");
    assertEquals(20000, b4.stop().targetPoints());
    assertEquals(200000, b4.stop().maxEvaluations());
    assertEquals(List.of("eff@5000", "eff@10000", "regions", "coverage dev", "ks p min", "nn cov"), ALL.select("B4").get(0).columns(Mode.FULL));
    assertTrue(b4.document().text().contains("batch: 500"), b4.document().text());
  }

  @Test
  void smokeOverridesAndCallsScale() {
    Benchmark b1 = ALL.select("B1").get(0);
    assertEquals(100L, ((Number) b1.strategySection("random", Mode.SMOKE).get("batch")).longValue());
    assertEquals(1000L, ((Number) b1.strategySection("random", Mode.FULL).get("batch")).longValue());
    assertTrue(!b1.strategySection("random", Mode.FULL).containsKey("smoke"));
    Mode tenth = new Mode(false, 0.1);
    assertEquals(List.of(300L, 3000L), b1.efficiencyAt(tenth));
    assertEquals(3000L, ((Number) b1.stop(tenth).get("max_evaluations")).longValue());
  }

  @Test
  void selectionByIdOrNameAndErrorsThatListWhatExists() {
    assertEquals(List.of("B3", "B1"), ALL.select("shell-7d, b1").stream().map(Benchmark::id).toList());
    assertEquals(5, ALL.select("all").size());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ALL.select("B2,B9"));
    assertTrue(e.getMessage().contains("'B9'") && e.getMessage().contains("B4 (cosine-shell)"), e.getMessage());
  }

  @Test
  void planRefusesUnknownStrategiesAndMissingSections() {
    List<Benchmark> b2 = ALL.select("B2");
    IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
        () -> BenchRunner.plan(b2, List.of("random", "nosuch"), List.of(1L), Mode.SMOKE, "out", new ArrayList<>()));
    assertTrue(unknown.getMessage().contains("unknown strategy 'nosuch'") && unknown.getMessage().contains("random, mcmc"),
        unknown.getMessage());

    Benchmarks custom = Benchmarks.parse("custom.yaml", """
        X1:
          name: tiny
          spec:
            parameters: {x1: [0, 1]}
            oracle: {builtin: shell}
            stop: {max_evaluations: 10}
          smoke: {stop: {max_evaluations: 5}}
          strategies:
            random: {batch: 5}
        """);
    IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
        () -> BenchRunner.plan(custom.all(), List.of("mcmc"), List.of(1L), Mode.SMOKE, "out", new ArrayList<>()));
    assertTrue(missing.getMessage().contains("X1 (tiny) has no section for strategy 'mcmc'")
        && missing.getMessage().contains("it has: random"), missing.getMessage());

    List<BenchRunner.Run> runs = BenchRunner.plan(custom.all(), null, List.of(1L, 2L), Mode.SMOKE, "out/", new ArrayList<>());
    assertEquals(List.of("out/runs/X1/random/seed-1", "out/runs/X1/random/seed-2"), runs.stream().map(BenchRunner.Run::output).toList());
    assertEquals(5, runs.get(0).spec().stop().maxEvaluations());
  }

  @Test
  void aBadBenchmarkFileNamesThePathAndLine() {
    SpecException e = assertThrows(SpecException.class, () -> Benchmarks.parse("bad.yaml", """
        X1:
          name: tiny
          spec:
            seed: 3
            parameters: {x1: [0, 1]}
            stop: {max_evaluations: 10}
          smoke: {stop: {max_evaluations: 5}}
        """));
    assertTrue(e.getMessage().contains("bad.yaml:4") && e.getMessage().contains("X1.spec.seed"), e.getMessage());
  }
}
