package org.hepscan.surrogate.flow;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.ConstantInitializer;
import ai.djl.util.PairList;

/**
 * A masked autoencoder for distribution estimation (Germain et al. 2015) as the conditioner
 * of one autoregressive spline transform: two hidden ReLU layers of masked weights, and for
 * every coordinate i the {@code per} outputs that depend on coordinates 0..i-1 only (the
 * first coordinate's on none: its spline is learnt as a constant). Degrees as in nflows:
 * input i has degree i + 1, hidden unit j degree {@code j mod (D - 1) + 1}, the outputs of
 * coordinate i degree i + 1; a weight is kept where the degree it feeds is at least (hidden)
 * or above (output) the one it reads.
 *
 * <p>The output layer starts at zero, so an untrained transform is a spline with equal bins
 * and nearly unit slopes: a flow starts near the identity.
 */
final class Made extends AbstractBlock {
  private final int dimension;
  private final int hidden;
  private final int per;
  private final float[][] masks;
  private final Parameter[] weights = new Parameter[3];
  private final Parameter[] biases = new Parameter[3];

  Made(int dimension, int hidden, int per) {
    this.dimension = dimension;
    this.hidden = hidden;
    this.per = per;
    int[] in = new int[dimension];
    for (int i = 0; i < dimension; i++) {
      in[i] = i + 1;
    }
    int[] mid = new int[hidden];
    for (int j = 0; j < hidden; j++) {
      mid[j] = dimension == 1 ? 1 : j % (dimension - 1) + 1;
    }
    int[] out = new int[dimension * per];
    for (int o = 0; o < out.length; o++) {
      out[o] = o / per + 1;
    }
    masks = new float[][] {mask(in, mid, false), mask(mid, mid, false), mask(mid, out, true)};
    int[][] shapes = {{hidden, dimension}, {hidden, hidden}, {dimension * per, hidden}};
    for (int l = 0; l < 3; l++) {
      Parameter.Builder w = Parameter.builder().setName("weight" + l).setType(Parameter.Type.WEIGHT)
          .optShape(new Shape(shapes[l][0], shapes[l][1]));
      Parameter.Builder b = Parameter.builder().setName("bias" + l).setType(Parameter.Type.BIAS).optShape(new Shape(shapes[l][0]));
      if (l == 2) {
        // OTHER: no trainer-wide initializer for weights replaces the zeros
        w.setType(Parameter.Type.OTHER).optInitializer(new ConstantInitializer(0));
        b.setType(Parameter.Type.OTHER).optInitializer(new ConstantInitializer(0));
      }
      weights[l] = addParameter(w.build());
      biases[l] = addParameter(b.build());
    }
  }

  /** Row-major (out, in): 1 where unit o may read unit i. */
  private static float[] mask(int[] from, int[] to, boolean strict) {
    float[] m = new float[to.length * from.length];
    for (int o = 0; o < to.length; o++) {
      for (int i = 0; i < from.length; i++) {
        m[o * from.length + i] = (strict ? to[o] > from[i] : to[o] >= from[i]) ? 1 : 0;
      }
    }
    return m;
  }

  int per() {
    return per;
  }

  @Override
  protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
    NDArray x = inputs.singletonOrThrow();
    return new NDList(outputs(ps, x, training, null).reshape(x.getShape().get(0), dimension, per));
  }

  /**
   * The {@code per} outputs of coordinate {@code i} only, {@code (N, per)}: what sampling
   * needs in its pass for that coordinate, at a D-th of the output layer's cost.
   */
  NDArray column(ParameterStore ps, NDArray x, int i) {
    return outputs(ps, x, false, i * per + ":" + (i + 1) * per);
  }

  /** The network's outputs, {@code (N, D x per)}; only the output rows {@code rows} (an index range) where not null. */
  private NDArray outputs(ParameterStore ps, NDArray x, boolean training, String rows) {
    NDManager m = x.getManager();
    NDArray h = x;
    for (int l = 0; l < 3; l++) {
      NDArray w = ps.getValue(weights[l], x.getDevice(), training);
      NDArray b = ps.getValue(biases[l], x.getDevice(), training);
      NDArray mask = m.create(masks[l], w.getShape()).toDevice(x.getDevice(), false);
      if (l == 2 && rows != null) {
        w = w.get(rows);
        b = b.get(rows);
        mask = mask.get(rows);
      }
      h = h.matMul(w.mul(mask).transpose()).add(b);
      if (l < 2) {
        h = Activation.relu(h);
      }
    }
    return h;
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return new Shape[] {new Shape(inputShapes[0].get(0), dimension, per)};
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    // no children: the parameters have their shapes
  }

  @Override
  public String toString() {
    return "Made(" + dimension + " -> " + hidden + " -> " + hidden + " -> " + dimension + " x " + per + ")";
  }
}
