package org.hepscan.surrogate.bnn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.hepscan.config.ConfigException;
import org.hepscan.config.Options;
import org.hepscan.surrogate.Prediction;
import org.hepscan.surrogate.Surrogate;
import org.hepscan.surrogate.SurrogateCatalog;
import org.hepscan.surrogate.Task;
import org.hepscan.surrogate.TrainingSet;
import org.hepscan.surrogate.family.Models;
import org.hepscan.training.TrainingSpec;
import org.junit.jupiter.api.Test;

/**
 * {@code model: {type: bnn}}: the batched prediction over stacked weights equals each network
 * computed alone; a sampled regressor's mean ± 3σ covers fresh noisy values and its learnt σ
 * is the noise put in; a classifier learns a disc and is least sure at its edge; chains pool;
 * the same seed gives the same model; bytes give the model back; the section's errors name
 * their paths.
 */
class BnnSurrogateTest {

  private static BnnSpec parse(Map<String, Object> section, Task task) {
    return BnnSpec.parse(Options.of("strategy.model", section), task, TrainingSpec.defaults());
  }

  /** A small network and budget: seconds, not minutes. */
  private static Map<String, Object> small(Object... more) {
    Map<String, Object> m = new java.util.LinkedHashMap<>(Map.of("type", "bnn", "hidden", 2, "width", 16,
        "networks", 25, "thin", 2, "burn_in", 60, "leapfrog", 15, "pretrain_epochs", 150, "batch_size", 64));
    for (int i = 0; i < more.length; i += 2) {
      m.put((String) more[i], more[i + 1]);
    }
    return m;
  }

  @Test
  void theBatchedPassOverStackedWeightsIsEachNetworkAlone() {
    BnnLayout layout = new BnnLayout(3, 2, 7, 2);
    SplittableRandom r = new SplittableRandom(5);
    List<float[]> nets = new ArrayList<>();
    List<double[]> noise = new ArrayList<>();
    for (int k = 0; k < 4; k++) {
      double[] t = layout.initial(r);
      float[] f = new float[t.length];
      for (int i = 0; i < t.length; i++) {
        // Slopes off their start, biases non-zero: every part of θ matters.
        f[i] = (float) (i >= layout.slopeOffset() ? -0.5 + k * 0.5 : t[i] + 0.1 * r.nextDouble());
      }
      nets.add(f);
      noise.add(new double[] {0.1 * (k + 1), 0.2});
    }
    try (BnnSurrogate bnn = new BnnSurrogate(layout, Task.REGRESSION, new double[] {1, -2}, new double[] {3, 0.5},
        nets, noise, Map.of(), Map.of())) {
      double[][] x = new double[300][3];
      for (double[] row : x) {
        for (int j = 0; j < 3; j++) {
          row[j] = r.nextDouble();
        }
      }
      Prediction p = bnn.predict(x);
      assertEquals(4, p.memberCount());
      double noiseVar0 = (0.01 + 0.04 + 0.09 + 0.16) / 4;
      for (int i = 0; i < x.length; i++) {
        double s = 0;
        double ss = 0;
        for (int k = 0; k < 4; k++) {
          double[] alone = bnn.networkOutput(k, x[i]);
          assertArrayEquals(alone, p.members()[k][i], 1e-4);
          s += alone[0];
          ss += alone[0] * alone[0];
        }
        double mean = s / 4;
        assertEquals(mean, p.mean()[i][0], 1e-4);
        assertEquals(Math.sqrt(ss / 4 - mean * mean + noiseVar0), p.std()[i][0], 1e-4);
      }
      Prediction summary = bnn.predict(x, false);
      assertEquals(0, summary.memberCount());
      assertArrayEquals(p.mean()[17], summary.mean()[17], 0);
    }
  }

