package org.hepscan.surrogate.flow;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.hepscan.surrogate.DensityModel;
import org.hepscan.surrogate.Task;
import org.hepscan.surrogate.TrainingSet;
import org.hepscan.surrogate.train.Losses;
import org.hepscan.surrogate.train.Torch;
import org.hepscan.surrogate.train.TrainingRows;
import org.hepscan.surrogate.train.TrainingSession;
import org.hepscan.surrogate.train.UpdateRule;

/**
 * A rational-quadratic spline flow ({@link SplineFlow}) trained by maximum likelihood on
 * points (weighted where the rows carry weights), as a {@link DensityModel}: log-density and
 * sampling. The points are standardized by their (weighted) moments first; the moments
 * belong to the model, and the log-density is that of the points as given.
 *
 * <p>Non-finite values never leave it: a log-density that is not finite is returned as
 * negative infinity and a sample with a non-finite coordinate is drawn again; both are
 * counted ({@link #nonFinite()}).
 *
 * <p>Thread-safe: every call works in its own child manager of the model's.
 */
public final class FlowDensity implements DensityModel, AutoCloseable {
  /** Rows per forward pass of inference. */
  private static final int CHUNK = 8192;

  /**
   * How a flow is built and trained; {@link #paper()} is papers/000's Table V (3 transforms,
   * 64 hidden units, B = 2, batch 1024, 300 epochs) with nflows' defaults for what the table
   * leaves open (10 bins, learning rate 10^-3).
   */
  public record Spec(int transforms, int hidden, int bins, double bound, int epochs, int batchSize, double learningRate) {
    public Spec {
      if (transforms < 1 || hidden < 1 || bins < 2 || !(bound > 0) || epochs < 1 || batchSize < 1 || !(learningRate > 0)) {
        throw new IllegalArgumentException("a flow needs transforms >= 1, hidden >= 1, bins >= 2, bound > 0, epochs >= 1,"
            + " batch_size >= 1 and learning_rate > 0");
      }
    }

    public static Spec paper() {
      return new Spec(3, 64, 10, 2.0, 300, 1024, 1e-3);
    }

    public Spec withEpochs(int e) {
      return new Spec(transforms, hidden, bins, bound, e, batchSize, learningRate);
    }
  }

  private final Spec spec;
  private final int dimension;
  private final double[] mean;
  private final double[] std;
  private final NDManager manager;
  private final SplineFlow block;
  private final AtomicLong nonFinite = new AtomicLong();

  private FlowDensity(Spec spec, int dimension, double[] mean, double[] std, byte[] parameters) {
    this.spec = spec;
    this.dimension = dimension;
    this.mean = mean;
    this.std = std;
    this.manager = NDManager.newBaseManager();
    try {
      this.block = new SplineFlow(dimension, spec.transforms(), spec.hidden(), spec.bins(), spec.bound());
      Torch.allocate(block, manager, new Shape(1, dimension));
      block.loadParameters(manager, new DataInputStream(new ByteArrayInputStream(parameters)));
    } catch (IOException | MalformedModelException | RuntimeException e) {
      manager.close();
      throw new IllegalArgumentException("cannot read the flow's weights: " + e.getMessage(), e);
    }
  }

