package org.hepscan.oracle;

import java.io.Serializable;
import java.util.List;

/**
 * A configured oracle, shipped from the driver to the executors, where it creates the
 * {@link Oracle} instance of that JVM.
 */
public interface OracleFactory extends Serializable {

  /** The name the spec uses, e.g. {@code eggbox}; for messages and the output. */
  String name();

  /** The observables every OK evaluation carries, in column order. */
  List<String> observables();

  /** Called once per executor JVM. */
  Oracle create() throws Exception;
}
