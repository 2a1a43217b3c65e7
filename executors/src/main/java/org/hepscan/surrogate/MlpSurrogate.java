package org.hepscan.surrogate;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.norm.Dropout;
import ai.djl.training.ParameterStore;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.hepscan.surrogate.train.Torch;

/**
 * A trained {@link MlpSpec} network: a DJL {@link SequentialBlock} on the PyTorch engine
 * plus the feature (and, for regression, target) standardization it was trained with.
 *
 * <p>{@link #predict} runs in float32 with gradient tracking off, in chunks of
 * {@link #PREDICT_CHUNK} rows: large enough to amortize the JNI calls per layer, small
 * enough that a layer's activations (1024 x 100 floats, 400 KB) stay near the core.
 * Measured with {@link SurrogateThroughput} on the idle 2-core AMD EPYC dev machine (4x100
 * ReLU, 7 inputs, 2M points): one thread 1.04 M points/s with chunks of 256, 1.11 M with
 * 1024, 0.95 M with 4096; PyTorch intra-op threads (2 on 2 cores) were 5-10x slower than
 * one; two Java threads, each with one PyTorch thread, 1.56 M (chunk 256), 2.24 M (1024),
 * 1.84 M (4096). So predict stays on its calling thread (Spark's task threads, or the
 * {@link CandidateScorer}'s slices, give the parallelism). Every call works in its own
 * child {@link NDManager}, so several threads may predict at once.
 */
public final class MlpSurrogate implements Surrogate, Differentiable {
  /** Rows per forward pass in {@link #predict}: the best of the sizes measured by {@link SurrogateThroughput}. */
  public static final int PREDICT_CHUNK = Integer.getInteger("hepscan.mlp.predict_chunk", 1024);

  private static final String MAGIC = "hepscan-mlp";
  // 2: the spec ends with min_steps; 1 (no min_steps) is still read
  private static final int VERSION = 2;

  private final MlpSpec spec;
  private final int inputs;
  private final int outputs;
  private final double[] xMean;
  private final double[] xStd;
  private final double[] yMean;
  private final double[] yStd;
  private final Map<String, Object> provenance;
  private final NDManager manager;
  private final SequentialBlock block;
  private volatile boolean closed;

  MlpSurrogate(MlpSpec spec, int inputs, int outputs, double[] xMean, double[] xStd, double[] yMean, double[] yStd,
      Map<String, Object> provenance, NDManager manager, SequentialBlock block) {
    this.spec = spec;
    this.inputs = inputs;
    this.outputs = outputs;
    this.xMean = xMean;
    this.xStd = xStd;
    this.yMean = yMean;
    this.yStd = yStd;
    this.provenance = Collections.unmodifiableMap(new LinkedHashMap<>(provenance));
    this.manager = manager;
    this.block = block;
  }

  /** The network for {@code spec} with {@code outputs} outputs, before initialization; logits for a sigmoid output. */
  static SequentialBlock network(MlpSpec spec, int outputs) {
    SequentialBlock b = new SequentialBlock();
    for (int h : spec.hidden()) {
      b.add(Linear.builder().setUnits(h).build());
      if (spec.batchNorm()) {
        b.add(BatchNorm.builder().build());
      }
      b.add(activation(spec.activation()));
      if (spec.dropout() > 0) {
        b.add(Dropout.builder().optRate((float) spec.dropout()).build());
      }
    }
    b.add(Linear.builder().setUnits(outputs).build());
    return b;
  }

  private static Block activation(String name) {
    return switch (name) {
      case "relu" -> Activation.reluBlock();
      case "tanh" -> Activation.tanhBlock();
      case "sigmoid" -> Activation.sigmoidBlock();
      case "leaky-relu" -> Activation.leakyReluBlock(0.01f);
      case "gelu" -> Activation.geluBlock();
      case "softplus" -> Activation.softPlusBlock();
      default -> throw new IllegalArgumentException("unknown activation " + name);
    };
  }

  /** Where a loaded or trained network predicts: cpu, or auto (the first GPU when DJL sees one). */
  static Device device(String name) {
    return "cpu".equals(name) || Engine.getInstance().getGpuCount() == 0 ? Device.cpu() : Device.gpu();
  }

  // ---- Surrogate -------------------------------------------------------------------

  @Override
  public String type() {
    return MlpSpec.TYPE;
  }

  @Override
  public Task task() {
    return spec.task();
  }

  public MlpSpec spec() {
    return spec;
  }

