package org.hepscan.surrogate;

import java.util.Map;

/**
 * A trained model from unit-cube coordinates to the quantities a strategy cares about
 * (observables, a log-likelihood, the probability of being in target). Cheap to call
 * compared with the oracle: strategies score large candidate pools with it.
 *
 * <p>A surrogate travels as bytes ({@link #toBytes()}, read back by its
 * {@link SurrogateSpec#load}): that is how it is broadcast to executors, checkpointed and
 * saved under {@code OUTPUT/models/}. {@link #predict} may be called from several threads.
 */
public interface Surrogate extends AutoCloseable {

  /** The spec's model type: mlp, random-forest, gbt. */
  String type();

  Task task();

  int inputs();

  int outputs();

  /** Predictions for the rows of {@code x} (each of {@link #inputs()} unit-cube coordinates). */
  Prediction predict(double[][] x);

  /** d output[o] / d x for every row of {@code x}; models without gradients say so. */
  default double[][] gradient(double[][] x, int output) {
    throw new UnsupportedOperationException("a " + type() + " surrogate has no gradients with respect to its inputs");
  }

  /** The model, weights and input/output scaling included, as bytes its spec can load. */
  byte[] toBytes();

  /**
   * Where the model came from: its type and hyperparameters, rows trained on, seed,
   * training time, final loss. Saved beside the model and shown by reports.
   */
  Map<String, Object> provenance();

  /** Releases native memory (DJL); the surrogate is unusable afterwards. */
  @Override
  default void close() {
  }
}
