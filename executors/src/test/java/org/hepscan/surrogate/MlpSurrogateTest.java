package org.hepscan.surrogate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.ToDoubleFunction;
import org.hepscan.config.ConfigException;
import org.hepscan.config.Options;
import org.junit.jupiter.api.Test;

/** The MLP on its own, without Spark: what it learns, how it travels, how it is configured. */
class MlpSurrogateTest {

  static double[][] cube(int n, int d, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    double[][] x = new double[n][d];
    for (double[] row : x) {
      for (int j = 0; j < d; j++) {
        row[j] = r.nextDouble();
      }
    }
    return x;
  }

  static double[] apply(double[][] x, ToDoubleFunction<double[]> f) {
    double[] y = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      y[i] = f.applyAsDouble(x[i]);
    }
    return y;
  }

  static double mse(double[] a, double[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += (a[i] - b[i]) * (a[i] - b[i]);
    }
    return s / a.length;
  }

  static final ToDoubleFunction<double[]> BOWL = p -> p[0] * p[0] + p[1] * p[1];

  /** A small, quick network: the test is about the code, the papers' 4x100 is the default. */
  static MlpSpec.Builder small(Task task) {
    return MlpSpec.builder(task).hidden(32, 32).batchSize(32).learningRate(0.01).device("cpu");
  }

  @Test
  void learnsABowlToSmallError() {
    double[][] x = cube(500, 2, 1);
    MlpSpec spec = small(Task.REGRESSION).epochs(150).build();
    try (MlpSurrogate m = spec.train(TrainingSet.of(x, apply(x, BOWL), Task.REGRESSION), 7, null, 0)) {
      double[][] test = cube(2000, 2, 2);
      double err = mse(m.predict(test).column(0), apply(test, BOWL));
      // y spans [0, 2] with variance about 0.18: an MSE below 2e-3 is R^2 > 0.99.
      assertTrue(err < 2e-3, "test MSE " + err);
      assertEquals(500, m.provenance().get("rows"));
      assertEquals(150, m.provenance().get("epochs"));
      assertTrue(((Number) m.provenance().get("final_loss")).doubleValue() < 1e-2, m.provenance().toString());
    }
  }

  @Test
  void learnsTwoOutputsAtOnce() {
    double[][] x = cube(500, 2, 3);
    double[][] y = new double[x.length][];
    for (int i = 0; i < x.length; i++) {
      // Different scales: standardizing each target is what lets one network fit both.
      y[i] = new double[] {BOWL.applyAsDouble(x[i]), 100 * Math.sin(3 * x[i][0]) - 50 * x[i][1]};
    }
    MlpSpec spec = small(Task.REGRESSION).epochs(150).build();
    try (MlpSurrogate m = spec.train(new TrainingSet(x, y, Task.REGRESSION), 7, null, 0)) {
      assertEquals(2, m.outputs());
      double[][] test = cube(2000, 2, 4);
      Prediction p = m.predict(test);
      double e0 = mse(p.column(0), apply(test, BOWL));
      double e1 = mse(p.column(1), apply(test, q -> 100 * Math.sin(3 * q[0]) - 50 * q[1]));
      assertTrue(e0 < 5e-3, "output 0 MSE " + e0);
      // output 1 has variance about 1000: an MSE below 10 is R^2 > 0.99.
      assertTrue(e1 < 10, "output 1 MSE " + e1);
    }
  }

  @Test
  void classifierSeparatesACircle() {
    ToDoubleFunction<double[]> inside = p -> (p[0] - 0.5) * (p[0] - 0.5) + (p[1] - 0.5) * (p[1] - 0.5) < 0.1 ? 1 : 0;
    double[][] x = cube(800, 2, 5);
    MlpSpec spec = small(Task.CLASSIFICATION).epochs(100).build();
    assertEquals("bce", spec.loss());
    assertEquals("sigmoid", spec.output());
    try (MlpSurrogate m = spec.train(TrainingSet.of(x, apply(x, inside), Task.CLASSIFICATION), 11, null, 0)) {
      double[][] test = cube(4000, 2, 6);
      double[] p = m.predict(test).column(0);
      double[] truth = apply(test, inside);
      int right = 0;
      for (int i = 0; i < p.length; i++) {
        assertTrue(p[i] >= 0 && p[i] <= 1, "a probability: " + p[i]);
        if ((p[i] > 0.5 ? 1 : 0) == truth[i]) {
          right++;
        }
      }
      double acc = right / (double) p.length;
      assertTrue(acc >= 0.9, "accuracy " + acc);
    }
  }

  @Test
  void bytesRoundTripGivesIdenticalPredictionsScalingAndSpec() {
    double[][] x = cube(200, 3, 8);
    double[] y = apply(x, p -> 1000 + 300 * p[0] - 20 * p[2]);
    MlpSpec spec = small(Task.REGRESSION).epochs(5).activation("tanh").build();
    try (MlpSurrogate m = spec.train(TrainingSet.of(x, y, Task.REGRESSION), 3, null, 0);
        Surrogate back = spec.load(m.toBytes())) {
      double[][] test = cube(5000, 3, 9);
      assertArrayEquals(m.predict(test).column(0), back.predict(test).column(0), 0.0);
      assertEquals(m.provenance(), back.provenance());
      assertEquals(spec, ((MlpSurrogate) back).spec());
      assertEquals(Task.REGRESSION, back.task());
      assertEquals(3, back.inputs());
    }
  }

  @Test
  void sameSeedSamePredictionsOtherSeedOthers() {
    double[][] x = cube(300, 2, 10);
    TrainingSet data = TrainingSet.of(x, apply(x, BOWL), Task.REGRESSION);
    MlpSpec spec = small(Task.REGRESSION).epochs(10).dropout(0.1).build();
    double[][] test = cube(500, 2, 11);
    try (MlpSurrogate a = spec.train(data, 42, null, 0);
        MlpSurrogate b = spec.train(data, 42, null, 0);
        MlpSurrogate c = spec.train(data, 43, null, 0)) {
      double[] pa = a.predict(test).column(0);
      assertArrayEquals(pa, b.predict(test).column(0), 0.0);
      assertTrue(mse(pa, c.predict(test).column(0)) > 0, "another seed, another model");
    }
  }

  @Test
  void warmStartContinuesFromTheGivenWeights() {
    double[][] x = cube(500, 2, 12);
    TrainingSet data = TrainingSet.of(x, apply(x, BOWL), Task.REGRESSION);
    MlpSpec spec = small(Task.REGRESSION).epochs(60).build();
    double[][] test = cube(2000, 2, 13);
    double[] truth = apply(test, BOWL);
    try (MlpSurrogate first = spec.train(data, 1, null, 0);
        MlpSurrogate warm = spec.train(data, 2, first, 3);
        MlpSurrogate fresh = spec.train(data, 2, null, 3)) {
      double eFirst = mse(first.predict(test).column(0), truth);
      double eWarm = mse(warm.predict(test).column(0), truth);
      double eFresh = mse(fresh.predict(test).column(0), truth);
      assertTrue(eWarm < eFresh / 3, "warm " + eWarm + " fresh " + eFresh);
      assertTrue(eWarm < 3 * eFirst + 1e-3, "warm " + eWarm + " first " + eFirst);
      assertEquals(true, warm.provenance().get("warm_start"));
      assertEquals(63L, warm.provenance().get("total_epochs"));
      assertArrayEquals(first.scaling()[1], warm.scaling()[1], 0.0);
    }
  }

  @Test
  void gradientMatchesFiniteDifferencesThroughTheScaling() {
    double[][] x = cube(300, 3, 14);
    double[][] y = new double[x.length][];
    for (int i = 0; i < x.length; i++) {
      y[i] = new double[] {BOWL.applyAsDouble(x[i]), 500 * x[i][2] * x[i][0] + 7};
    }
    MlpSpec spec = small(Task.REGRESSION).epochs(20).activation("tanh").build();
    try (MlpSurrogate m = spec.train(new TrainingSet(x, y, Task.REGRESSION), 5, null, 0)) {
      checkGradient(m, cube(20, 3, 15), 1);
      checkGradient(m, cube(20, 3, 16), 0);
    }
    // Through the output sigmoid of a classifier too.
    double[] labels = apply(x, p -> p[0] + p[1] > 1 ? 1 : 0);
    try (MlpSurrogate c = small(Task.CLASSIFICATION).epochs(10).activation("tanh").build()
        .train(TrainingSet.of(x, labels, Task.CLASSIFICATION), 5, null, 0)) {
      checkGradient(c, cube(20, 3, 17), 0);
    }
  }

  /** Central differences in double: float32 rounding of the network limits them to about 1e-3 relative. */
  private static void checkGradient(MlpSurrogate m, double[][] pts, int o) {
    double[][] g = m.gradient(pts, o);
    double h = 1e-3;
    for (int i = 0; i < pts.length; i++) {
      double[] fd = new double[pts[i].length];
      double scale = 0;
      for (int j = 0; j < fd.length; j++) {
        double[] up = pts[i].clone();
        double[] dn = pts[i].clone();
        up[j] += h;
        dn[j] -= h;
        fd[j] = (m.predict(new double[][] {up}).mean()[0][o] - m.predict(new double[][] {dn}).mean()[0][o]) / (2 * h);
        scale = Math.max(scale, Math.abs(fd[j]));
      }
      for (int j = 0; j < fd.length; j++) {
        assertEquals(fd[j], g[i][j], 0.02 * scale + 1e-4, "row " + i + " input " + j + " output " + o + " fd " + java.util.Arrays.toString(fd) + " g " + java.util.Arrays.toString(g[i]) + " at " + java.util.Arrays.toString(pts[i]));
      }
    }
  }

  // ---- configuration ---------------------------------------------------------------

  private static Options model(Map<String, Object> m) {
    return Options.of("strategy.model", m);
  }

  @Test
  void defaultsAreThePapers() {
    MlpSpec r = MlpSpec.parse(model(Map.of("type", "mlp")), Task.REGRESSION);
    assertArrayEquals(new int[] {100, 100, 100, 100}, r.hidden());
    assertEquals("relu", r.activation());
    assertEquals("linear", r.output());
    assertEquals("mse", r.loss());
    assertEquals(1e-3, r.learningRate());
    assertEquals(0.9, r.beta1());
    assertEquals(0.999, r.beta2());
    assertEquals(1000, r.epochs());
    assertEquals(0, r.batchSize());
    assertEquals(32, r.batchSizeFor(100));
    assertEquals(125, r.batchSizeFor(1000));
    assertEquals(128, r.batchSizeFor(50_000));
    assertTrue(r.standardize());
    assertEquals("auto", r.device());
    MlpSpec c = MlpSpec.parse(model(Map.of()), Task.CLASSIFICATION);
    assertEquals("sigmoid", c.output());
    assertEquals("bce", c.loss());
    MlpSpec s = MlpSpec.parse(model(Map.of("hidden", List.of(50, 20), "activation", "gelu", "dropout", 0.2,
        "batch_norm", true, "loss", "mae", "epochs", 30, "batch_size", 64, "standardize", false, "ensemble", 3)),
        Task.REGRESSION);
    assertArrayEquals(new int[] {50, 20}, s.hidden());
    assertEquals("gelu", s.activation());
    assertEquals("mae", s.loss());
    assertEquals(64, s.batchSize());
    assertEquals(64, s.batchSizeFor(100));
    assertEquals(3, s.ensemble());
    assertEquals(1, r.ensemble());
  }

  @Test
  void badOptionsNameTheirKey() {
    assertKey("strategy.model.loss", Map.of("loss", "bce"), Task.REGRESSION);
    assertKey("strategy.model.hidden", Map.of("hidden", List.of()), Task.REGRESSION);
    assertKey("strategy.model.hidden[1]", Map.of("hidden", List.of(10, -3)), Task.REGRESSION);
    assertKey("strategy.model.dropout", Map.of("dropout", 1.5), Task.REGRESSION);
    assertKey("strategy.model.activation", Map.of("activation", "swish-ish"), Task.REGRESSION);
    assertKey("strategy.model.epochs", Map.of("epochs", 0), Task.REGRESSION);
    assertKey("strategy.model.output", Map.of("output", "linear"), Task.CLASSIFICATION);
    assertKey("strategy.model.learning_rate", Map.of("learning_rate", "fast"), Task.REGRESSION);
    assertKey("strategy.model.layers", Map.of("layers", 3), Task.REGRESSION);
    assertKey("strategy.model.ensemble", Map.of("ensemble", 0), Task.REGRESSION);
    // The device is the strategy's training section's, for all its models.
    ConfigException moved = assertThrows(ConfigException.class, () -> MlpSpec.parse(model(Map.of("device", "cpu")), Task.REGRESSION));
    assertEquals("strategy.model.device", moved.path());
    assertTrue(moved.getMessage().contains("strategy.training.device"), moved.getMessage());
  }

  private static void assertKey(String path, Map<String, Object> m, Task task) {
    ConfigException e = assertThrows(ConfigException.class, () -> MlpSpec.parse(model(m), task));
    assertEquals(path, e.path(), e.getMessage());
  }

  @Test
  void threadsPredictAndDifferentiateAtOnce() throws Exception {
    double[][] x = cube(200, 2, 21);
    try (MlpSurrogate m = small(Task.REGRESSION).epochs(2).build().train(TrainingSet.of(x, apply(x, BOWL), Task.REGRESSION), 1, null, 0)) {
      double[][] pool = cube(3000, 2, 22);
      double[] expected = m.predict(pool).column(0);
      double[][] expectedGrad = m.gradient(pool, 0);
      java.util.concurrent.ExecutorService ex = java.util.concurrent.Executors.newFixedThreadPool(4);
      try {
        List<java.util.concurrent.Future<double[]>> ps = new java.util.ArrayList<>();
        List<java.util.concurrent.Future<double[][]>> gs = new java.util.ArrayList<>();
        for (int t = 0; t < 4; t++) {
          ps.add(ex.submit(() -> m.predict(pool).column(0)));
          gs.add(ex.submit(() -> m.gradient(pool, 0)));
        }
        for (var f : ps) {
          assertArrayEquals(expected, f.get(), 0.0);
        }
        for (var f : gs) {
          double[][] g = f.get();
          for (int i = 0; i < g.length; i++) {
            assertArrayEquals(expectedGrad[i], g[i], 0.0);
          }
        }
      } finally {
        ex.shutdown();
      }
    }
  }

  @Test
  void closedModelSaysSo() {
    double[][] x = cube(50, 2, 20);
    MlpSurrogate m = small(Task.REGRESSION).epochs(1).build().train(TrainingSet.of(x, apply(x, BOWL), Task.REGRESSION), 1, null, 0);
    m.close();
    assertThrows(IllegalStateException.class, () -> m.predict(x));
  }
}