  @Override
  public int inputs() {
    return inputs;
  }

  @Override
  public int outputs() {
    return outputs;
  }

  @Override
  public Prediction predict(double[][] x) {
    return predict(x, PREDICT_CHUNK);
  }

  /** {@link #predict(double[][])} with a chosen number of rows per forward pass. */
  public Prediction predict(double[][] x, int chunk) {
    checkOpen();
    int n = x.length;
    double[][] mean = new double[n][outputs];
    if (n == 0) {
      return new Prediction(mean, null);
    }
    chunk = Math.max(1, chunk);
    try (Torch.GradMode off = Torch.gradMode(false); NDManager m = manager.newSubManager()) {
      ParameterStore ps = new ParameterStore(m, false);
      float[] buf = new float[Math.min(n, chunk) * inputs];
      for (int start = 0; start < n; start += chunk) {
        int rows = Math.min(chunk, n - start);
        if (rows * inputs != buf.length) {
          buf = new float[rows * inputs];
        }
        scale(x, start, rows, buf);
        try (NDManager c = m.newSubManager()) {
          NDArray in = c.create(buf, new Shape(rows, inputs));
          NDArray out = block.forward(ps, new NDList(in), false).singletonOrThrow();
          if (sigmoidOutput()) {
            out = Activation.sigmoid(out);
          }
          float[] r = out.toFloatArray();
          unscale(r, mean, start, rows);
        }
      }
    }
    return new Prediction(mean, null);
  }

  /**
   * Monte Carlo dropout (Gal and Ghahramani 2016; papers/002 sec. 3.1, query by dropout
   * committee): {@code passes} forward passes with the network's dropout kept on, each a
   * member of the returned prediction, their mean and sample std. The masks come from
   * PyTorch's global generator, seeded with {@code seed} under {@link Torch#RANDOM_LOCK}, so
   * the same seed gives the same committee. Needs a network trained with dropout and
   * without batch norm (a training-mode pass would move batch norm's running statistics).
   */
  public Prediction predictDropout(double[][] x, int passes, long seed) {
    checkOpen();
    if (spec.dropout() <= 0) {
      throw new IllegalStateException("MC dropout needs a network with dropout; this one has none (model: {dropout: 0.2})");
    }
    if (spec.batchNorm()) {
      throw new IllegalStateException("MC dropout cannot run with batch_norm: a training-mode pass would move its statistics");
    }
    if (passes < 2) {
      throw new IllegalArgumentException("MC dropout needs at least 2 passes, got " + passes);
    }
    int n = x.length;
    double[][][] members = new double[passes][n][outputs];
    synchronized (Torch.RANDOM_LOCK) {
      Torch.seed(seed);
      try (Torch.GradMode off = Torch.gradMode(false); NDManager m = manager.newSubManager()) {
        ParameterStore ps = new ParameterStore(m, false);
        for (int start = 0; start < n; start += PREDICT_CHUNK) {
          int rows = Math.min(PREDICT_CHUNK, n - start);
          float[] buf = new float[rows * inputs];
          scale(x, start, rows, buf);
          try (NDManager c = m.newSubManager()) {
            NDArray in = c.create(buf, new Shape(rows, inputs));
            for (int t = 0; t < passes; t++) {
              NDArray out = block.forward(ps, new NDList(in), true).singletonOrThrow();
              if (sigmoidOutput()) {
                out = Activation.sigmoid(out);
              }
              unscale(out.toFloatArray(), members[t], start, rows);
            }
          }
        }
      }
    }
    double[][] mean = new double[n][outputs];
    double[][] std = new double[n][outputs];
    for (int i = 0; i < n; i++) {
      for (int o = 0; o < outputs; o++) {
        double s = 0;
        for (int t = 0; t < passes; t++) {
          s += members[t][i][o];
        }
        double mu = s / passes;
        double ss = 0;
        for (int t = 0; t < passes; t++) {
          double d = members[t][i][o] - mu;
          ss += d * d;
        }
        mean[i][o] = mu;
        std[i][o] = Math.sqrt(ss / (passes - 1));
      }
    }
    return new Prediction(mean, std, members);
  }

