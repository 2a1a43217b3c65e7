package org.hepscan.surrogate.flow;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.hepscan.surrogate.DensityModel;
import org.hepscan.surrogate.Prediction;
import org.hepscan.surrogate.Surrogate;
import org.hepscan.surrogate.Task;
import org.hepscan.surrogate.TrainingSet;
import org.hepscan.surrogate.family.ModelEnvelope;
import org.hepscan.surrogate.train.Losses;
import org.hepscan.surrogate.train.SessionListener;
import org.hepscan.surrogate.train.Torch;
import org.hepscan.surrogate.train.TrainingRows;
import org.hepscan.surrogate.train.TrainingSession;
import org.hepscan.surrogate.train.UpdateRule;

/**
 * A rational-quadratic spline flow ({@link SplineFlow}) trained by maximum likelihood on
 * points (weighted where the rows carry weights), as a {@link DensityModel} (log-density and
 * sampling) and as a {@link Surrogate} of type {@value #TYPE} whose one output is the
 * log-density: it trains, travels, checkpoints and is saved like every other model.
 *
 * <p>Preprocessing belongs to the model. With {@link Spec#unitCube()} the points are
 * unit-cube coordinates (what strategies hand their models): each goes through a logit
 * first, so the flow lives on the whole real line and every sample lands inside the cube
 * instead of being rejected at its walls; the log-density carries the logit's Jacobian.
 * Then the points are standardized by their (weighted) moments. The log-density is that of
 * the points as given.
 *
 * <p>Non-finite values never leave it: a log-density that is not finite is returned as
 * negative infinity and a sample with a non-finite coordinate is drawn again; both are
 * counted ({@link #nonFinite()}).
 *
 * <p>Thread-safe: every call works in its own child manager of the model's.
 */
public final class FlowDensity implements DensityModel, Surrogate {
  /** The model type a strategy's {@code model:} section names. */
  public static final String TYPE = "flow";
  /** The payload format of the envelope's bytes. */
  static final int FORMAT = 1;
  /** Rows per forward pass of inference (system property {@code hepscan.flow.chunk}: 512 to 8192 rows were timed, fewer were slower). */
  private static final int CHUNK = Integer.getInteger("hepscan.flow.chunk", 8192);
  /**
   * How far from the cube's walls a unit coordinate is held before its logit: a point on a
   * wall (a range's end) would otherwise be infinitely far out; the floats of the flow keep
   * about 7 digits, so closer would gain nothing.
   */
  static final double EDGE = 1e-6;
  /** The share of rows held out to stop training (with {@link Spec#patience()} above 0). */
  public static final double VALIDATION = 0.15;
  /** Fewer rows than this train without a held-out share: it would be a handful of points. */
  static final int MIN_ROWS_TO_HOLD_OUT = 40;

