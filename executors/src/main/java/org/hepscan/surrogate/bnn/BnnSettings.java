package org.hepscan.surrogate.bnn;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How a Bayesian network is built and sampled. Architecture and hyper-priors follow
 * papers/003 (5 × 50 PReLU, pre-training, burn-in, a network kept every few trajectories);
 * the sampling budget is scaled to minutes on a CPU where the paper's chains ran for days
 * on a GPU (1,750 to 13,500 epochs of up to 10,000 leapfrog steps).
 *
 * @param hidden hidden layers
 * @param width units per hidden layer
 * @param chains independent chains, each its own training task, their networks pooled
 * @param networks networks kept per chain
 * @param thin trajectories from one kept network to the next
 * @param burnIn trajectories before the first kept one, while the step size adapts
 * @param leapfrog leapfrog steps per trajectory; the cap on them when {@code trajectoryLength} is set
 * @param trajectoryLength 0: a fixed leapfrog count; above 0, the count follows the step while it
 *     adapts, leapfrog = trajectoryLength / step (at most {@code leapfrog}), frozen with it
 * @param stepSize the leapfrog step before adaptation
 * @param targetAccept the acceptance probability the step size is tuned to
 * @param pretrainEpochs Adam epochs on the posterior's mode before sampling starts
 * @param pretrainHoldout 0: pre-training ends after its last epoch; above 0, this share of the rows is
 *     held out of pre-training and the epoch whose weights fit them best is where the chain starts
 *     (papers/003 kept the best network by validation loss); the chain then samples on every row.
 *     A start that overfits all rows learns too small an output σ, and the chain's spread then
 *     under-covers: hence 0.15 by default (bench bnn)
 * @param batchSize rows per pre-training step
 * @param learningRate Adam's learning rate in pre-training
 * @param priorShape shape of the Gamma hyper-prior on every precision
 * @param priorRate rate of the Gamma hyper-prior on every precision
 * @param outputSigma the likelihood σ of a regressor before it is learnt, in units of the target's std
 */
public record BnnSettings(int hidden, int width, int chains, int networks, int thin, int burnIn, int leapfrog,
                          double trajectoryLength, double stepSize, double targetAccept, int pretrainEpochs, double pretrainHoldout, int batchSize, double learningRate,
                          double priorShape, double priorRate, double outputSigma) implements Serializable {

  public BnnSettings {
    if (hidden < 1 || width < 1 || chains < 1 || networks < 1 || thin < 1 || burnIn < 0 || leapfrog < 1
        || pretrainEpochs < 0 || batchSize < 1) {
      throw new IllegalArgumentException("BNN settings out of range: " + this);
    }
    if (!(pretrainHoldout >= 0 && pretrainHoldout < 1) || !(trajectoryLength >= 0) || !(stepSize > 0) || !(targetAccept > 0 && targetAccept < 1) || !(learningRate > 0) || !(priorShape > 0)
        || !(priorRate > 0) || !(outputSigma > 0)) {
      throw new IllegalArgumentException("BNN settings out of range: " + this);
    }
  }

  /** The defaults a {@code model: {type: bnn}} section gets. */
  public static BnnSettings defaults() {
    return new BnnSettings(5, 50, 1, 135, 4, 150, 30, 0, 1e-3, 0.8, 60, 0.15, 128, 1e-3, 1.0, 0.01, 0.1);
  }

  /** Trajectories one chain runs. */
  public int trajectories() {
    return burnIn + networks * thin;
  }

  public BnnSettings withSampling(int chains, int networks, int thin, int burnIn, int leapfrog) {
    return new BnnSettings(hidden, width, chains, networks, thin, burnIn, leapfrog, trajectoryLength, stepSize,
        targetAccept, pretrainEpochs, pretrainHoldout, batchSize, learningRate, priorShape, priorRate, outputSigma);
  }

  public BnnSettings withPretrainEpochs(int epochs) {
    return new BnnSettings(hidden, width, chains, networks, thin, burnIn, leapfrog, trajectoryLength, stepSize,
        targetAccept, epochs, pretrainHoldout,
        batchSize, learningRate, priorShape, priorRate, outputSigma);
  }

  public Map<String, Object> describe() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("hidden", hidden);
    m.put("width", width);
    m.put("chains", chains);
    m.put("networks", networks);
    m.put("thin", thin);
    m.put("burn_in", burnIn);
    m.put("leapfrog", leapfrog);
    m.put("trajectory_length", trajectoryLength);
    m.put("step_size", stepSize);
    m.put("target_accept", targetAccept);
    m.put("pretrain_epochs", pretrainEpochs);
    m.put("pretrain_holdout", pretrainHoldout);
    m.put("batch_size", batchSize);
    m.put("learning_rate", learningRate);
    m.put("prior_shape", priorShape);
    m.put("prior_rate", priorRate);
    m.put("output_sigma", outputSigma);
    return m;
  }
}
