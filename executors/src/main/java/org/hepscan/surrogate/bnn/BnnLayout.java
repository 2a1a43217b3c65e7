package org.hepscan.surrogate.bnn;

import java.io.Serializable;
import java.util.SplittableRandom;

/**
 * Where each weight of a Bayesian network sits in its flat parameter vector θ, and how the
 * prior groups them. The network: {@code hidden} layers of {@code width} PReLU units, then a
 * linear output layer. θ holds, layer by layer, the weight matrix (fan-in × fan-out, row
 * major) and the biases, then one PReLU slope per hidden layer.
 *
 * <p>Prior groups (each with its own precision, papers/003's hierarchical prior): the
 * weights of each layer, the biases of each layer, and the slopes together.
 */
public record BnnLayout(int inputs, int hidden, int width, int outputs) implements Serializable {

  /** PReLU's starting slope (papers/003, appendix). */
  public static final double START_SLOPE = 0.1;

  public BnnLayout {
    if (inputs < 1 || hidden < 1 || width < 1 || outputs < 1) {
      throw new IllegalArgumentException("a network needs inputs, hidden layers, units and outputs >= 1");
    }
  }

  /** Linear maps: the hidden layers and the output layer. */
  public int layers() {
    return hidden + 1;
  }

  public int fanIn(int layer) {
    return layer == 0 ? inputs : width;
  }

  public int fanOut(int layer) {
    return layer == hidden ? outputs : width;
  }

  /** Offset of layer {@code layer}'s weight matrix in θ. */
  public int weightOffset(int layer) {
    int off = 0;
    for (int l = 0; l < layer; l++) {
      off += (fanIn(l) + 1) * fanOut(l);
    }
    return off;
  }

  public int biasOffset(int layer) {
    return weightOffset(layer) + fanIn(layer) * fanOut(layer);
  }

  /** Offset of the first PReLU slope. */
  public int slopeOffset() {
    return weightOffset(layers());
  }

  /** Length of θ. */
  public int size() {
    return slopeOffset() + hidden;
  }

  /** Prior groups: weights and biases of every layer, then the slopes. */
  public int groups() {
    return 2 * layers() + 1;
  }

  public int groupStart(int g) {
    if (g == groups() - 1) {
      return slopeOffset();
    }
    int layer = g / 2;
    return g % 2 == 0 ? weightOffset(layer) : biasOffset(layer);
  }

  public int groupEnd(int g) {
    if (g == groups() - 1) {
      return size();
    }
    int layer = g / 2;
    return g % 2 == 0 ? biasOffset(layer) : biasOffset(layer) + fanOut(layer);
  }

  public String groupName(int g) {
    if (g == groups() - 1) {
      return "slopes";
    }
    return (g % 2 == 0 ? "weights" : "biases") + (g / 2);
  }

  /** A starting θ: Glorot-uniform weights, zero biases, slopes at {@link #START_SLOPE}. */
  public double[] initial(SplittableRandom random) {
    double[] theta = new double[size()];
    for (int l = 0; l < layers(); l++) {
      double limit = Math.sqrt(6.0 / (fanIn(l) + fanOut(l)));
      for (int i = weightOffset(l); i < biasOffset(l); i++) {
        theta[i] = limit * (2 * random.nextDouble() - 1);
      }
    }
    for (int i = slopeOffset(); i < size(); i++) {
      theta[i] = START_SLOPE;
    }
    return theta;
  }

  /**
   * The network's outputs for one row of (already scaled) inputs, in plain Java: the
   * reference the batched torch forward passes are tested against.
   */
  public double[] forward(double[] theta, double[] x) {
    double[] h = x;
    for (int l = 0; l < layers(); l++) {
      int in = fanIn(l);
      int out = fanOut(l);
      int w = weightOffset(l);
      int b = biasOffset(l);
      double[] next = new double[out];
      for (int j = 0; j < out; j++) {
        double s = theta[b + j];
        for (int i = 0; i < in; i++) {
          s += h[i] * theta[w + i * out + j];
        }
        if (l < hidden) {
          double a = theta[slopeOffset() + l];
          s = s >= 0 ? s : a * s;
        }
        next[j] = s;
      }
      h = next;
    }
    return h;
  }
}
