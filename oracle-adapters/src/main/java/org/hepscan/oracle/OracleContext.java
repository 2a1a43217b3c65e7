package org.hepscan.oracle;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import org.slf4j.Logger;

/** What the runner gives an oracle for one call. */
public interface OracleContext {

  /**
   * A directory for this call alone, created on first use and removed after the call
   * (physics codes write fixed file names into their working directory).
   */
  Path sandbox() throws IOException;

  /** How long the call may take before it is killed and recorded as TIMEOUT. */
  Duration timeout();

  /** The executor's log. */
  Logger log();
}
