package org.hepscan.surrogate.density;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.SplittableRandom;
import org.hepscan.surrogate.DensityModel;
import org.hepscan.surrogate.Task;
import org.hepscan.surrogate.TrainingSet;
import org.hepscan.surrogate.train.Losses;
import org.hepscan.surrogate.train.Torch;
import org.hepscan.surrogate.train.TrainingRows;
import org.hepscan.surrogate.train.TrainingSession;
import org.hepscan.surrogate.train.UpdateRule;
import org.junit.jupiter.api.Test;

/**
 * A density trained through the new contract: a diagonal Gaussian whose mean and log
 * standard deviation are the parameters of a DJL block, fitted to {@link Task#DENSITY} rows
 * (weighted or not) by negative log-likelihood with Adam in a {@link TrainingSession}, and
 * checked against what maximum likelihood must give: the (weighted) sample mean and standard
 * deviation. The same loop will train the spline flows.
 */
class DiagonalGaussianDensityTest {

  /** log N(x; mu, diag(exp(logSigma))^2) per row, from the block's two parameter vectors. */
  static final class DiagonalGaussianBlock extends AbstractBlock {
    private final Parameter mu;
    private final Parameter logSigma;
    private final int d;

    DiagonalGaussianBlock(int d) {
      this.d = d;
      // BIAS parameters start at zero, as biases do: the standard normal.
      mu = addParameter(Parameter.builder().setName("mu").setType(Parameter.Type.BIAS).optShape(new Shape(d)).build());
      logSigma = addParameter(Parameter.builder().setName("log_sigma").setType(Parameter.Type.BIAS)
          .optShape(new Shape(d)).build());
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
      NDArray x = inputs.singletonOrThrow();
      NDArray m = ps.getValue(mu, x.getDevice(), training);
      NDArray ls = ps.getValue(logSigma, x.getDevice(), training);
      NDArray z = x.sub(m).div(ls.exp());
      NDArray logp = z.square().sum(new int[] {1}).mul(-0.5f).sub(ls.sum()).sub((float) (0.5 * d * Math.log(2 * Math.PI)));
      return new NDList(logp);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
      return new Shape[] {new Shape(inputShapes[0].get(0))};
    }
  }

  /** The fitted Gaussian as a {@link DensityModel}: logDensity through the DJL block, sampling from its parameters. */
  static final class DiagonalGaussian implements DensityModel {
    final double[] mean;
    final double[] sigma;

    DiagonalGaussian(double[] mean, double[] sigma) {
      this.mean = mean;
      this.sigma = sigma;
    }

    /** Fits a Gaussian to a density set through the open trainer. */
    static DiagonalGaussian fit(TrainingSet data, long seed, int epochs) {
      if (data.task() != Task.DENSITY) {
        throw new IllegalArgumentException("a density learns a density set");
      }
      int n = data.size();
      int d = data.inputs();
      float[] x = new float[n * d];
      for (int i = 0; i < n; i++) {
        for (int j = 0; j < d; j++) {
          x[i * d + j] = (float) data.x()[i][j];
        }
      }
      float[] w = null;
      if (data.weighted()) {
        w = new float[n];
        for (int i = 0; i < n; i++) {
          w[i] = (float) data.weight(i);
        }
      }
      TrainingSession.Config config = TrainingSession.config(() -> new DiagonalGaussianBlock(d), Losses.negativeLogLikelihood("nll"),
          UpdateRule.adam(0.05, 0.9, 0.999)).name("gaussian-density").seed(seed).batchSize(250);
      try (TrainingSession s = TrainingSession.open(config, d)) {
        s.fit(new TrainingRows(n, x, d, null, 0, w), epochs, new SplittableRandom(seed));
        DiagonalGaussianBlock b = (DiagonalGaussianBlock) s.block();
        float[] mu = b.mu.getArray().toFloatArray();
        float[] ls = b.logSigma.getArray().toFloatArray();
        double[] mean = new double[d];
        double[] sigma = new double[d];
        for (int j = 0; j < d; j++) {
          mean[j] = mu[j];
          sigma[j] = Math.exp(ls[j]);
        }
        return new DiagonalGaussian(mean, sigma);
      }
    }

    @Override
    public int dimension() {
      return mean.length;
    }

    @Override
    public double[][] sample(int n, SplittableRandom rng) {
      double[][] x = new double[n][mean.length];
      for (double[] row : x) {
        for (int j = 0; j < row.length; j++) {
          row[j] = mean[j] + sigma[j] * rng.nextGaussian();
        }
      }
      return x;
    }

    /** Evaluated by the same block the training used, with these parameters, gradients off. */
    @Override
    public double[] logDensity(double[][] x) {
      int d = mean.length;
      try (NDManager m = NDManager.newBaseManager(); Torch.GradMode off = Torch.gradMode(false)) {
        DiagonalGaussianBlock b = new DiagonalGaussianBlock(d);
        b.initialize(m, ai.djl.ndarray.types.DataType.FLOAT32, new Shape(1, d));
        float[] mu = new float[d];
        float[] ls = new float[d];
        for (int j = 0; j < d; j++) {
          mu[j] = (float) mean[j];
          ls[j] = (float) Math.log(sigma[j]);
        }
        b.mu.getArray().set(java.nio.FloatBuffer.wrap(mu));
        b.logSigma.getArray().set(java.nio.FloatBuffer.wrap(ls));
        float[] flat = new float[x.length * d];
        for (int i = 0; i < x.length; i++) {
          for (int j = 0; j < d; j++) {
            flat[i * d + j] = (float) x[i][j];
          }
        }
        float[] lp = b.forward(new ParameterStore(m, false), new NDList(m.create(flat, new Shape(x.length, d))), false)
            .singletonOrThrow().toFloatArray();
        double[] r = new double[lp.length];
        for (int i = 0; i < r.length; i++) {
          r[i] = lp[i];
        }
        return r;
      }
    }
  }

