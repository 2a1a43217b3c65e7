package org.hepscan.surrogate;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Activation;
import ai.djl.training.loss.Loss;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.hepscan.surrogate.train.Losses;
import org.hepscan.surrogate.train.SessionListener;
import org.hepscan.surrogate.train.TrainingRows;
import org.hepscan.surrogate.train.TrainingSession;
import org.hepscan.surrogate.train.UpdateRule;
import org.hepscan.training.TaskDevice;

/**
 * How an {@link MlpSpec} network trains, as a user of the open {@link TrainingSession}: the
 * inputs (and, for regression, the targets) standardized by the training rows' moments, the
 * spec's layers as the network, its loss, Adam as the update rule, shuffled mini-batches
 * drawn from a {@link SplittableRandom} seeded by the seed and weights initialised after
 * seeding PyTorch with the same seed, so that a seed gives the same model on a CPU. The
 * session takes care of the JVM-wide parts of PyTorch (see
 * {@link org.hepscan.surrogate.train.Torch}).
 */
final class MlpTrainer {
  private MlpTrainer() {
  }

  /** A trained network before it becomes an {@link MlpSurrogate}: what its bytes are made of. */
  record Trained(MlpSpec spec, int inputs, int outputs, double[] xMean, double[] xStd, double[] yMean, double[] yStd,
                 Map<String, Object> provenance, byte[] parameters) {

    byte[] toBytes() {
      return MlpCodec.network(spec, new MlpCodec.Network(inputs, outputs, xMean, xStd, yMean, yStd, provenance,
          parameters));
    }

    MlpSurrogate toSurrogate(String device) {
      return MlpSurrogate.withParameters(spec, inputs, outputs, xMean, xStd, yMean, yStd, provenance, parameters, device);
    }
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
    Device device = task.djl();
    LastEpochLoss lastLoss = new LastEpochLoss(epochs - 1);
    TrainingSession.Config config = TrainingSession.config(() -> MlpSurrogate.network(spec, k), loss(spec),
            UpdateRule.adam(spec.learningRate(), spec.beta1(), spec.beta2()))
        .name("hepscan-mlp")
        .device(device)
        .seed(seed)
        .batchSize(spec.batchSizeFor(n))
        .skipSingleRowBatches(spec.batchNorm())
        .globalRandomness(spec.dropout() > 0)
        .warmStart(warmParams)
        .listener(lastLoss);
    byte[] params;
    try (TrainingSession session = TrainingSession.open(config, d)) {
      session.fit(new TrainingRows(n, xs, d, ys, k, weights(data)), epochs, new SplittableRandom(seed));
      params = session.parameterBytes();
    }
    double finalLoss = lastLoss.mean();
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

  /** The mean training loss of the last epoch, weighted by batch rows; read only in that epoch (a read syncs the device). */
  private static final class LastEpochLoss implements SessionListener {
    private final int last;
    private double sum;
    private int seen;

    LastEpochLoss(int last) {
      this.last = last;
    }

    @Override
    public void onBatch(int epoch, NDArray loss, int rows) {
      if (epoch == last) {
        sum += loss.getFloat() * rows;
        seen += rows;
      }
    }

    double mean() {
      return seen > 0 ? sum / seen : Double.NaN;
    }
  }

  /**
   * The rows' weights as the losses take them, or null: a set subsampled to a row budget
   * weighs each sampled row by the rows it stands for (see the driver's RowBudget).
   */
  private static float[] weights(TrainingSet data) {
    if (!data.weighted()) {
      return null;
    }
    float[] w = new float[data.size()];
    for (int i = 0; i < w.length; i++) {
      w[i] = (float) data.weight(i);
    }
    return w;
  }

  /** The spec's loss on the network's output: after the output sigmoid, except bce, which takes logits. */
  static Loss loss(MlpSpec spec) {
    Loss onOutput = lossOnLogits(spec);
    return "sigmoid".equals(spec.output()) && !"bce".equals(spec.loss()) ? new AfterSigmoid(onOutput) : onOutput;
  }

  private static Loss lossOnLogits(MlpSpec spec) {
    return switch (spec.loss()) {
      case "mse" -> Losses.mse("mse");
      case "mae" -> Losses.mae("mae");
      case "bce" -> Losses.bceOnLogits("bce");
      default -> throw new IllegalArgumentException("unknown loss " + spec.loss());
    };
  }

  /** A loss evaluated on sigmoid(z) for a network whose last layer gives logits z. */
  private static final class AfterSigmoid extends Loss {
    private final Loss inner;

    AfterSigmoid(Loss inner) {
      super(inner.getName());
      this.inner = inner;
    }

    @Override
    public NDArray evaluate(NDList labels, NDList predictions) {
      return inner.evaluate(labels, new NDList(Activation.sigmoid(predictions.singletonOrThrow())));
    }
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
