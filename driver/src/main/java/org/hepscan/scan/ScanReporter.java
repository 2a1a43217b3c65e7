package org.hepscan.scan;

import org.hepscan.spec.ScanSpec;
import org.hepscan.store.IterationStats;
import org.hepscan.strategy.api.History;

/** Hears what the scan loop does: the console progress bar and log lines, and tests. */
public interface ScanReporter {
  ScanReporter NONE = new ScanReporter() {
  };

  /** Before the first iteration of this run; {@code history} holds what a resume brought back. */
  default void started(ScanSpec spec, String output, History history) {
  }

  default void iterationStarted(int iteration, int points, int slices) {
  }

  /**
   * An iteration is written and checkpointed; {@code history} holds the iterations through
   * it. With pipelined rounds this comes while the next batch is already being evaluated.
   */
  default void iterationFinished(IterationStats stats, History history) {
  }

  default void finished(ScanResult result) {
  }
}
