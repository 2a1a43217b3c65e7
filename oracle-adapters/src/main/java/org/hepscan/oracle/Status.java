package org.hepscan.oracle;

/** How an oracle call ended. Every call ends in exactly one of these, never in an exception. */
public enum Status {
  /** The code ran and gave all observables. */
  OK,
  /** The physics says no: tachyons, no EWSB, a non-perturbative coupling. A real answer. */
  INVALID,
  /** The program broke: a crash, unreadable output, a NaN. Not an answer about the physics. */
  FAILED,
  /** No answer within the per-call timeout; the call was killed. */
  TIMEOUT
}
