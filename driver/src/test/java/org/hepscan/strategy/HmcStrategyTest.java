package org.hepscan.strategy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.ToDoubleFunction;
import org.hepscan.config.ConfigException;
import org.hepscan.config.Options;
import org.hepscan.space.Parameter;
import org.hepscan.space.ParameterSpace;
import org.hepscan.surrogate.Differentiable;
import org.hepscan.surrogate.Prediction;
import org.hepscan.surrogate.Surrogate;
import org.hepscan.surrogate.Task;
import org.junit.jupiter.api.Test;

/**
 * The HMC transition against densities known in closed form: the chains must sample them,
 * whatever they start from. A likelihood given by a formula stands in for the network here
 * (its gradient is exact), so what is tested is the sampler alone: leapfrog, acceptance, walls.
 */
class HmcStrategyTest {

  /** A "classifier" whose probability is a formula of the point, with its exact gradient. */
  private record Formula(ToDoubleFunction<double[]> l, java.util.function.Function<double[], double[]> grad)
      implements Surrogate, Differentiable {
    @Override
    public String type() {
      return "formula";
    }

    @Override
    public Task task() {
      return Task.CLASSIFICATION;
    }

    @Override
    public int inputs() {
      return 2;
    }

    @Override
    public int outputs() {
      return 1;
    }

    @Override
    public Prediction predict(double[][] x) {
      double[][] m = new double[x.length][];
      for (int i = 0; i < x.length; i++) {
        m[i] = new double[] {l.applyAsDouble(x[i])};
      }
      return new Prediction(m, null);
    }

    @Override
    public double[][] gradient(double[][] x, int output) {
      double[][] g = new double[x.length][];
      for (int i = 0; i < x.length; i++) {
        g[i] = grad.apply(x[i]);
      }
      return g;
    }

    @Override
    public byte[] toBytes() {
      throw new UnsupportedOperationException();
    }

    @Override
    public Map<String, Object> provenance() {
      return Map.of();
    }
  }

  /** Mean and standard deviation of each coordinate over {@code draws} transitions of 50 chains started at {@code start}. */
  private static double[][] moments(Surrogate model, double start, double step, int draws) {
    SplittableRandom rng = new SplittableRandom(4);
    double[][] x = new double[50][];
    for (int c = 0; c < x.length; c++) {
      x[c] = new double[] {start, start};
    }
    for (int t = 0; t < 100; t++) {
      org.hepscan.strategy.proposal.Leapfrog.transition(model, x, step, 12, rng);
    }
    double[][] sum = new double[2][2];
    long n = 0;
    double acceptance = 0;
    for (int t = 0; t < draws; t++) {
      acceptance += org.hepscan.strategy.proposal.Leapfrog.transition(model, x, step, 12, rng) / draws;
      for (double[] p : x) {
        for (int j = 0; j < 2; j++) {
          sum[j][0] += p[j];
          sum[j][1] += p[j] * p[j];
        }
        n++;
      }
    }
    double[][] out = new double[3][2];
    for (int j = 0; j < 2; j++) {
      out[0][j] = sum[j][0] / n;
      out[1][j] = Math.sqrt(sum[j][1] / n - out[0][j] * out[0][j]);
    }
    out[2][0] = acceptance;
    return out;
  }

  @Test
  void samplesAGaussianBumpFromAFarStart() {
    // L = exp(-|u - c|^2 / (2 0.08^2)), c = (0.6, 0.4): V is the quadratic of a normal of std 0.08
    double s2 = 0.08 * 0.08;
    Formula bump = new Formula(u -> Math.exp(-((u[0] - 0.6) * (u[0] - 0.6) + (u[1] - 0.4) * (u[1] - 0.4)) / (2 * s2)),
        u -> {
          double l = Math.exp(-((u[0] - 0.6) * (u[0] - 0.6) + (u[1] - 0.4) * (u[1] - 0.4)) / (2 * s2));
          return new double[] {-l * (u[0] - 0.6) / s2, -l * (u[1] - 0.4) / s2};
        });
    double[][] m = moments(bump, 0.3, 0.02, 400);
    assertEquals(0.6, m[0][0], 0.01);
    assertEquals(0.4, m[0][1], 0.01);
    assertEquals(0.08, m[1][0], 0.008);
    assertEquals(0.08, m[1][1], 0.008);
    assertTrue(m[2][0] > 0.9, "acceptance " + m[2][0]);
  }

  @Test
  void aFlatLikelihoodIsSampledUniformlyBetweenTheReflectingWalls() {
    Formula flat = new Formula(u -> 1.0, u -> new double[2]);
    // long trajectories cross the walls many times: reflection must keep the uniform density
    double[][] m = moments(flat, 0.05, 0.2, 300);
    assertEquals(0.5, m[0][0], 0.02);
    assertEquals(0.5, m[0][1], 0.02);
    assertEquals(Math.sqrt(1 / 12.0), m[1][0], 0.015);
    assertEquals(1.0, m[2][0], 1e-9, "H does not change on a flat potential");
  }

  @Test
  void refusesAClassifierWithoutGradients() {
    ParameterSpace space = new ParameterSpace(java.util.List.of(Parameter.continuous("a", 0, 1, Parameter.Scale.LINEAR)));
    ConfigException e = assertThrows(ConfigException.class, () -> HmcStrategy.Config.parse(Options.of("strategy",
        Map.of("name", "hmc", "model", Map.of("type", "random-forest"))), space));
    assertTrue(e.getMessage().contains("strategy.model.type") && e.getMessage().contains("gradient"), e.getMessage());
    HmcStrategy.Config c = HmcStrategy.Config.parse(Options.of("strategy", Map.of("name", "hmc")), space);
    assertEquals(100, c.chains());
    assertEquals("mlp", c.classifier().type());
    assertEquals("sigmoid", c.classifier().describe().get("output"));
    assertEquals("mse", c.classifier().describe().get("loss"));
  }
}
