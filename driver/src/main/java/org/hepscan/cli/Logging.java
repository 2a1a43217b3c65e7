package org.hepscan.cli;

import org.apache.logging.log4j.Level;
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
      Configurator.setRootLevel(Level.INFO);
      Configurator.setLevel("org.hepscan", Level.DEBUG);
    }
  }
}