  /**
   * How a flow is built and trained; {@link #paper()} is papers/000's Table V (3 transforms,
   * 64 hidden units, B = 2, batch 1024, 300 epochs) with nflows' defaults for what the table
   * leaves open (10 bins, learning rate 10^-3). {@code unitCube}: the points are unit-cube
   * coordinates and go through a logit first (see the class comment). {@code patience} above
   * 0: {@value #VALIDATION} of the rows (papers/000's validation split) are held out, and
   * training stops once their mean log-density has not improved for that many epochs,
   * with the weights of the best epoch: a flow of a few hundred points otherwise learns
   * spikes at them (its log-density far higher on them than on held-out points).
   */
  public record Spec(int transforms, int hidden, int bins, double bound, int epochs, int batchSize, double learningRate,
                     boolean unitCube, int patience) implements Serializable {
    public Spec {
      if (transforms < 1 || hidden < 1 || bins < 2 || !(bound > 0) || epochs < 1 || batchSize < 1 || !(learningRate > 0)
          || patience < 0) {
        throw new IllegalArgumentException("a flow needs transforms >= 1, hidden >= 1, bins >= 2, bound > 0, epochs >= 1,"
            + " batch_size >= 1, learning_rate > 0 and patience >= 0");
      }
    }

    /** A flow over points anywhere in R^d. */
    public Spec(int transforms, int hidden, int bins, double bound, int epochs, int batchSize, double learningRate) {
      this(transforms, hidden, bins, bound, epochs, batchSize, learningRate, false, 0);
    }

    public static Spec paper() {
      return new Spec(3, 64, 10, 2.0, 300, 1024, 1e-3);
    }

    public Spec withEpochs(int e) {
      return new Spec(transforms, hidden, bins, bound, e, batchSize, learningRate, unitCube, patience);
    }

    public Spec withUnitCube(boolean u) {
      return new Spec(transforms, hidden, bins, bound, epochs, batchSize, learningRate, u, patience);
    }

    public Spec withPatience(int p) {
      return new Spec(transforms, hidden, bins, bound, epochs, batchSize, learningRate, unitCube, p);
    }

    /** The hyperparameters by their spec names, in declaration order. */
    public Map<String, Object> describe() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("transforms", transforms);
      m.put("hidden", hidden);
      m.put("bins", bins);
      m.put("bound", bound);
      m.put("epochs", epochs);
      m.put("batch_size", batchSize);
      m.put("learning_rate", learningRate);
      m.put("unit_cube", unitCube);
      m.put("patience", patience);
      return m;
    }
  }

  private final Spec spec;
  private final int dimension;
  private final double[] mean;
  private final double[] std;
  private final byte[] parameters;
  private final Map<String, Object> provenance;
  private final NDManager manager;
  private final SplineFlow block;
  private final AtomicLong nonFinite = new AtomicLong();

  private FlowDensity(Spec spec, int dimension, double[] mean, double[] std, byte[] parameters, Map<String, Object> provenance) {
    this.spec = spec;
    this.dimension = dimension;
    this.mean = mean;
    this.std = std;
    this.parameters = parameters;
    this.provenance = Collections.unmodifiableMap(new LinkedHashMap<>(provenance));
    this.manager = NDManager.newBaseManager(Device.cpu());
    try {
      this.block = new SplineFlow(dimension, spec.transforms(), spec.hidden(), spec.bins(), spec.bound());
      Torch.allocate(block, manager, new Shape(1, dimension));
      block.loadParameters(manager, new DataInputStream(new ByteArrayInputStream(parameters)));
    } catch (IOException | MalformedModelException | RuntimeException e) {
      manager.close();
      throw new IllegalArgumentException("cannot read the flow's weights: " + e.getMessage(), e);
    }
  }

  /** Trains a flow on the CPU; see {@link #fit(TrainingSet, Spec, long, Device)}. */
  public static FlowDensity fit(TrainingSet data, Spec spec, long seed) {
    return fit(data, spec, seed, Device.cpu());
  }

  /**
   * Trains a flow on the rows of {@code data} (a {@link Task#DENSITY} set) on {@code device},
   * every random choice from {@code seed}; the model it returns infers on the CPU.
   */
  public static FlowDensity fit(TrainingSet data, Spec spec, long seed, Device device) {
    if (data.task() != Task.DENSITY) {
      throw new IllegalArgumentException("a flow learns a density: its training set has rows without targets, not " + data.task());
    }
    long t0 = System.nanoTime();
    int n = data.size();
    int d = data.inputs();
    double[][] x = new double[n][];
    for (int i = 0; i < n; i++) {
      x[i] = spec.unitCube() ? logit(data.x()[i]) : data.x()[i];
    }
    double[] w = data.weights();
    double[] mean = new double[d];
    double[] std = new double[d];
    double total = 0;
    for (int i = 0; i < n; i++) {
      double wi = w == null ? 1 : w[i];
      total += wi;
      for (int j = 0; j < d; j++) {
        mean[j] += wi * x[i][j];
      }
    }
    for (int j = 0; j < d; j++) {
      mean[j] /= total;
    }
    for (int i = 0; i < n; i++) {
      double wi = w == null ? 1 : w[i];
      for (int j = 0; j < d; j++) {
        double t = x[i][j] - mean[j];
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
        xs[i * d + j] = (float) ((x[i][j] - mean[j]) / std[j]);
      }
    }
    float[] ws = null;
    if (w != null) {
      ws = new float[n];
      for (int i = 0; i < n; i++) {
        ws[i] = (float) w[i];
      }
    }
    LastEpochLoss loss = new LastEpochLoss();
    TrainingSession.Config config = TrainingSession.config(() -> new SplineFlow(d, spec.transforms(), spec.hidden(), spec.bins(),
            spec.bound()), Losses.negativeLogLikelihood("nll"), UpdateRule.adam(spec.learningRate(), 0.9, 0.999))
        .name("hepscan-flow")
        .device(device)
        .seed(seed)
        .batchSize(spec.batchSize())
        .listener(loss);
    byte[] params;
    int epochsRun = spec.epochs();
    int bestEpoch = spec.epochs();
    double bestValidation = Double.NaN;
    try (TrainingSession session = TrainingSession.open(config, d)) {
      SplittableRandom rng = new SplittableRandom(seed);
      if (spec.patience() == 0 || n < MIN_ROWS_TO_HOLD_OUT) {
        session.fit(new TrainingRows(n, xs, d, null, 0, ws), spec.epochs(), rng);
        params = session.parameterBytes();
      } else {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
          order[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
          int j = rng.nextInt(i + 1);
          int t = order[i];
          order[i] = order[j];
          order[j] = t;
        }
        int held = (int) Math.round(VALIDATION * n);
        TrainingRows fitRows = rows(xs, ws, d, order, held, n);
        TrainingRows validation = rows(xs, ws, d, order, 0, held);
        params = null;
        bestValidation = Double.POSITIVE_INFINITY;
        for (int e = 1; e <= spec.epochs(); e++) {
          session.fit(fitRows, 1, rng);
          double v = meanNegativeLogDensity(session, validation);
          epochsRun = e;
          if (v < bestValidation || params == null) {
            bestValidation = v;
            bestEpoch = e;
            params = session.parameterBytes();
          } else if (e - bestEpoch >= spec.patience()) {
            break;
          }
        }
      }
    }
    Map<String, Object> prov = new LinkedHashMap<>();
    prov.put("type", TYPE);
    prov.put("task", Task.DENSITY.name().toLowerCase(Locale.ROOT));
    prov.put("hyperparameters", spec.describe());
    prov.put("rows", n);
    prov.put("weighted", w != null);
    prov.put("inputs", d);
    prov.put("epochs", spec.epochs());
    prov.put("seed", seed);
    prov.put("device", device.toString());
    prov.put("seconds", (System.nanoTime() - t0) / 1e9);
    // the mean negative log-density of the standardized training points in the last epoch
    prov.put("final_loss", loss.value());
    prov.put("epochs_run", epochsRun);
    prov.put("best_epoch", bestEpoch);
    if (!Double.isNaN(bestValidation)) {
      prov.put("validation_loss", bestValidation);
    }
    return new FlowDensity(spec, d, mean, std, params, prov);
  }

  /** Rows {@code order[from..to)} of the standardized points. */
  private static TrainingRows rows(float[] xs, float[] ws, int d, int[] order, int from, int to) {
    float[] x = new float[(to - from) * d];
    float[] w = ws == null ? null : new float[to - from];
    for (int r = from; r < to; r++) {
      System.arraycopy(xs, order[r] * d, x, (r - from) * d, d);
      if (w != null) {
        w[r - from] = ws[order[r]];
      }
    }
    return new TrainingRows(to - from, x, d, null, 0, w);
  }

  /** The (weighted) mean of -log q of {@code rows} under the session's flow as it stands. */
  private static double meanNegativeLogDensity(TrainingSession session, TrainingRows rows) {
    SplineFlow flow = (SplineFlow) session.block();
    try (Torch.GradMode off = Torch.gradMode(false); NDManager m = session.manager().newSubManager()) {
      ParameterStore ps = new ParameterStore(m, false);
      float[] lp = flow.logDensity(ps, m.create(rows.x(), new Shape(rows.rows(), rows.inputs())), false).toFloatArray();
      double sum = 0;
      double total = 0;
      for (int i = 0; i < lp.length; i++) {
        double w = rows.weights() == null ? 1 : rows.weights()[i];
        sum -= w * lp[i];
        total += w;
      }
      return sum / total;
    }
  }

  /** Mean loss over the rows of the last epoch, read once per batch. */
  private static final class LastEpochLoss implements SessionListener {
    private double sum;
    private long rows;
    private double last = Double.NaN;

    @Override
    public void onEpochStart(int epoch) {
      sum = 0;
      rows = 0;
    }

    @Override
    public void onBatch(int epoch, NDArray loss, int n) {
      sum += loss.getFloat() * n;
      rows += n;
    }

    @Override
    public void onEpochEnd(int epoch) {
      last = rows == 0 ? Double.NaN : sum / rows;
    }

    double value() {
      return last;
    }
  }

  private static double[] logit(double[] u) {
    double[] y = new double[u.length];
    for (int j = 0; j < u.length; j++) {
      double v = Math.min(1 - EDGE, Math.max(EDGE, u[j]));
      y[j] = Math.log(v) - Math.log1p(-v);
    }
    return y;
  }

  /** log |d logit(u) / du| summed over the coordinates, with the same hold off the walls as {@link #logit}. */
  private static double logitJacobian(double[] u) {
    double s = 0;
    for (double a : u) {
      double v = Math.min(1 - EDGE, Math.max(EDGE, a));
      s -= Math.log(v) + Math.log1p(-v);
    }
    return s;
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

  // ---- Surrogate ---------------------------------------------------------------------

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public Task task() {
    return Task.DENSITY;
  }

  @Override
  public int inputs() {
    return dimension;
  }

  /** One: the log-density. */
  @Override
  public int outputs() {
    return 1;
  }

  /** The log-density of every row, as the one output. */
  @Override
  public Prediction predict(double[][] x) {
    double[] lp = logDensity(x);
    double[][] mean = new double[lp.length][];
    for (int i = 0; i < lp.length; i++) {
      mean[i] = new double[] {lp[i]};
    }
    return new Prediction(mean, null);
  }

  @Override
  public Map<String, Object> provenance() {
    return provenance;
  }

  /** An envelope of type {@value #TYPE}: the spec as parameters; payload: dimension, moments, weights. */
  @Override
  public byte[] toBytes() {
    return toBytes(provenance);
  }

  /** {@link #toBytes()} with another provenance (what the training task adds: where it ran). */
  byte[] toBytes(Map<String, Object> provenance) {
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream(parameters.length + 64 * dimension);
      DataOutputStream out = new DataOutputStream(bytes);
      out.writeInt(dimension);
      for (int j = 0; j < dimension; j++) {
        out.writeDouble(mean[j]);
        out.writeDouble(std[j]);
      }
      out.writeInt(parameters.length);
      out.write(parameters);
      out.flush();
      return new ModelEnvelope(TYPE, FORMAT, spec.describe(), provenance, bytes.toByteArray()).toBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Reads {@link #toBytes()}. */
  public static FlowDensity read(ModelEnvelope env) {
    if (!env.type().equals(TYPE)) {
      throw new IllegalArgumentException("these bytes hold a " + env.type() + " model, not a flow");
    }
    if (env.format() != FORMAT) {
      throw new IllegalArgumentException("flow payload format " + env.format() + "; this hepscan reads " + FORMAT);
    }
    Map<String, Object> p = env.parameters();
    Spec spec;
    try {
      spec = new Spec(((Number) p.get("transforms")).intValue(), ((Number) p.get("hidden")).intValue(),
          ((Number) p.get("bins")).intValue(), ((Number) p.get("bound")).doubleValue(), ((Number) p.get("epochs")).intValue(),
          ((Number) p.get("batch_size")).intValue(), ((Number) p.get("learning_rate")).doubleValue(),
          (Boolean) p.get("unit_cube"), ((Number) p.get("patience")).intValue());
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("the flow's hyperparameters " + p + " are incomplete: " + e.getMessage(), e);
    }
    try {
      DataInputStream in = new DataInputStream(new ByteArrayInputStream(env.payload()));
      int d = in.readInt();
      if (d < 1 || d > 100_000) {
        throw new IllegalArgumentException("corrupt flow payload (dimension " + d + ")");
      }
      double[] mean = new double[d];
      double[] std = new double[d];
      for (int j = 0; j < d; j++) {
        mean[j] = in.readDouble();
        std[j] = in.readDouble();
      }
      int n = in.readInt();
      if (n < 0 || n > env.payload().length) {
        throw new IllegalArgumentException("corrupt flow payload (" + n + " bytes of weights)");
      }
      byte[] params = new byte[n];
      in.readFully(params);
      return new FlowDensity(spec, d, mean, std, params, env.provenance());
    } catch (IOException e) {
      throw new IllegalArgumentException("corrupt flow payload: " + e.getMessage(), e);
    }
  }

  // ---- DensityModel ------------------------------------------------------------------

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
        double[] extra = new double[rows];
        for (int r = 0; r < rows; r++) {
          double[] p = x[start + r];
          if (spec.unitCube()) {
            extra[r] = logitJacobian(p);
            p = logit(p);
          }
          for (int j = 0; j < dimension; j++) {
            buf[r * dimension + j] = (float) ((p[j] - mean[j]) / std[j]);
          }
        }
        try (NDManager c = m.newSubManager()) {
          float[] lp = block.logDensity(ps, c.create(buf, new Shape(rows, dimension)), false).toFloatArray();
          for (int r = 0; r < rows; r++) {
            double v = lp[r] - logJacobian + extra[r];
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
              if (spec.unitCube()) {
                p[j] = 1 / (1 + Math.exp(-p[j]));
              }
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
