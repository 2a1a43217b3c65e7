package org.hepscan.surrogate.bnn;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hepscan.surrogate.Prediction;
import org.hepscan.surrogate.Surrogate;
import org.hepscan.surrogate.Task;
import org.hepscan.surrogate.family.ModelEnvelope;
import org.hepscan.surrogate.train.Torch;

/**
 * A Bayesian network as the networks its posterior sampling kept (papers/003): each a full
 * set of weights, together a point cloud of the predictive distribution.
 *
 * <p>The networks are evaluated as one batched computation: every layer's weights are
 * stacked into one tensor (networks × fan-in × fan-out), so a chunk of rows passes through
 * all networks in one matrix product per layer instead of one network after another.
 *
 * <p>A prediction gives the mean over the networks; its std is the posterior predictive
 * spread: for a classifier, the spread of the networks' probabilities; for a regressor, the
 * networks' spread together with the learned output σ of the likelihood (the noise each
 * kept network was sampled with), since a true value scatters by both. The per-network
 * values come as the prediction's members (probabilities, or outputs without noise).
 */
public final class BnnSurrogate implements Surrogate {
  public static final String TYPE = "bnn";
  /** Payload format of {@link #toBytes()}. */
  static final int FORMAT = 1;
  /**
   * Rows per batched pass. Small on purpose: networks × rows × width activations that stay in
   * the processor's caches make every pass several times faster than chunks of thousands.
   */
  public static final int PREDICT_CHUNK = Integer.getInteger("hepscan.bnn.predict_chunk", 256);

  private final BnnLayout layout;
  private final Task task;
  private final double[] yMean;
  private final double[] yStd;
  private final float[][] networks;
  private final double[][] noise;
  private final Map<String, Object> parameters;
  private final Map<String, Object> provenance;
  private final NDManager manager;
  private final NDArray[] weights;
  private final NDArray[] biases;
  private final NDArray[] slopes;
  private final NDArray[] oneMinusSlopes;
  private volatile boolean closed;

  /**
   * @param networks each a θ laid out as {@code layout} says
   * @param noise per network and output, the likelihood's σ in target units (regression), else null
   */
  BnnSurrogate(BnnLayout layout, Task task, double[] yMean, double[] yStd, List<float[]> networks,
      List<double[]> noise, Map<String, Object> parameters, Map<String, Object> provenance) {
    if (networks.isEmpty()) {
      throw new IllegalArgumentException("a Bayesian network needs at least one sampled network");
    }
    if (task == Task.DENSITY) {
      throw new IllegalArgumentException("a Bayesian network learns targets, not a density");
    }
    this.layout = layout;
    this.task = task;
    this.yMean = yMean;
    this.yStd = yStd;
    this.networks = networks.toArray(new float[0][]);
    this.noise = task == Task.REGRESSION ? noise.toArray(new double[0][]) : null;
    for (float[] t : this.networks) {
      if (t.length != layout.size()) {
        throw new IllegalArgumentException("a network of " + t.length + " weights for a layout of " + layout.size());
      }
    }
    if (this.noise != null && this.noise.length != this.networks.length) {
      throw new IllegalArgumentException(this.networks.length + " networks but " + this.noise.length + " noise levels");
    }
    this.parameters = new LinkedHashMap<>(parameters);
    this.provenance = new LinkedHashMap<>(provenance);
    this.manager = NDManager.newBaseManager(Device.cpu());
    int m = this.networks.length;
    int layers = layout.layers();
    weights = new NDArray[layers];
    biases = new NDArray[layers];
    slopes = new NDArray[layout.hidden()];
    oneMinusSlopes = new NDArray[layout.hidden()];
    for (int l = 0; l < layers; l++) {
      int in = layout.fanIn(l);
      int out = layout.fanOut(l);
      float[] w = new float[m * in * out];
      float[] b = new float[m * out];
      for (int k = 0; k < m; k++) {
        System.arraycopy(this.networks[k], layout.weightOffset(l), w, k * in * out, in * out);
        System.arraycopy(this.networks[k], layout.biasOffset(l), b, k * out, out);
      }
      weights[l] = manager.create(w, new Shape(m, in, out));
      biases[l] = manager.create(b, new Shape(m, 1, out));
      if (l < layout.hidden()) {
        float[] a = new float[m];
        float[] oneMinus = new float[m];
        for (int k = 0; k < m; k++) {
          a[k] = this.networks[k][layout.slopeOffset() + l];
          oneMinus[k] = 1 - a[k];
        }
        slopes[l] = manager.create(a, new Shape(m, 1, 1));
        oneMinusSlopes[l] = manager.create(oneMinus, new Shape(m, 1, 1));
      }
    }
  }

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public Task task() {
    return task;
  }