  @Test
  void aSampledRegressorCoversFreshValuesAndLearnsTheNoise() {
    SplittableRandom r = new SplittableRandom(11);
    double noise = 0.1;
    int n = 400;
    double[][] x = new double[n][1];
    double[] y = new double[n];
    for (int i = 0; i < n; i++) {
      x[i][0] = r.nextDouble();
      y[i] = Math.sin(2 * Math.PI * x[i][0]) + noise * gauss(r);
    }
    BnnSpec spec = parse(small(), Task.REGRESSION);
    Surrogate model = spec.fit(null, TrainingSet.of(x, y, Task.REGRESSION), 3, null, 0);
    try (BnnSurrogate bnn = (BnnSurrogate) model) {
      assertEquals(25, bnn.networks());
      int m = 1000;
      double[][] q = new double[m][1];
      double[] truth = new double[m];
      for (int i = 0; i < m; i++) {
        q[i][0] = r.nextDouble();
        truth[i] = Math.sin(2 * Math.PI * q[i][0]) + noise * gauss(r);
      }
      Prediction p = bnn.predict(q);
      int inside = 0;
      double se = 0;
      for (int i = 0; i < m; i++) {
        double d = truth[i] - p.mean()[i][0];
        se += d * d;
        inside += Math.abs(d) <= 3 * p.std()[i][0] ? 1 : 0;
      }
      double rmse = Math.sqrt(se / m);
      assertTrue(rmse < 0.15, "rmse " + rmse + " for noise " + noise);
      assertTrue(inside >= 0.97 * m, inside + " of " + m + " inside mean +- 3 sigma");
      double sigma = bnn.noiseSigma(bnn.networks() - 1)[0];
      assertTrue(sigma > 0.07 && sigma < 0.14, "learnt output sigma " + sigma);
      Map<String, Object> prov = bnn.provenance();
      assertEquals(1, prov.get("chains"));
      @SuppressWarnings("unchecked")
      Map<String, Object> chain = (Map<String, Object>) ((List<Object>) prov.get("chain")).get(0);
      double accept = ((Number) chain.get("acceptance")).doubleValue();
      assertTrue(accept > 0.4 && accept < 1, "acceptance " + accept);

      // Back from its bytes through the one reader of models: the same predictions.
      try (Surrogate back = Models.load(bnn.toBytes())) {
        assertEquals("bnn", back.type());
        Prediction again = back.predict(q);
        assertArrayEquals(p.mean()[5], again.mean()[5], 0);
        assertArrayEquals(p.std()[9], again.std()[9], 0);
        assertEquals(prov.get("rows"), back.provenance().get("rows"));
      }
      // The same seed, the same networks.
      try (Surrogate twin = spec.fit(null, TrainingSet.of(x, y, Task.REGRESSION), 3, null, 0)) {
        assertArrayEquals(p.mean()[42], twin.predict(q).mean()[42], 0);
      }
    }
  }

  @Test
  void aClassifierLearnsADiscAndIsLeastSureAtItsEdge() {
    SplittableRandom r = new SplittableRandom(2);
    int n = 800;
    double[][] x = new double[n][2];
    double[] label = new double[n];
    for (int i = 0; i < n; i++) {
      x[i][0] = r.nextDouble();
      x[i][1] = r.nextDouble();
      label[i] = radius(x[i]) < 0.3 ? 1 : 0;
    }
    // with the leapfrog count following the step (at most small()'s 15)
    BnnSpec spec = parse(small("chains", 2, "networks", 15, "trajectory_length", 0.2), Task.CLASSIFICATION);
    try (BnnSurrogate bnn = (BnnSurrogate) spec.fit(null, TrainingSet.of(x, label, Task.CLASSIFICATION), 9, null, 0)) {
      assertEquals(30, bnn.networks(), "two chains pooled");
      int m = 2000;
      double[][] q = new double[m][2];
      for (double[] row : q) {
        row[0] = r.nextDouble();
        row[1] = r.nextDouble();
      }
      Prediction p = bnn.predict(q, false);
      int right = 0;
      double edgeStd = 0;
      int edge = 0;
      double farStd = 0;
      int far = 0;
      for (int i = 0; i < m; i++) {
        double rad = radius(q[i]);
        double prob = p.mean()[i][0];
        assertTrue(prob >= 0 && prob <= 1);
        right += (prob >= 0.5) == (rad < 0.3) ? 1 : 0;
        if (Math.abs(rad - 0.3) < 0.03) {
          edgeStd += p.std()[i][0];
          edge++;
        } else if (Math.abs(rad - 0.3) > 0.15) {
          farStd += p.std()[i][0];
          far++;
        }
      }
      assertTrue(right > 0.93 * m, "accuracy " + (double) right / m);
      assertTrue(edgeStd / edge > 2 * farStd / far, "std at the edge " + edgeStd / edge + " far " + farStd / far);
      @SuppressWarnings("unchecked")
      Map<String, Object> chain = (Map<String, Object>) ((List<Object>) bnn.provenance().get("chain")).get(1);
      int leapfrog = ((Number) chain.get("leapfrog")).intValue();
      double step = ((Number) chain.get("step_size")).doubleValue();
      assertEquals(Math.min(15, Math.max(1, Math.round(0.2 / step))), leapfrog, "step " + step);
    }
  }

