package org.hepscan.surrogate;

import java.io.Serializable;

/**
 * The rows a surrogate learns from: inputs in the unit cube of the free parameters, one or
 * more targets per row (for classification, one target that is 0 or 1; for
 * {@link Task#DENSITY}, none: {@code y} is null), and optional per-row weights ({@code null}
 * means every row weighs 1; a density fitted to weighted samples, e.g. importance weights,
 * reads them). Checked once here so that a NaN from a broken oracle never reaches a training
 * loop.
 */
public record TrainingSet(double[][] x, double[][] y, Task task, double[] weights) implements Serializable {

  public TrainingSet {
    if (task == null) {
      throw new IllegalArgumentException("a training set needs its task");
    }
    if (x.length == 0) {
      throw new IllegalArgumentException("no rows to train on");
    }
    if (task == Task.DENSITY) {
      if (y != null) {
        for (int i = 0; i < y.length; i++) {
          if (y[i] != null && y[i].length > 0) {
            throw new IllegalArgumentException("a density is learnt from the rows alone; row " + i + " has "
                + y[i].length + " target(s)");
          }
        }
      }
      y = null;
    } else if (y == null) {
      throw new IllegalArgumentException("a " + task.name().toLowerCase() + " set needs targets");
    } else if (x.length != y.length) {
      throw new IllegalArgumentException(x.length + " input rows but " + y.length + " target rows");
    }
    int in = x[0].length;
    int out = y == null ? 0 : y[0].length;
    if (in == 0 || (y != null && out == 0)) {
      throw new IllegalArgumentException("rows need at least one input and one target");
    }
    for (int i = 0; i < x.length; i++) {
      if (x[i].length != in || (y != null && y[i].length != out)) {
        throw new IllegalArgumentException("row " + i + " has " + x[i].length + " inputs and "
            + (y == null ? 0 : y[i].length) + " targets; row 0 has " + in + " and " + out);
      }
      for (double v : x[i]) {
        if (!Double.isFinite(v)) {
          throw new IllegalArgumentException("row " + i + " has a non-finite input " + v);
        }
      }
      if (y != null) {
        for (double v : y[i]) {
          if (!Double.isFinite(v) || (task == Task.CLASSIFICATION && v != 0 && v != 1)) {
            throw new IllegalArgumentException("row " + i + " has target " + v
                + (task == Task.CLASSIFICATION ? "; a class label must be 0 or 1" : "; targets must be finite"));
          }
        }
      }
    }
    if (task == Task.CLASSIFICATION && out != 1) {
      throw new IllegalArgumentException("a classifier learns one label per row, not " + out);
    }
    if (weights != null) {
      if (weights.length != x.length) {
        throw new IllegalArgumentException(x.length + " rows but " + weights.length + " weights");
      }
      boolean any = false;
      for (int i = 0; i < weights.length; i++) {
        double w = weights[i];
        if (!Double.isFinite(w) || w < 0) {
          throw new IllegalArgumentException("row " + i + " has weight " + w + "; weights must be finite and >= 0");
        }
        any |= w > 0;
      }
      if (!any) {
        throw new IllegalArgumentException("every weight is 0: nothing to learn from");
      }
    }
  }

  /** Rows that all weigh 1. */
  public TrainingSet(double[][] x, double[][] y, Task task) {
    this(x, y, task, null);
  }

  /** A one-target set. */
  public static TrainingSet of(double[][] x, double[] y, Task task) {
    double[][] yy = new double[y.length][];
    for (int i = 0; i < y.length; i++) {
      yy[i] = new double[] {y[i]};
    }
    return new TrainingSet(x, yy, task);
  }

  /** Rows whose density is to be learnt, each with its weight ({@code weights} null: all 1). */
  public static TrainingSet density(double[][] x, double[] weights) {
    return new TrainingSet(x, null, Task.DENSITY, weights);
  }

  public int size() {
    return x.length;
  }

  public int inputs() {
    return x[0].length;
  }

  /** Targets per row: 0 for a density set. */
  public int outputs() {
    return y == null ? 0 : y[0].length;
  }

  public boolean weighted() {
    return weights != null;
  }

  /** The weight of row {@code i}: 1 when the set has no weights. */
  public double weight(int i) {
    return weights == null ? 1 : weights[i];
  }

  /** The rows as one byte[] (what a training job broadcasts to its tasks): task, sizes, rows, weights. */
  public byte[] toBytes() {
    try {
      int k = outputs();
      java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream(size() * (inputs() + k + 1) * 8 + 64);
      java.io.DataOutputStream out = new java.io.DataOutputStream(bytes);
      out.writeUTF(task.name());
      out.writeInt(size());
      out.writeInt(inputs());
      out.writeInt(k);
      out.writeBoolean(weights != null);
      for (int i = 0; i < size(); i++) {
        for (double v : x[i]) {
          out.writeDouble(v);
        }
        for (int j = 0; j < k; j++) {
          out.writeDouble(y[i][j]);
        }
        if (weights != null) {
          out.writeDouble(weights[i]);
        }
      }
      out.flush();
      return bytes.toByteArray();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** Reads {@link #toBytes()}. */
  public static TrainingSet fromBytes(byte[] b) {
    try {
      java.io.DataInputStream in = new java.io.DataInputStream(new java.io.ByteArrayInputStream(b));
      Task t = Task.valueOf(in.readUTF());
      int n = in.readInt();
      int d = in.readInt();
      int k = in.readInt();
      boolean weighted = in.readBoolean();
      double[][] x = new double[n][d];
      double[][] y = t == Task.DENSITY ? null : new double[n][k];
      double[] w = weighted ? new double[n] : null;
      for (int i = 0; i < n; i++) {
        for (int j = 0; j < d; j++) {
          x[i][j] = in.readDouble();
        }
        for (int j = 0; j < k; j++) {
          y[i][j] = in.readDouble();
        }
        if (weighted) {
          w[i] = in.readDouble();
        }
      }
      return new TrainingSet(x, y, t, w);
    } catch (java.io.IOException e) {
      throw new IllegalArgumentException("corrupt training set bytes: " + e.getMessage(), e);
    }
  }
}
