package org.hepscan.surrogate;

import java.io.Serializable;

/**
 * The rows a surrogate learns from: inputs in the unit cube of the free parameters and one
 * or more targets per row (for classification, one target that is 0 or 1). Checked once
 * here so that a NaN from a broken oracle never reaches a training loop.
 */
public record TrainingSet(double[][] x, double[][] y, Task task) implements Serializable {

  public TrainingSet {
    if (x.length == 0) {
      throw new IllegalArgumentException("no rows to train on");
    }
    if (x.length != y.length) {
      throw new IllegalArgumentException(x.length + " input rows but " + y.length + " target rows");
    }
    int in = x[0].length;
    int out = y[0].length;
    if (in == 0 || out == 0) {
      throw new IllegalArgumentException("rows need at least one input and one target");
    }
    for (int i = 0; i < x.length; i++) {
      if (x[i].length != in || y[i].length != out) {
        throw new IllegalArgumentException("row " + i + " has " + x[i].length + " inputs and " + y[i].length
            + " targets; row 0 has " + in + " and " + out);
      }
      for (double v : x[i]) {
        if (!Double.isFinite(v)) {
          throw new IllegalArgumentException("row " + i + " has a non-finite input " + v);
        }
      }
      for (double v : y[i]) {
        if (!Double.isFinite(v) || (task == Task.CLASSIFICATION && v != 0 && v != 1)) {
          throw new IllegalArgumentException("row " + i + " has target " + v
              + (task == Task.CLASSIFICATION ? "; a class label must be 0 or 1" : "; targets must be finite"));
        }
      }
    }
    if (task == Task.CLASSIFICATION && out != 1) {
      throw new IllegalArgumentException("a classifier learns one label per row, not " + out);
    }
  }

  /** A one-target set. */
  public static TrainingSet of(double[][] x, double[] y, Task task) {
    double[][] yy = new double[y.length][];
    for (int i = 0; i < y.length; i++) {
      yy[i] = new double[] {y[i]};
    }
    return new TrainingSet(x, yy, task);
  }

  public int size() {
    return x.length;
  }

  public int inputs() {
    return x[0].length;
  }

  public int outputs() {
    return y[0].length;
  }
}