  @Test
  void preTrainingWithAHoldOutStartsTheChainFromTheEpochThatFitsItBest() {
    // 60 rows and 400 epochs of a 2 x 16 network: enough to overfit the noise, which the
    // held-out quarter stops; the chain then samples on all 60 rows.
    SplittableRandom r = new SplittableRandom(8);
    int n = 60;
    double[][] x = new double[n][1];
    double[] y = new double[n];
    for (int i = 0; i < n; i++) {
      x[i][0] = r.nextDouble();
      y[i] = Math.sin(2 * Math.PI * x[i][0]) + 0.2 * gauss(r);
    }
    BnnSpec spec = parse(small("pretrain_epochs", 400, "pretrain_holdout", 0.25, "batch_size", 16), Task.REGRESSION);
    assertEquals(0.25, spec.settings().pretrainHoldout());
    try (BnnSurrogate bnn = (BnnSurrogate) spec.fit(null, TrainingSet.of(x, y, Task.REGRESSION), 5, null, 0)) {
      double se = 0;
      int m = 500;
      double[][] q = new double[m][1];
      for (int i = 0; i < m; i++) {
        q[i][0] = (i + 0.5) / m;
      }
      Prediction p = bnn.predict(q, false);
      for (int i = 0; i < m; i++) {
        double d = p.mean()[i][0] - Math.sin(2 * Math.PI * q[i][0]);
        se += d * d;
      }
      assertTrue(Math.sqrt(se / m) < 0.25, "rmse against the noiseless curve " + Math.sqrt(se / m));
      assertEquals(0.25, ((Number) bnn.parameters().get("pretrain_holdout")).doubleValue());
      @SuppressWarnings("unchecked")
      Map<String, Object> chain = (Map<String, Object>) ((List<Object>) bnn.provenance().get("chain")).get(0);
      int best = ((Number) chain.get("pretrain_best_epoch")).intValue();
      assertTrue(best >= 0 && best < 399, "an earlier epoch fits the held-out rows better than the overfit last: " + best);
    }
    assertThrows(ConfigException.class, () -> parse(Map.of("pretrain_holdout", 0.95), Task.REGRESSION));
  }

  @Test
  void readsItsSectionAndNamesWhatIsWrong() {
    BnnSpec spec = parse(Map.of("type", "bnn"), Task.REGRESSION);
    assertEquals(BnnSettings.defaults(), spec.settings());
    assertEquals("bnn", spec.describe().get("type"));
    assertEquals(3, parse(Map.of("chains", 3), Task.CLASSIFICATION).settings().chains());
    ConfigException width = assertThrows(ConfigException.class, () -> parse(Map.of("width", 0), Task.REGRESSION));
    assertTrue(width.getMessage().contains("strategy.model.width"), width.getMessage());
    ConfigException unknown = assertThrows(ConfigException.class, () -> parse(Map.of("epochs", 3), Task.REGRESSION));
    assertTrue(unknown.getMessage().contains("epochs"), unknown.getMessage());
    ConfigException density = assertThrows(ConfigException.class,
        () -> SurrogateCatalog.parse(Options.of("strategy.model", Map.of("type", "bnn")), Task.DENSITY));
    assertTrue(density.getMessage().contains("strategy.model.type"), density.getMessage());
    assertTrue(Models.types().contains("bnn"), Models.types().toString());
  }

  private static double radius(double[] p) {
    return Math.hypot(p[0] - 0.5, p[1] - 0.5);
  }

  private static double gauss(SplittableRandom r) {
    double u = r.nextDouble();
    double v = r.nextDouble();
    return Math.sqrt(-2 * Math.log(1 - u)) * Math.cos(2 * Math.PI * v);
  }
}
