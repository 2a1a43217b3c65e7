package org.hepscan.spec;

import java.time.Duration;
import java.util.List;
import org.hepscan.config.ConfigException;
import org.hepscan.oracle.OracleFactory;

/**
 * The oracle of a scan: its name, the configured factory, the per-call timeout, whether
 * the sandboxes of calls that did not end OK are kept, and what looked doubtful while it
 * was configured (a program this machine does not have), with YAML paths; and when a scan
 * stops because the oracle fails on every call ({@link FailureGuard}).
 */
public record OracleSpec(String name, OracleFactory factory, Duration timeout, boolean keepFailed, FailureGuard failureGuard,
                         List<ConfigException> warnings) {

  public OracleSpec {
    warnings = List.copyOf(warnings);
  }
}
