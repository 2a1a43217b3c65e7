package org.hepscan.oracle;

import org.hepscan.config.ConfigException;
import org.hepscan.config.Options;
import org.hepscan.space.ParameterSpace;

/**
 * Makes the oracles of one name from their spec options. Found with
 * {@link java.util.ServiceLoader}: a new oracle is one class implementing this, listed in
 * {@code META-INF/services/org.hepscan.oracle.OracleProvider}.
 */
public interface OracleProvider {

  /** The name used in the spec ({@code oracle: {builtin: NAME}}). */
  String name();

  /** One line for help texts. */
  String description();

  /**
   * Checks the options against the parameters of the scan and returns the configured
   * factory, or throws a {@link ConfigException} with a path relative to {@code options}.
   */
  OracleFactory configure(Options options, ParameterSpace space) throws ConfigException;
}
