package org.hepscan.scan;

import org.hepscan.strategy.api.History;

/** How a run of the scan loop ended. {@code stopReason} says which stop rule ended the scan. */
public record ScanResult(History history, String stopReason, int firstIteration, double wallSeconds, String output) {

  public boolean complete() {
    return stopReason != null;
  }

  /** The iterations this run evaluated (not those a resume brought back). */
  public int iterationsRun() {
    return history.iterations() - firstIteration + 1;
  }
}
