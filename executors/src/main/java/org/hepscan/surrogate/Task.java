package org.hepscan.surrogate;

/**
 * What a surrogate learns: real-valued targets, the probability of the positive class
 * (label 1), or the density of the rows themselves (no targets; rows may carry weights).
 */
public enum Task {
  REGRESSION,
  CLASSIFICATION,
  DENSITY
}
