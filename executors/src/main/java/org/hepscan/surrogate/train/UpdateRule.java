package org.hepscan.surrogate.train;

import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;

/**
 * How a {@link TrainingSession} changes the network's parameters once a batch's gradients
 * are in them: a DJL {@link Optimizer} (Adam for the MLPs), or a rule that updates the
 * parameters itself (a sampler's step for a Bayesian network) through the session's
 * {@link TrainingSession#block() block}.
 */
public interface UpdateRule {

  /** The optimizer DJL's {@code Trainer} applies on {@code step()}; null for a rule that updates the parameters itself. */
  Optimizer optimizer();

  /** Applies the gradients of the batch just back-propagated. */
  void update(TrainingSession session);

  /** A DJL optimizer: the session's Trainer keeps its state and applies it. */
  static UpdateRule of(Optimizer optimizer) {
    return new OptimizerRule(optimizer);
  }

  /** Adam with a fixed learning rate. */
  static UpdateRule adam(double learningRate, double beta1, double beta2) {
    return of(Optimizer.adam()
        .optLearningRateTracker(Tracker.fixed((float) learningRate))
        .optBeta1((float) beta1)
        .optBeta2((float) beta2)
        .build());
  }

  /** {@link #of}. */
  record OptimizerRule(Optimizer optimizer) implements UpdateRule {
    @Override
    public void update(TrainingSession session) {
      session.trainer().step();
    }
  }
}
