package org.hepscan.surrogate;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import ai.djl.util.Pair;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.hepscan.training.TaskDevice;
import org.hepscan.training.TrainingPlan;

/**
 * The training loop of an {@link MlpSpec}: shuffled mini-batches (the order drawn from a
 * {@link SplittableRandom} seeded by the seed), Adam, weights initialized after seeding
 * DJL with the same seed, so that a seed gives the same model on a CPU.
 *
 * <p>Several trainings may run at once in one JVM (ensemble members as the task threads of
 * one executor, each on its own GPU or core). Two things in PyTorch are JVM-wide: DJL's
 * {@code GradientCollector} (a second one throws "already collecting"), so the loop
 * switches gradient recording on for its own thread (libtorch's grad mode is thread-local)
 * and calls backward itself, as the collector does; and the random generator that seeds
 * the weights and draws dropout masks, so seeding and initialization take turns on
 * {@link #LOCK}, and a network with dropout holds it for its whole training. Otherwise a
 * training's result would depend on what ran beside it.
 */
final class MlpTrainer {
  /** Guards PyTorch's global random generator. */
  static final Object LOCK = new Object();

  private MlpTrainer() {
  }

  /** A trained network before it becomes an {@link MlpSurrogate}: what its bytes are made of. */
  record Trained(MlpSpec spec, int inputs, int outputs, double[] xMean, double[] xStd, double[] yMean, double[] yStd,
                 Map<String, Object> provenance, byte[] parameters) {

    byte[] toBytes() {
      return MlpSurrogate.bytes(spec, inputs, outputs, xMean, xStd, yMean, yStd, provenance, parameters);
    }

    MlpSurrogate toSurrogate(String device) {
      return MlpSurrogate.withParameters(spec, inputs, outputs, xMean, xStd, yMean, yStd, provenance, parameters, device);
    }
  }

  /**
   * The DJL device of {@code task}: the CPU, the GPU Spark assigned it, or (no assignment:
   * a local master) the GPU of its slot among those DJL sees. A GPU this JVM's libtorch
   * cannot use is an error that says what the executor lacks.
   */
  static Device device(TaskDevice task) {
    if (!task.gpu()) {
      return Device.cpu();
    }
    int n = Engine.getInstance().getGpuCount();
    String where = "executor " + task.executor();
    if (n == 0) {
      throw new IllegalStateException((task.address() == null ? "this training task was to run on a GPU"
          : "Spark gave this training task GPU " + task.address()) + ", but DJL sees no GPU in " + where + " (PyTorch "
          + Engine.getInstance().getVersion() + "): " + TrainingPlan.CUDA_HINT);
    }
    if (task.address() == null) {
      return Device.gpu(task.ordinal() % n);
    }
    if (task.ordinal() < 0 || task.ordinal() >= n) {
      throw new IllegalStateException("Spark gave this training task GPU " + task.address() + ", which is not one of the "
          + n + " CUDA device(s) DJL sees in " + where + " (CUDA_VISIBLE_DEVICES=" + System.getenv("CUDA_VISIBLE_DEVICES")
          + "); the discovery script must print the indices CUDA uses, or the GPU UUIDs listed in CUDA_VISIBLE_DEVICES");
    }
    return Device.gpu(task.ordinal());
  }