  private static double[][] gaussian(int n, double[] mean, double[] sd, SplittableRandom rng) {
    double[][] x = new double[n][mean.length];
    for (double[] row : x) {
      for (int j = 0; j < row.length; j++) {
        row[j] = mean[j] + sd[j] * rng.nextGaussian();
      }
    }
    return x;
  }

  /** Column j's weighted mean and (population) standard deviation. */
  private static double[] moments(double[][] x, double[] w, int j) {
    double sw = 0;
    double s = 0;
    for (int i = 0; i < x.length; i++) {
      double wi = w == null ? 1 : w[i];
      sw += wi;
      s += wi * x[i][j];
    }
    double m = s / sw;
    double ss = 0;
    for (int i = 0; i < x.length; i++) {
      double wi = w == null ? 1 : w[i];
      ss += wi * (x[i][j] - m) * (x[i][j] - m);
    }
    return new double[] {m, Math.sqrt(ss / sw)};
  }

  @Test
  void fitsTheMeanAndSpreadOf2dDataAndSamplesThem() {
    double[][] x = gaussian(2000, new double[] {3, -1}, new double[] {0.5, 2}, new SplittableRandom(1));
    DiagonalGaussian g = DiagonalGaussian.fit(TrainingSet.density(x, null), 7, 150);
    for (int j = 0; j < 2; j++) {
      double[] m = moments(x, null, j);
      // maximum likelihood is the sample mean and population std; Adam gets within a few per mille of the scale
      assertEquals(m[0], g.mean[j], 0.02 * m[1], "mean " + j);
      assertEquals(m[1], g.sigma[j], 0.02 * m[1], "std " + j);
    }
    double[][] s = g.sample(20000, new SplittableRandom(2));
    for (int j = 0; j < 2; j++) {
      double[] m = moments(s, null, j);
      assertEquals(g.mean[j], m[0], 0.03 * g.sigma[j], "sample mean " + j);
      assertEquals(g.sigma[j], m[1], 0.03 * g.sigma[j], "sample std " + j);
    }
    double[][] again = g.sample(5, new SplittableRandom(2));
    assertEquals(s[4][1], again[4][1], 0.0, "the same generator state draws the same points");
  }

  @Test
  void theDensityIsNormalised() {
    double[][] x = gaussian(1000, new double[] {0.3}, new double[] {0.1}, new SplittableRandom(3));
    DiagonalGaussian g = DiagonalGaussian.fit(TrainingSet.density(x, null), 5, 80);
    int n = 4001;
    double lo = g.mean[0] - 10 * g.sigma[0];
    double h = 20 * g.sigma[0] / (n - 1);
    double[][] grid = new double[n][1];
    for (int i = 0; i < n; i++) {
      grid[i][0] = lo + i * h;
    }
    double[] lp = g.logDensity(grid);
    double integral = 0;
    for (int i = 0; i < n; i++) {
      integral += Math.exp(lp[i]) * h * (i == 0 || i == n - 1 ? 0.5 : 1);
    }
    assertEquals(1, integral, 1e-3, "integral of exp(logDensity)");
  }

  @Test
  void weightsMoveTheFitTowardsTheHeavierCluster() {
    SplittableRandom rng = new SplittableRandom(4);
    double[][] left = gaussian(1000, new double[] {-2}, new double[] {0.3}, rng);
    double[][] right = gaussian(1000, new double[] {2}, new double[] {0.3}, rng);
    double[][] x = new double[2000][];
    double[] w = new double[2000];
    for (int i = 0; i < 1000; i++) {
      x[2 * i] = left[i];
      w[2 * i] = 1;
      x[2 * i + 1] = right[i];
      w[2 * i + 1] = 3;
    }
    DiagonalGaussian plain = DiagonalGaussian.fit(TrainingSet.density(x, null), 9, 80);
    DiagonalGaussian weighted = DiagonalGaussian.fit(TrainingSet.density(x, w), 9, 80);
    double[] mPlain = moments(x, null, 0);
    double[] mWeighted = moments(x, w, 0);
    // the weighted mean is (3 * 2 - 2) / 4 = 1 for these clusters; unweighted, 0
    assertEquals(1, mWeighted[0], 0.05);
    assertEquals(mPlain[0], plain.mean[0], 0.05);
    assertEquals(mWeighted[0], weighted.mean[0], 0.05);
    assertEquals(mWeighted[1], weighted.sigma[0], 0.05 * mWeighted[1]);
    assertTrue(weighted.mean[0] > plain.mean[0] + 0.8, weighted.mean[0] + " vs " + plain.mean[0]);
  }
}