  /** d output[o] / d x with respect to the unit-cube inputs: through the scaling and the output sigmoid. */
  @Override
  public double[][] gradient(double[][] x, int output) {
    checkOpen();
    if (output < 0 || output >= outputs) {
      throw new IllegalArgumentException("output " + output + " of a model with " + outputs);
    }
    int n = x.length;
    double[][] g = new double[n][inputs];
    double outScale = yStd == null ? 1 : yStd[output];
    try (Torch.GradMode on = Torch.gradMode(true); NDManager m = manager.newSubManager()) {
      ParameterStore ps = new ParameterStore(m, false);
      for (int start = 0; start < n; start += PREDICT_CHUNK) {
        int rows = Math.min(PREDICT_CHUNK, n - start);
        float[] buf = new float[rows * inputs];
        scale(x, start, rows, buf);
        try (NDManager c = m.newSubManager()) {
          NDArray in = c.create(buf, new Shape(rows, inputs));
          in.setRequiresGradient(true);
          NDArray out = block.forward(ps, new NDList(in), false).singletonOrThrow();
          NDArray col = out.get(new NDIndex(":, {}", output));
          if (sigmoidOutput()) {
            col = Activation.sigmoid(col);
          }
          Torch.backward(col, c);
          float[] gr = in.getGradient().toFloatArray();
          for (int i = 0; i < rows; i++) {
            for (int j = 0; j < inputs; j++) {
              g[start + i][j] = gr[i * inputs + j] * outScale / xStd[j];
            }
          }
        }
      }
    }
    return g;
  }

  private boolean sigmoidOutput() {
    return "sigmoid".equals(spec.output());
  }

  private void scale(double[][] x, int start, int rows, float[] buf) {
    int k = 0;
    for (int i = start; i < start + rows; i++) {
      double[] row = x[i];
      if (row.length != inputs) {
        throw new IllegalArgumentException("row " + i + " has " + row.length + " inputs; the model takes " + inputs);
      }
      for (int j = 0; j < inputs; j++) {
        buf[k++] = (float) ((row[j] - xMean[j]) / xStd[j]);
      }
    }
  }

  private void unscale(float[] r, double[][] mean, int start, int rows) {
    for (int i = 0; i < rows; i++) {
      double[] row = mean[start + i];
      for (int o = 0; o < outputs; o++) {
        double v = r[i * outputs + o];
        row[o] = yStd == null ? v : v * yStd[o] + yMean[o];
      }
    }
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("this mlp surrogate has been closed");
    }
  }

  @Override
  public Map<String, Object> provenance() {
    return provenance;
  }

  @Override
  public void close() {
    if (!closed) {
      closed = true;
      manager.close();
    }
  }

  // ---- bytes -----------------------------------------------------------------------

  /** The network's weights alone, as DJL writes them. */
  byte[] parameterBytes() {
    checkOpen();
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      DataOutputStream out = new DataOutputStream(bytes);
      block.saveParameters(out);
      out.flush();
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  double[][] scaling() {
    return new double[][] {xMean, xStd, yMean, yStd};
  }

  /** The network in its family's {@link org.hepscan.surrogate.family.ModelEnvelope} (see {@link MlpCodec}). */
  @Override
  public byte[] toBytes() {
    return MlpCodec.network(spec, network());
  }

  /** What this network is made of, for its codec. */
  MlpCodec.Network network() {
    return new MlpCodec.Network(inputs, outputs, xMean, xStd, yMean, yStd, provenance, parameterBytes());
  }

  /** Reads a single network: its envelope, or its bytes from before the envelope. */
  public static MlpSurrogate fromBytes(byte[] bytes) {
    Surrogate s = MlpCodec.read(bytes);
    if (s instanceof MlpSurrogate m) {
      return m;
    }
    s.close();
    throw new IllegalArgumentException("these bytes hold an mlp ensemble, not a single network");
  }

  /** A surrogate around weights written by {@link #parameterBytes()}. */
  static MlpSurrogate withParameters(MlpSpec spec, int inputs, int outputs, double[] xMean, double[] xStd, double[] yMean,
      double[] yStd, Map<String, Object> prov, byte[] params, String device) {
    NDManager manager = NDManager.newBaseManager(device(device));
    try {
      SequentialBlock block = network(spec, outputs);
      Torch.allocate(block, manager, new Shape(1, inputs));
      block.loadParameters(manager, new DataInputStream(new ByteArrayInputStream(params)));
      return new MlpSurrogate(spec, inputs, outputs, xMean, xStd, yMean, yStd, prov, manager, block);
    } catch (IOException | MalformedModelException | RuntimeException e) {
      manager.close();
      throw new IllegalArgumentException("cannot read the mlp weights: " + e.getMessage(), e);
    }
  }
}
