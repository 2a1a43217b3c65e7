package org.hepscan.surrogate;

/** What a surrogate learns: real-valued targets, or the probability of the positive class (label 1). */
public enum Task {
  REGRESSION,
  CLASSIFICATION
}