  @Override
  public int inputs() {
    return layout.inputs();
  }

  @Override
  public int outputs() {
    return layout.outputs();
  }

  /** The networks sampled. */
  public int networks() {
    return networks.length;
  }

  public BnnLayout layout() {
    return layout;
  }

  /** Mean, predictive std and the per-network values. */
  @Override
  public Prediction predict(double[][] x) {
    return predict(x, true);
  }

  /**
   * {@link #predict(double[][])}, without the per-network values when {@code members} is
   * false (scoring a large pool needs the mean and std only, not networks × rows values).
   */
  public Prediction predict(double[][] x, boolean members) {
    checkOpen();
    int n = x.length;
    int o = outputs();
    int m = networks.length;
    double[][] mean = new double[n][o];
    double[][] std = new double[n][o];
    double[][][] each = members ? new double[m][n][o] : null;
    double[] noiseVar = new double[o];
    if (noise != null) {
      for (double[] s : noise) {
        for (int j = 0; j < o; j++) {
          noiseVar[j] += s[j] * s[j] / m;
        }
      }
    }
    for (int start = 0; start < n; start += PREDICT_CHUNK) {
      int rows = Math.min(PREDICT_CHUNK, n - start);
      float[] values = values(x, start, rows);
      for (int i = 0; i < rows; i++) {
        for (int j = 0; j < o; j++) {
          double s = 0;
          double ss = 0;
          for (int k = 0; k < m; k++) {
            double v = unscale(values[(k * rows + i) * o + j], j);
            s += v;
            ss += v * v;
            if (each != null) {
              each[k][start + i][j] = v;
            }
          }
          double mu = s / m;
          double var = Math.max(0, ss / m - mu * mu);
          mean[start + i][j] = mu;
          std[start + i][j] = Math.sqrt(var + noiseVar[j]);
        }
      }
    }
    return new Prediction(mean, std, each);
  }

  private double unscale(float v, int j) {
    return task == Task.CLASSIFICATION ? v : yMean[j] + yStd[j] * v;
  }

  /**
   * Every network's outputs (probabilities for a classifier, standardized values for a
   * regressor) for {@code rows} rows from {@code start}: networks × rows × outputs.
   */
  private float[] values(double[][] x, int start, int rows) {
    int in = inputs();
    float[] buf = new float[rows * in];
    for (int i = 0; i < rows; i++) {
      double[] r = x[start + i];
      if (r.length != in) {
        throw new IllegalArgumentException("row " + (start + i) + " has " + r.length + " inputs; the model takes " + in);
      }
      for (int j = 0; j < in; j++) {
        buf[i * in + j] = (float) scaleInput(r[j]);
      }
    }
    try (Torch.GradMode off = Torch.gradMode(false); NDManager c = manager.newSubManager()) {
      NDArray h = c.create(buf, new Shape(rows, in));
      for (int l = 0; l < layout.layers(); l++) {
        // rows × fan-in against networks × fan-in × fan-out: broadcast to networks × rows × fan-out.
        h = h.matMul(weights[l]);
        h.addi(biases[l]);
        if (l < layout.hidden()) {
          // PReLU as a h + (1 - a) relu(h), in place: each pass over the activations costs
          // as much as a layer's matrix product here.
          NDArray r = Activation.relu(h);
          r.muli(oneMinusSlopes[l]);
          h.muli(slopes[l]);
          h.addi(r);
        }
      }
      if (task == Task.CLASSIFICATION) {
        h = Activation.sigmoid(h);
      }
      return h.toFloatArray();
    }
  }

  /** Unit-cube coordinates to [-1, 1], where the networks' weights were sampled. */
  static double scaleInput(double u) {
    return 2 * u - 1;
  }

  /** One network's outputs (unscaled) in plain Java: the reference of the batched pass. */
  double[] networkOutput(int k, double[] x) {
    double[] xs = new double[x.length];
    for (int j = 0; j < x.length; j++) {
      xs[j] = scaleInput(x[j]);
    }
    double[] theta = new double[layout.size()];
    for (int i = 0; i < theta.length; i++) {
      theta[i] = networks[k][i];
    }
    double[] f = layout.forward(theta, xs);
    for (int j = 0; j < f.length; j++) {
      f[j] = task == Task.CLASSIFICATION ? 1 / (1 + Math.exp(-f[j])) : yMean[j] + yStd[j] * f[j];
    }
    return f;
  }

