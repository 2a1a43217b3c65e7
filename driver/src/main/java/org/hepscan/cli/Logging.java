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

  static void configure(boolean verbose) {
    if (verbose) {
      // all levels: the start-up noise log4j2.properties silences by name talks again too
      Configurator.setAllLevels(LogManager.ROOT_LOGGER_NAME, Level.INFO);
      Configurator.setLevel("org.hepscan", Level.DEBUG);
    }
  }
}
