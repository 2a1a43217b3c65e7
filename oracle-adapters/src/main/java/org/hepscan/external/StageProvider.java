package org.hepscan.external;

import org.hepscan.config.ConfigException;
import org.hepscan.config.Options;

/**
 * Makes the stages of one name from their spec options ({@code oracle: {chain: [{NAME:
 * {...}}]}} or {@code oracle: {NAME: {...}}}). Found with {@link java.util.ServiceLoader}:
 * an adapter for a new code is one class implementing this, listed in
 * {@code META-INF/services/org.hepscan.external.StageProvider}, usually returning a
 * {@link ProgramStage}.
 */
public interface StageProvider {

  /** The name used in the spec, e.g. {@code command}, {@code softsusy}. */
  String name();

  /** One line for help texts and the list of known stages. */
  String description();

  /**
   * Checks the options (whose paths are absolute, e.g. {@code oracle.chain[1].command.argv})
   * and returns the configured stage, or throws a {@link ConfigException} saying what is
   * wrong where.
   */
  Stage configure(Options options, StageSetup setup) throws ConfigException;
}
