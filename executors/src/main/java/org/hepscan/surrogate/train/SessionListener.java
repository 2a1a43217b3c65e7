package org.hepscan.surrogate.train;

import ai.djl.ndarray.NDArray;

/**
 * Watches a {@link TrainingSession}'s loop, as DJL's {@code TrainingListener} watches its
 * {@code EasyTrain}: loss logging, early stopping, a sampler's bookkeeping. Reading a loss
 * copies it from the device, so listeners read only the batches they need.
 */
public interface SessionListener {

  default void onEpochStart(int epoch) {
  }

  /** After the backward pass of a batch of {@code rows} rows, before the update; {@code loss} lives until the batch ends. */
  default void onBatch(int epoch, NDArray loss, int rows) {
  }

  default void onEpochEnd(int epoch) {
  }
}
