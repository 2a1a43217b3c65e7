package org.hepscan.surrogate.train;

/**
 * A training set as a {@link TrainingSession} feeds it to the network: {@code rows} rows of
 * {@code inputs} float32 inputs (row-major, already scaled), {@code outputs} targets per row
 * (0 for a density, whose loss reads the inputs), and per-row weights or null.
 * Each batch goes to the network as {@code NDList(x)}, to the loss as labels
 * {@code NDList(y)}, {@code NDList(y, w)}, {@code NDList(w)} or an empty list.
 */
public record TrainingRows(int rows, float[] x, int inputs, float[] y, int outputs, float[] weights) {

  public TrainingRows {
    if (rows < 1 || inputs < 1 || x.length != rows * inputs) {
      throw new IllegalArgumentException(rows + " rows of " + inputs + " inputs cannot be " + x.length + " values");
    }
    if (outputs < 0 || (outputs == 0 ? y != null && y.length != 0 : y == null || y.length != rows * outputs)) {
      throw new IllegalArgumentException(rows + " rows of " + outputs + " targets do not match the targets given");
    }
    if (weights != null && weights.length != rows) {
      throw new IllegalArgumentException(rows + " rows but " + weights.length + " weights");
    }
  }
}