  /** Trains a flow on the rows of {@code data} (a {@link Task#DENSITY} set), every random choice from {@code seed}. */
  public static FlowDensity fit(TrainingSet data, Spec spec, long seed) {
    if (data.task() != Task.DENSITY) {
      throw new IllegalArgumentException("a flow learns a density: its training set has rows without targets, not " + data.task());
    }
    int n = data.size();
    int d = data.inputs();
    double[] w = data.weights();
    double[] mean = new double[d];
    double[] std = new double[d];
    double total = 0;
    for (int i = 0; i < n; i++) {
      double wi = w == null ? 1 : w[i];
      total += wi;
      for (int j = 0; j < d; j++) {
        mean[j] += wi * data.x()[i][j];
      }
    }
    for (int j = 0; j < d; j++) {
      mean[j] /= total;
    }
    for (int i = 0; i < n; i++) {
      double wi = w == null ? 1 : w[i];
      for (int j = 0; j < d; j++) {
        double t = data.x()[i][j] - mean[j];
        std[j] += wi * t * t;
      }
    }
    for (int j = 0; j < d; j++) {
      std[j] = Math.sqrt(std[j] / total);
      if (!(std[j] > 1e-12)) {
        std[j] = 1; // a coordinate that does not vary: learnt as it is
      }
    }
    float[] xs = new float[n * d];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < d; j++) {
        xs[i * d + j] = (float) ((data.x()[i][j] - mean[j]) / std[j]);
      }
    }
    float[] ws = null;
    if (w != null) {
      ws = new float[n];
      for (int i = 0; i < n; i++) {
        ws[i] = (float) w[i];
      }
    }
    TrainingSession.Config config = TrainingSession.config(() -> new SplineFlow(d, spec.transforms(), spec.hidden(), spec.bins(),
            spec.bound()), Losses.negativeLogLikelihood("nll"), UpdateRule.adam(spec.learningRate(), 0.9, 0.999))
        .name("hepscan-flow")
        .seed(seed)
        .batchSize(spec.batchSize());
    byte[] params;
    try (TrainingSession session = TrainingSession.open(config, d)) {
      session.fit(new TrainingRows(n, xs, d, null, 0, ws), spec.epochs(), new SplittableRandom(seed));
      params = session.parameterBytes();
    }
    return new FlowDensity(spec, d, mean, std, params);
  }

  @Override
  public int dimension() {
    return dimension;
  }

  public Spec spec() {
    return spec;
  }

  /** Log-densities or sample coordinates that were not finite, so far: replaced, never passed on. */
  public long nonFinite() {
    return nonFinite.get();
  }

  @Override
  public double[] logDensity(double[][] x) {
    double[] out = new double[x.length];
    double logJacobian = 0;
    for (double s : std) {
      logJacobian += Math.log(s);
    }
    try (Torch.GradMode off = Torch.gradMode(false); NDManager m = manager.newSubManager()) {
      ParameterStore ps = new ParameterStore(m, false);
      for (int start = 0; start < x.length; start += CHUNK) {
        int rows = Math.min(CHUNK, x.length - start);
        float[] buf = new float[rows * dimension];
        for (int r = 0; r < rows; r++) {
          for (int j = 0; j < dimension; j++) {
            buf[r * dimension + j] = (float) ((x[start + r][j] - mean[j]) / std[j]);
          }
        }
        try (NDManager c = m.newSubManager()) {
          float[] lp = block.logDensity(ps, c.create(buf, new Shape(rows, dimension)), false).toFloatArray();
          for (int r = 0; r < rows; r++) {
            double v = lp[r] - logJacobian;
            if (!Double.isFinite(v)) {
              nonFinite.incrementAndGet();
              v = Double.NEGATIVE_INFINITY;
            }
            out[start + r] = v;
          }
        }
      }
    }
    return out;
  }

  @Override
  public double[][] sample(int n, SplittableRandom rng) {
    double[][] out = new double[n][];
    int filled = 0;
    try (Torch.GradMode off = Torch.gradMode(false); NDManager m = manager.newSubManager()) {
      ParameterStore ps = new ParameterStore(m, false);
      while (filled < n) {
        int rows = Math.min(CHUNK, n - filled);
        float[] z = new float[rows * dimension];
        for (int i = 0; i < z.length; i++) {
          z[i] = (float) rng.nextGaussian();
        }
        try (NDManager c = m.newSubManager()) {
          float[] y = block.sample(ps, c.create(z, new Shape(rows, dimension))).toFloatArray();
          for (int r = 0; r < rows; r++) {
            double[] p = new double[dimension];
            boolean finite = true;
            for (int j = 0; j < dimension; j++) {
              p[j] = y[r * dimension + j] * std[j] + mean[j];
              finite &= Double.isFinite(p[j]);
            }
            if (finite) {
              out[filled++] = p;
            } else {
              nonFinite.incrementAndGet();
            }
          }
        }
      }
    }
    return out;
  }

  @Override
  public void close() {
    manager.close();
  }
}