  static Trained train(MlpSpec spec, TrainingSet data, long seed, MlpSurrogate warm, int epochs, TaskDevice task) {
    int n = data.size();
    int d = data.inputs();
    int k = data.outputs();
    double[] xMean;
    double[] xStd;
    double[] yMean = null;
    double[] yStd = null;
    if (warm != null) {
      if (warm.inputs() != d || warm.outputs() != k) {
        throw new IllegalArgumentException("the warm start model maps " + warm.inputs() + " inputs to " + warm.outputs()
            + " outputs; the data has " + d + " and " + k);
      }
      MlpSpec w = warm.spec();
      if (!Arrays.equals(w.hidden(), spec.hidden()) || !w.activation().equals(spec.activation())
          || w.batchNorm() != spec.batchNorm() || !w.output().equals(spec.output())) {
        throw new IllegalArgumentException("the warm start model has another architecture: " + w.describe());
      }
      // The scaling stays that of the first training: the weights were learnt for it.
      double[][] s = warm.scaling();
      xMean = s[0];
      xStd = s[1];
      yMean = s[2];
      yStd = s[3];
    } else {
      xMean = new double[d];
      xStd = new double[d];
      Arrays.fill(xStd, 1);
      if (spec.standardize()) {
        moments(data.x(), xMean, xStd);
      }
      if (spec.scalesTargets()) {
        yMean = new double[k];
        yStd = new double[k];
        moments(data.y(), yMean, yStd);
      }
    }
    float[] xs = new float[n * d];
    float[] ys = new float[n * k];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < d; j++) {
        xs[i * d + j] = (float) ((data.x()[i][j] - xMean[j]) / xStd[j]);
      }
      for (int o = 0; o < k; o++) {
        double v = data.y()[i][o];
        ys[i * k + o] = (float) (yStd == null ? v : (v - yMean[o]) / yStd[o]);
      }
    }
    byte[] warmParams = warm == null ? null : warm.parameterBytes();

    long t0 = System.nanoTime();
    Device device = device(task);
    SequentialBlock block = MlpSurrogate.network(spec, k);
    boolean globalRandomness = spec.dropout() > 0;
    double finalLoss = Double.NaN;
    byte[] params;
    try (Model model = Model.newInstance("hepscan-mlp", device, "PyTorch")) {
      model.setBlock(block);
      Optimizer adam = Optimizer.adam()
          .optLearningRateTracker(Tracker.fixed((float) spec.learningRate()))
          .optBeta1((float) spec.beta1())
          .optBeta2((float) spec.beta2())
          .build();
      DefaultTrainingConfig config = new DefaultTrainingConfig(loss(spec))
          .optOptimizer(adam)
          .optDevices(new Device[] {device});
      try (Trainer trainer = model.newTrainer(config)) {
        synchronized (LOCK) {
          Engine.getInstance().setRandomSeed((int) (seed ^ (seed >>> 32)));
          if (warmParams != null) {
            block.initialize(model.getNDManager(), DataType.FLOAT32, new Shape(1, d));
            block.loadParameters(model.getNDManager(), new DataInputStream(new ByteArrayInputStream(warmParams)));
            for (Pair<String, Parameter> p : block.getParameters()) {
              if (p.getValue().requiresGradient()) {
                p.getValue().getArray().setRequiresGradient(true);
              }
            }
          }
          trainer.initialize(new Shape(1, d));
          if (globalRandomness) {
            finalLoss = loop(spec, trainer, xs, ys, n, d, k, epochs, new SplittableRandom(seed));
          }
        }
        if (!globalRandomness) {
          finalLoss = loop(spec, trainer, xs, ys, n, d, k, epochs, new SplittableRandom(seed));
        }
      }
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      DataOutputStream out = new DataOutputStream(bytes);
      block.saveParameters(out);
      out.flush();
      params = bytes.toByteArray();
    } catch (java.io.IOException | ai.djl.MalformedModelException e) {
      throw new IllegalStateException("mlp training failed: " + e.getMessage(), e);
    }
    double seconds = (System.nanoTime() - t0) / 1e9;
    Map<String, Object> prov = new LinkedHashMap<>();
    prov.put("type", MlpSpec.TYPE);
    prov.put("task", spec.task().name().toLowerCase());
    prov.put("hyperparameters", spec.describe());
    prov.put("rows", n);
    prov.put("inputs", d);
    prov.put("outputs", k);
    prov.put("epochs", epochs);
    long before = warm == null ? 0 : ((Number) warm.provenance().getOrDefault("total_epochs", 0)).longValue();
    prov.put("total_epochs", before + epochs);
    prov.put("warm_start", warm != null);
    prov.put("seed", seed);
    prov.put("seconds", seconds);
    prov.put("final_loss", finalLoss);
    prov.put("device", device.toString());
    prov.put("task_device", task.describe());
    prov.put("executor", task.executor());
    return new Trained(spec, d, k, xMean, xStd, yMean, yStd, prov, params);
  }

  /** Mean training loss of the last epoch. */
  private static double loop(MlpSpec spec, Trainer trainer, float[] xs, float[] ys, int n, int d, int k, int epochs,
      SplittableRandom rng) {
    int bs = Math.min(spec.batchSize(), n);
    boolean sigmoid = "sigmoid".equals(spec.output());
    boolean logits = "bce".equals(spec.loss());
    Loss loss = trainer.getLoss();
    int[] perm = new int[n];
    for (int i = 0; i < n; i++) {
      perm[i] = i;
    }
    float[] xb = new float[bs * d];
    float[] yb = new float[bs * k];
    double last = Double.NaN;
    for (int e = 0; e < epochs; e++) {
      for (int i = n - 1; i > 0; i--) {
        int j = rng.nextInt(i + 1);
        int t = perm[i];
        perm[i] = perm[j];
        perm[j] = t;
      }
      double sum = 0;
      int seen = 0;
      for (int start = 0; start < n; start += bs) {
        int rows = Math.min(bs, n - start);
        if (rows == 1 && spec.batchNorm() && n > 1) {
          continue; // batch norm cannot train on a batch of one row
        }
        float[] xbb = rows == bs ? xb : new float[rows * d];
        float[] ybb = rows == bs ? yb : new float[rows * k];
        for (int r = 0; r < rows; r++) {
          int src = perm[start + r];
          System.arraycopy(xs, src * d, xbb, r * d, d);
          System.arraycopy(ys, src * k, ybb, r * k, k);
        }
        try (NDManager m = trainer.getManager().newSubManager()) {
          NDArray x = m.create(xbb, new Shape(rows, d));
          NDArray y = m.create(ybb, new Shape(rows, k));
          boolean grad = JniUtils.isGradMode();
          JniUtils.setGradMode(true);
          try {
            NDArray z = trainer.forward(new NDList(x)).singletonOrThrow();
            if (sigmoid && !logits) {
              z = Activation.sigmoid(z);
            }
            NDArray l = loss.evaluate(new NDList(y), new NDList(z));
            // What PtGradientCollector.backward does, without its JVM-wide "collecting" flag.
            JniUtils.backward((PtNDArray) l, (PtNDArray) m.ones(l.getShape(), l.getDataType()), false, false);
            if (e == epochs - 1) {
              sum += l.getFloat() * rows;
              seen += rows;
            }
          } finally {
            JniUtils.setGradMode(grad);
          }
          trainer.step();
        }
      }
      if (e == epochs - 1 && seen > 0) {
        last = sum / seen;
      }
    }
    return last;
  }

  private static Loss loss(MlpSpec spec) {
    return switch (spec.loss()) {
      case "mse" -> Loss.l2Loss("mse", 1f);
      case "mae" -> Loss.l1Loss("mae");
      // On logits: DJL then uses the stable form max(z,0) - z*y + log(1 + exp(-|z|)).
      case "bce" -> Loss.sigmoidBinaryCrossEntropyLoss("bce", 1f, false);
      default -> throw new IllegalArgumentException("unknown loss " + spec.loss());
    };
  }

  /** Column means and standard deviations (1 where a column is constant). */
  private static void moments(double[][] v, double[] mean, double[] std) {
    int n = v.length;
    int c = mean.length;
    for (double[] row : v) {
      for (int j = 0; j < c; j++) {
        mean[j] += row[j];
      }
    }
    for (int j = 0; j < c; j++) {
      mean[j] /= n;
    }
    double[] ss = new double[c];
    for (double[] row : v) {
      for (int j = 0; j < c; j++) {
        double t = row[j] - mean[j];
        ss[j] += t * t;
      }
    }
    for (int j = 0; j < c; j++) {
      double s = Math.sqrt(ss[j] / n);
      std[j] = s > 1e-12 * Math.max(1, Math.abs(mean[j])) ? s : 1;
    }
  }
}
