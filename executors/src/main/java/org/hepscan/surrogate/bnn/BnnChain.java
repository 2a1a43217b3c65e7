package org.hepscan.surrogate.bnn;

import ai.djl.Device;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.commons.math3.random.Well19937c;
import org.hepscan.surrogate.Task;
import org.hepscan.surrogate.TrainingSet;

/**
 * One Markov chain over a Bayesian network's weights (papers/003, appendix): pre-training
 * by Adam towards the posterior's mode, then HMC trajectories, each followed by a Gibbs
 * draw of the precisions; the step size adapts during burn-in and is frozen after it; a
 * network is kept every {@code thin} trajectories. Every random choice comes from the seed.
 */
final class BnnChain {
  private BnnChain() {
  }

  static BnnSurrogate run(TrainingSet data, BnnSettings s, long seed, Device device, Map<String, Object> parameters) {
    long started = System.nanoTime();
    Task task = data.task();
    if (task == Task.DENSITY) {
      throw new IllegalArgumentException("a Bayesian network learns targets, not a density");
    }
    int n = data.size();
    int in = data.inputs();
    int out = data.outputs();
    BnnLayout layout = new BnnLayout(in, s.hidden(), s.width(), out);
    double[] yMean = null;
    double[] yStd = null;
    if (task == Task.REGRESSION) {
      yMean = new double[out];
      yStd = new double[out];
      double wsum = 0;
      for (int i = 0; i < n; i++) {
        wsum += data.weight(i);
        for (int j = 0; j < out; j++) {
          yMean[j] += data.weight(i) * data.y()[i][j];
        }
      }
      for (int j = 0; j < out; j++) {
        yMean[j] /= wsum;
      }
      for (int i = 0; i < n; i++) {
        for (int j = 0; j < out; j++) {
          double d = data.y()[i][j] - yMean[j];
          yStd[j] += data.weight(i) * d * d;
        }
      }
      for (int j = 0; j < out; j++) {
        yStd[j] = Math.sqrt(yStd[j] / wsum);
        if (!(yStd[j] > 0)) {
          yStd[j] = 1; // a constant target: nothing to scale
        }
      }
    }
    float[] x = new float[n * in];
    float[] y = new float[n * out];
    float[] w = data.weighted() ? new float[n] : null;
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < in; j++) {
        x[i * in + j] = (float) BnnSurrogate.scaleInput(data.x()[i][j]);
      }
      for (int j = 0; j < out; j++) {
        double v = data.y()[i][j];
        y[i * out + j] = (float) (task == Task.REGRESSION ? (v - yMean[j]) / yStd[j] : v);
      }
      if (w != null) {
        w[i] = (float) data.weight(i);
      }
    }
    SplittableRandom random = new SplittableRandom(seed);
    Well19937c gibbsRandom = new Well19937c(random.nextLong());
    List<float[]> kept = new ArrayList<>(s.networks());
    List<double[]> noise = new ArrayList<>(s.networks());
    Map<String, Object> prov = new LinkedHashMap<>();
    try (BnnPosterior posterior = new BnnPosterior(layout, task, x, y, w, n, s.priorShape(), s.priorRate(),
        s.outputSigma(), device)) {
      double[] theta = layout.initial(random);
      long pre = System.nanoTime();
      int[] bestEpoch = {-1};
      double pretrainLoss = pretrain(posterior, theta, s, random, bestEpoch);
      double pretrainSeconds = (System.nanoTime() - pre) / 1e9;
      posterior.gibbs(theta, gibbsRandom);
      WeightHmc hmc = new WeightHmc(posterior, theta, s.stepSize(), s.leapfrog(), s.targetAccept(), 0.1, random);
      if (s.trajectoryLength() > 0) {
        hmc.followStep(s.trajectoryLength(), s.leapfrog());
      }
      long sampling = System.nanoTime();
      for (int t = 0; t < s.burnIn(); t++) {
        hmc.next(true);
        posterior.gibbs(hmc.positionView(), gibbsRandom);
        hmc.refresh();
      }
      hmc.freeze();
      long burnAccepted = Math.round(hmc.acceptanceRate() * hmc.trajectories());
      long burnTrajectories = hmc.trajectories();
      for (int k = 0; k < s.networks(); k++) {
        for (int t = 0; t < s.thin(); t++) {
          hmc.next(false);
          posterior.gibbs(hmc.positionView(), gibbsRandom);
          hmc.refresh();
        }
        double[] th = hmc.positionView();
        float[] f = new float[th.length];
        for (int i = 0; i < th.length; i++) {
          f[i] = (float) th[i];
        }
        kept.add(f);
        double[] sigma = new double[out];
        for (int j = 0; j < out; j++) {
          sigma[j] = task == Task.REGRESSION ? yStd[j] / Math.sqrt(posterior.tauY[j]) : 0;
        }
        noise.add(sigma);
      }
      long kepts = hmc.trajectories() - burnTrajectories;
      long keptAccepted = Math.round(hmc.acceptanceRate() * hmc.trajectories()) - burnAccepted;
      prov.put("type", BnnSurrogate.TYPE);
      prov.put("task", task.name().toLowerCase());
      prov.put("rows", n);
      prov.put("seed", seed);
      prov.put("parameters", layout.size());
      prov.put("networks", kept.size());
      prov.put("pretrain_loss", pretrainLoss);
      prov.put("pretrain_seconds", pretrainSeconds);
      if (s.pretrainHoldout() > 0) {
        prov.put("pretrain_best_epoch", bestEpoch[0]);
      }
      prov.put("sampling_seconds", (System.nanoTime() - sampling) / 1e9);
      prov.put("trajectories", hmc.trajectories());
      prov.put("gradient_evaluations", posterior.evaluations());
      prov.put("step_size", hmc.step());
      prov.put("leapfrog", hmc.leapfrog());
      prov.put("acceptance", kepts == 0 ? 0.0 : (double) keptAccepted / kepts);
      prov.put("divergent", hmc.divergent());
      if (task == Task.REGRESSION) {
        prov.put("output_sigma", noise.get(noise.size() - 1)[0]);
      }
      prov.put("seconds", (System.nanoTime() - started) / 1e9);
    }
    return new BnnSurrogate(layout, task, yMean, yStd, kept, noise, parameters, prov);
  }

  /**
   * Adam on mini-batches of the potential (the likelihood scaled to all rows, plus the
   * prior): the chain starts at a network that already fits, as papers/003's pre-training
   * does, so that burn-in spends its trajectories on the posterior's width, not on finding
   * it. With a hold-out, the weights of the epoch that fit the held-out rows best are kept
   * (its index in {@code bestEpoch[0]}). Returns the last epoch's mean potential per row.
   */
  private static double pretrain(BnnPosterior posterior, double[] theta, BnnSettings s, SplittableRandom random,
      int[] bestEpoch) {
    int n = posterior.rows();
    int p = theta.length;
    double[] g = new double[p];
    double[] m1 = new double[p];
    double[] m2 = new double[p];
    double b1 = 0.9;
    double b2 = 0.999;
    double lr = s.learningRate();
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    // Held-out rows (papers/003 kept the pre-trained network of best validation loss): the
    // last `held` of one shuffle, never trained on in pre-training; the rest are reshuffled
    // each epoch.
    int held = (int) Math.round(s.pretrainHoldout() * n);
    if (held > 0) {
      shuffle(order, n, random); // only then: without a hold-out the draws are those of every epoch alone
    }
    int fit = n - held;
    double[] best = null;
    double bestLoss = Double.POSITIVE_INFINITY;
    long step = 0;
    double last = Double.NaN;
    for (int epoch = 0; epoch < s.pretrainEpochs(); epoch++) {
      shuffle(order, fit, random);
      double sum = 0;
      int batches = 0;
      for (int from = 0; from < fit; from += s.batchSize()) {
        int to = Math.min(fit, from + s.batchSize());
        java.util.Arrays.fill(g, 0);
        double u = posterior.batchValueAndGradient(theta, g, order, from, to);
        sum += u / n;
        batches++;
        step++;
        double c1 = 1 - Math.pow(b1, step);
        double c2 = 1 - Math.pow(b2, step);
        for (int i = 0; i < p; i++) {
          double gi = g[i] / n;
          m1[i] = b1 * m1[i] + (1 - b1) * gi;
          m2[i] = b2 * m2[i] + (1 - b2) * gi * gi;
          theta[i] -= lr * (m1[i] / c1) / (Math.sqrt(m2[i] / c2) + 1e-8);
        }
      }
      last = sum / batches;
      if (held > 0) {
        double loss = posterior.batchLikelihood(theta, order, fit, n);
        if (loss < bestLoss) {
          bestLoss = loss;
          best = theta.clone();
          bestEpoch[0] = epoch;
        }
      }
    }
    if (best != null) {
      System.arraycopy(best, 0, theta, 0, theta.length);
    }
    return last;
  }

  /** Fisher-Yates over the first {@code n} entries. */
  private static void shuffle(int[] order, int n, SplittableRandom random) {
    for (int i = n - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
  }
}