  /** The likelihood σ of network {@code k} per output, in target units; null for a classifier. */
  public double[] noiseSigma(int k) {
    return noise == null ? null : noise[k].clone();
  }

  @Override
  public Map<String, Object> provenance() {
    return java.util.Collections.unmodifiableMap(provenance);
  }

  /** The hyperparameters it was built with (the spec's description). */
  public Map<String, Object> parameters() {
    return java.util.Collections.unmodifiableMap(parameters);
  }

  @Override
  public byte[] toBytes() {
    return toBytes(provenance);
  }

  byte[] toBytes(Map<String, Object> prov) {
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream(networks.length * layout.size() * 4 + 256);
      DataOutputStream out = new DataOutputStream(bytes);
      out.writeInt(layout.inputs());
      out.writeInt(layout.hidden());
      out.writeInt(layout.width());
      out.writeInt(layout.outputs());
      out.writeUTF(task.name());
      for (int j = 0; j < outputs(); j++) {
        out.writeDouble(yMean == null ? 0 : yMean[j]);
        out.writeDouble(yStd == null ? 1 : yStd[j]);
      }
      out.writeInt(networks.length);
      for (int k = 0; k < networks.length; k++) {
        for (float v : networks[k]) {
          out.writeFloat(v);
        }
        for (int j = 0; j < outputs(); j++) {
          out.writeDouble(noise == null ? 0 : noise[k][j]);
        }
      }
      out.flush();
      return new ModelEnvelope(TYPE, FORMAT, parameters, prov, bytes.toByteArray()).toBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Reads {@link #toBytes()}'s envelope. */
  public static BnnSurrogate read(ModelEnvelope env) {
    if (!TYPE.equals(env.type())) {
      throw new IllegalArgumentException("not a Bayesian network: the envelope holds a " + env.type() + " model");
    }
    if (env.format() != FORMAT) {
      throw new IllegalArgumentException("Bayesian network format " + env.format() + "; this hepscan reads " + FORMAT);
    }
    try {
      DataInputStream in = new DataInputStream(new ByteArrayInputStream(env.payload()));
      BnnLayout layout = new BnnLayout(in.readInt(), in.readInt(), in.readInt(), in.readInt());
      Task task = Task.valueOf(in.readUTF());
      double[] mean = new double[layout.outputs()];
      double[] sd = new double[layout.outputs()];
      for (int j = 0; j < mean.length; j++) {
        mean[j] = in.readDouble();
        sd[j] = in.readDouble();
      }
      int m = in.readInt();
      if (m < 1 || (long) m * layout.size() * 4 > env.payload().length) {
        throw new IllegalArgumentException("corrupt Bayesian network: " + m + " networks");
      }
      List<float[]> nets = new ArrayList<>(m);
      List<double[]> noise = new ArrayList<>(m);
      for (int k = 0; k < m; k++) {
        float[] t = new float[layout.size()];
        for (int i = 0; i < t.length; i++) {
          t[i] = in.readFloat();
        }
        double[] s = new double[layout.outputs()];
        for (int j = 0; j < s.length; j++) {
          s[j] = in.readDouble();
        }
        nets.add(t);
        noise.add(s);
      }
      return new BnnSurrogate(layout, task, task == Task.REGRESSION ? mean : null, task == Task.REGRESSION ? sd : null,
          nets, noise, env.parameters(), env.provenance());
    } catch (IOException e) {
      throw new IllegalArgumentException("corrupt Bayesian network: " + e.getMessage(), e);
    }
  }

  /**
   * One model of the networks of several chains (of the same layout and targets), with
   * {@code provenance} for the whole.
   */
  static BnnSurrogate merge(List<BnnSurrogate> chains, Map<String, Object> provenance) {
    BnnSurrogate first = chains.get(0);
    List<float[]> nets = new ArrayList<>();
    List<double[]> noise = new ArrayList<>();
    for (BnnSurrogate c : chains) {
      if (!c.layout.equals(first.layout) || c.task != first.task) {
        throw new IllegalArgumentException("chains of different networks cannot be merged");
      }
      for (int k = 0; k < c.networks.length; k++) {
        nets.add(c.networks[k]);
        noise.add(c.noise == null ? new double[c.outputs()] : c.noise[k]);
      }
    }
    return new BnnSurrogate(first.layout, first.task, first.yMean, first.yStd, nets, noise, first.parameters,
        provenance);
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("this Bayesian network was closed");
    }
  }

  @Override
  public void close() {
    closed = true;
    manager.close();
  }
}
