package org.hepscan.spec;

import java.time.Duration;
import org.hepscan.oracle.OracleFactory;

/** The oracle of a scan: its name, the configured factory and the per-call timeout. */
public record OracleSpec(String name, OracleFactory factory, Duration timeout) {
}
