package org.hepscan.cli;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.config.Configurator;

/**
 * Quiet by default: hepscan's own lines at INFO, Spark's and Hadoop's at WARN (set in
 * {@code log4j2.properties}); {@code --verbose} lets Spark talk too.
 */
final class Logging {
  private Logging() {
  }

  /**
   * As {@link #configure(boolean)}, for a command that prints one line per finished piece of
   * work ({@code bench}: "[3/12] B2 dnnr seed 1 ... 90.0 %"): without {@code --verbose}, the
   * once-per-scan INFO lines of the scans it runs (where the networks train) would land in
   * the middle of such a line; their figures are in the runs' outputs.
   */
  static void configureLineByLine(boolean verbose) {
    configure(verbose);
    if (!verbose) {
      Configurator.setLevel("org.hepscan.training.TrainingPlan", Level.WARN);
    }
  }

  static void configure(boolean verbose) {
    if (verbose) {
      // all levels: the start-up noise log4j2.properties silences by name talks again too
      Configurator.setAllLevels(LogManager.ROOT_LOGGER_NAME, Level.INFO);
      Configurator.setLevel("org.hepscan", Level.DEBUG);
    }
  }
}
