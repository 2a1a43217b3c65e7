package org.hepscan.surrogate.flow;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * A masked autoregressive flow of rational-quadratic splines (papers/000 sec. II.B, Table V;
 * nflows' {@code MaskedPiecewiseRationalQuadraticAutoregressiveTransform}): {@code
 * transforms} spline transforms, each conditioned by a {@link Made}, the coordinates reversed
 * between them, over a standard normal base. The forward pass maps data to noise in one
 * pass and gives the log-density; sampling inverts each transform coordinate by coordinate
 * (D passes of its network), as autoregressive flows do.
 *
 * <p>As a DJL block its forward pass returns the log-density of each row, {@code (N)}: what
 * a negative log-likelihood trains.
 */
final class SplineFlow extends AbstractBlock {
  private final int dimension;
  private final int bins;
  private final double bound;
  private final int hidden;
  private final Made[] transforms;

  SplineFlow(int dimension, int transforms, int hidden, int bins, double bound) {
    this.dimension = dimension;
    this.bins = bins;
    this.bound = bound;
    this.hidden = hidden;
    this.transforms = new Made[transforms];
    for (int t = 0; t < transforms; t++) {
      this.transforms[t] = addChildBlock("transform" + t, new Made(dimension, hidden, 3 * bins - 1));
    }
  }

  @Override
  protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
    return new NDList(logDensity(ps, inputs.singletonOrThrow(), training));
  }

  /** log p(x) per row of {@code x}, {@code (N, D)}. */
  NDArray logDensity(ParameterStore ps, NDArray x, boolean training) {
    NDManager m = x.getManager();
    NDArray z = x;
    NDArray logDet = m.zeros(new Shape(x.getShape().get(0)), x.getDataType());
    for (Made t : transforms) {
      NDArray p = t.forward(ps, new NDList(z), training).singletonOrThrow();
      NDList out = apply(z, p, false);
      logDet = logDet.add(out.get(1).sum(new int[] {1}));
      z = out.get(0).flip(1);
    }
    NDArray base = z.square().sum(new int[] {1}).mul(m.create(-0.5f)).sub(m.create((float) (0.5 * dimension * Math.log(2 * Math.PI))));
    return base.add(logDet);
  }

  /** Points of the flow for base points {@code z}, {@code (N, D)} of standard normal draws. */
  NDArray sample(ParameterStore ps, NDArray z) {
    NDArray y = z;
    long n = z.getShape().get(0);
    for (int t = transforms.length - 1; t >= 0; t--) {
      y = y.flip(1);
      // coordinate i's spline reads only the coordinates before it, which earlier passes made final
      NDArray x = y.getManager().zeros(y.getShape(), y.getDataType());
      for (int i = 0; i < dimension; i++) {
        NDArray p = transforms[t].column(ps, x, i).reshape(n, 1, 3L * bins - 1);
        NDArray xi = apply(y.get(":, " + i + ":" + (i + 1)), p, true).get(0);
        x = i == 0 ? NDArrays.concat(new NDList(xi, x.get(":, 1:")), 1)
            : i == dimension - 1 ? NDArrays.concat(new NDList(x.get(":, :" + i), xi), 1)
            : NDArrays.concat(new NDList(x.get(":, :" + i), xi, x.get(":, " + (i + 1) + ":")), 1);
      }
      y = x;
    }
    return y;
  }

  private NDList apply(NDArray v, NDArray p, boolean inverse) {
    NDManager m = v.getManager();
    // as nflows: the unnormalised sizes scaled down by the width of the network, for a gentle start
    NDArray scale = m.create((float) (1 / Math.sqrt(hidden)));
    NDArray w = p.get(":, :, 0:" + bins).mul(scale);
    NDArray h = p.get(":, :, " + bins + ":" + 2 * bins).mul(scale);
    NDArray d = p.get(":, :, " + 2 * bins + ":");
    return inverse ? RationalQuadraticSpline.inverse(v, w, h, d, bound) : RationalQuadraticSpline.forward(v, w, h, d, bound);
  }

  int dimension() {
    return dimension;
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return new Shape[] {new Shape(inputShapes[0].get(0))};
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    for (Made t : transforms) {
      t.initialize(manager, dataType, inputShapes);
    }
  }
}
