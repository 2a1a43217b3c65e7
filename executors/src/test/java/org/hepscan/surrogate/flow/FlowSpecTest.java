package org.hepscan.surrogate.flow;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.SplittableRandom;
import org.hepscan.config.ConfigException;
import org.hepscan.config.Options;
import org.hepscan.surrogate.Surrogate;
import org.hepscan.surrogate.SurrogateCatalog;
import org.hepscan.surrogate.Task;
import org.hepscan.surrogate.TrainingSet;
import org.hepscan.training.TrainingSpec;
import org.junit.jupiter.api.Test;

/**
 * {@code model: {type: flow}}: read from a section with the paper's defaults and clear errors,
 * trained (here, without Spark) on unit-cube points, a normalised density on the cube whose
 * samples never leave it, and back from its bytes the same model, as every saved model is.
 */
class FlowSpecTest {

  private static FlowSpec parse(Map<String, Object> section, Task task) {
    return FlowSpec.parse(Options.of("strategy.model", section), task, TrainingSpec.defaults());
  }

  @Test
  void readsTheSectionWithThePapersDefaultsAndNamesWhatIsWrong() {
    FlowSpec spec = parse(Map.of("type", "flow"), Task.DENSITY);
    assertEquals(FlowDensity.Spec.paper().withUnitCube(true), spec.flow());
    assertEquals(30, parse(Map.of("patience", 30), Task.DENSITY).flow().patience());
    assertEquals("flow", spec.describe().get("type"));
    assertEquals(5, parse(Map.of("type", "flow", "transforms", 5), Task.DENSITY).flow().transforms());

    ConfigException bins = assertThrows(ConfigException.class, () -> parse(Map.of("bins", 1), Task.DENSITY));
    assertTrue(bins.getMessage().contains("strategy.model.bins"), bins.getMessage());
    ConfigException unknown = assertThrows(ConfigException.class, () -> parse(Map.of("layers", 3), Task.DENSITY));
    assertTrue(unknown.getMessage().contains("layers"), unknown.getMessage());
    ConfigException task = assertThrows(ConfigException.class,
        () -> SurrogateCatalog.parse(Options.of("strategy.model", Map.of("type", "flow")), Task.CLASSIFICATION));
    assertTrue(task.getMessage().contains("strategy.model.type") && task.getMessage().contains("density"), task.getMessage());
  }

  /** Points in the unit square piled against the wall x = 0 and spread along a band in y: the logit's case. */
  private static double[][] wallPoints(int n, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    double[][] x = new double[n][];
    for (int i = 0; i < n; i++) {
      double a = rng.nextDouble();
      x[i] = new double[] {a * a * a, 0.3 + 0.4 * rng.nextDouble()};
    }
    return x;
  }

  @Test
  void learnsAUnitCubeDensitySamplesInsideAndComesBackFromItsBytes() {
    FlowSpec spec = parse(Map.of("epochs", 60, "batch_size", 256, "hidden", 32), Task.DENSITY);
    try (Surrogate s = spec.fit(null, TrainingSet.density(wallPoints(3000, 1), null), 11, null, 0)) {
      FlowDensity flow = (FlowDensity) s;
      // normalised over the cube: the mean of q over uniform points is the integral of q
      SplittableRandom rng = new SplittableRandom(5);
      double[][] u = new double[40_000][];
      for (int i = 0; i < u.length; i++) {
        u[i] = new double[] {rng.nextDouble(), rng.nextDouble()};
      }
      double integral = 0;
      for (double lp : flow.logDensity(u)) {
        integral += Math.exp(lp) / u.length;
      }
      assertEquals(1.0, integral, 0.15, "integral of the density over the unit square");

      double[][] drawn = flow.sample(5000, new SplittableRandom(3));
      double band = 0;
      double nearWall = 0;
      for (double[] p : drawn) {
        assertTrue(p[0] >= 0 && p[0] <= 1 && p[1] >= 0 && p[1] <= 1, "sample outside the cube: " + p[0] + ", " + p[1]);
        band += p[1] > 0.28 && p[1] < 0.72 ? 1 : 0;
        nearWall += p[0] < 0.125 ? 1 : 0; // a^3 < 1/8 for half of the points
      }
      assertTrue(band / drawn.length > 0.9, "share of samples in the band " + band / drawn.length);
      assertEquals(0.5, nearWall / drawn.length, 0.08, "share of samples with x < 1/8");
      assertEquals(0, flow.nonFinite());

      byte[] bytes = s.toBytes();
      try (Surrogate back = SurrogateCatalog.load("flow", bytes)) {
        double[][] test = wallPoints(50, 9);
        assertArrayEquals(flow.logDensity(test), ((FlowDensity) back).logDensity(test), 0.0);
        assertArrayEquals(flow.predict(test).column(0), back.predict(test).column(0), 0.0);
        assertEquals(3000, ((Number) back.provenance().get("rows")).intValue());
        assertEquals(11L, ((Number) back.provenance().get("seed")).longValue());
        assertEquals("cpu", back.provenance().get("device"));
        assertArrayEquals(flow.sample(10, new SplittableRandom(1)), ((FlowDensity) back).sample(10, new SplittableRandom(1)));
      }
    }
  }

  /** patience: a held-out share ends the training once it stops improving, and the best epoch's weights are kept. */
  @Test
  void patienceStopsOnTheHeldOutPointsAndKeepsTheBestEpoch() {
    FlowSpec spec = parse(Map.of("epochs", 400, "batch_size", 256, "hidden", 16, "patience", 3), Task.DENSITY);
    try (Surrogate s = spec.fit(null, TrainingSet.density(wallPoints(2000, 2), null), 5, null, 0)) {
      Map<String, Object> p = s.provenance();
      int run = ((Number) p.get("epochs_run")).intValue();
      int best = ((Number) p.get("best_epoch")).intValue();
      assertTrue(run < 400, "a 2-D density of 2,000 points stops improving long before 400 epochs: " + p);
      assertEquals(3, run - best, p.toString());
      assertTrue(Double.isFinite(((Number) p.get("validation_loss")).doubleValue()), p.toString());
    }
  }
}
