package org.hepscan.surrogate;

/**
 * A model whose outputs can be differentiated with respect to its unit-cube inputs: what
 * gradient-based samplers (HMC) and flows need. A strategy checks {@code instanceof
 * Differentiable} before it relies on gradients.
 *
 * <p>Thread-safe: several threads (Spark task threads, scorer slices) may ask at once. On
 * DJL's PyTorch engine that rules out its JVM-wide {@code GradientCollector}; see
 * {@link org.hepscan.surrogate.train.Torch}.
 */
public interface Differentiable {

  /** d output[o] / d x for every row of {@code x}: {@code g[i][j]} is the derivative along input j at row i. */
  double[][] gradient(double[][] x, int output);
}
