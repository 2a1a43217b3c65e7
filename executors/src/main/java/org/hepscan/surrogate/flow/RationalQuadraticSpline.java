package org.hepscan.surrogate.flow;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Activation;

/**
 * The monotonic rational-quadratic spline of Durkan et al. 2019 (Neural Spline Flows, as
 * nflows implements it with linear tails): on [-B, B] the map runs through K + 1 knots with
 * K bin widths, K bin heights and K - 1 interior derivatives from unconstrained network
 * outputs; outside [-B, B] it is the identity, with derivative 1 at the edges so that the
 * map and its derivative are continuous.
 *
 * <p>Element-wise over the last axis of parameters: inputs {@code (N, D)}, unnormalised
 * widths and heights {@code (N, D, K)}, derivatives {@code (N, D, K - 1)}.
 *
 * <p>The guards public implementations lacked: every value is computed on inputs clamped into
 * [-B, B] and then replaced by the identity where the input was outside (so that a tail never
 * meets the spline's formulas, nflows #23), the bin index is clamped to the K bins, the
 * inverse's discriminant is floored at 0 and its root clamped to its bin (nflows #87, FlowJAX
 * #239). Every constant is a tensor: nothing differentiated takes a Java number (see
 * {@code Losses}).
 */
final class RationalQuadraticSpline {
  static final double MIN_BIN_WIDTH = 1e-3;
  static final double MIN_BIN_HEIGHT = 1e-3;
  static final double MIN_DERIVATIVE = 1e-3;

  private RationalQuadraticSpline() {
  }

  /** y and log|dy/dx| per element, both {@code (N, D)}. */
  static NDList forward(NDArray x, NDArray widths, NDArray heights, NDArray derivatives, double bound) {
    return transform(x, widths, heights, derivatives, bound, false);
  }

  /** x and log|dx/dy| per element for outputs y, both {@code (N, D)}. */
  static NDList inverse(NDArray y, NDArray widths, NDArray heights, NDArray derivatives, double bound) {
    return transform(y, widths, heights, derivatives, bound, true);
  }

  /** A constant as a tensor of {@code like}'s type (float32 in training; float64 where a test asks). */
  private static NDArray c(NDArray like, double v) {
    NDManager m = like.getManager();
    return like.getDataType() == DataType.FLOAT64 ? m.create(v) : m.create((float) v);
  }

  private static NDList transform(NDArray in, NDArray uw, NDArray uh, NDArray ud, double bound, boolean inverse) {
    NDManager m = in.getManager();
    long k = uw.getShape().get(2);
    NDArray lo = c(in, -bound);
    NDArray hi = c(in, bound);
    NDArray inside = in.gte(lo).logicalAnd(in.lte(hi));
    NDArray v = in.maximum(lo).minimum(hi);

    NDArray[] w = knots(uw, MIN_BIN_WIDTH, bound);   // [cumulative (N, D, K + 1), sizes (N, D, K)]
    NDArray[] h = knots(uh, MIN_BIN_HEIGHT, bound);
    // derivative 1 at both edges: the identity tails continue the spline smoothly
    NDArray edge = c(in, Math.log(Math.expm1(1 - MIN_DERIVATIVE))).broadcast(ud.getShape().slice(0, 2).add(1));
    NDArray d = Activation.softPlus(NDArrays.concat(new NDList(edge, ud, edge), 2)).add(c(in, MIN_DERIVATIVE));

    NDArray bins = inverse ? h[0] : w[0];
    // the last knot nudged up so that v = B falls in the last bin, as nflows' searchsorted
    NDArray nudge = NDArrays.concat(new NDList(m.zeros(bins.getShape().slice(0, 2).add(k), in.getDataType()),
        c(in, 1e-6).broadcast(bins.getShape().slice(0, 2).add(1))), 2);
    NDArray idx = v.expandDims(2).gte(bins.add(nudge)).toType(DataType.INT64, false).sum(new int[] {2}, true)
        .sub(m.create(1L)).maximum(m.create(0L)).minimum(m.create(k - 1));

    NDArray cw = w[0].gather(idx, 2).squeeze(2);
    NDArray bw = w[1].gather(idx, 2).squeeze(2);
    NDArray ch = h[0].gather(idx, 2).squeeze(2);
    NDArray bh = h[1].gather(idx, 2).squeeze(2);
    NDArray d0 = d.gather(idx, 2).squeeze(2);
    NDArray d1 = d.gather(idx.add(m.create(1L)), 2).squeeze(2);
    NDArray delta = bh.div(bw);
    NDArray one = c(in, 1);
    NDArray two = c(in, 2);
    NDArray sum = d0.add(d1).sub(delta.mul(two));

    NDArray out;
    NDArray theta;
    if (!inverse) {
      theta = v.sub(cw).div(bw);
      NDArray t1 = theta.mul(one.sub(theta));
      NDArray numerator = bh.mul(delta.mul(theta.square()).add(d0.mul(t1)));
      NDArray denominator = delta.add(sum.mul(t1));
      out = ch.add(numerator.div(denominator));
    } else {
      NDArray dy = v.sub(ch);
      NDArray a = bh.mul(delta.sub(d0)).add(dy.mul(sum));
      NDArray b = bh.mul(d0).sub(dy.mul(sum));
      NDArray cc = delta.mul(dy).neg();
      NDArray disc = b.square().sub(c(in, 4).mul(a).mul(cc)).maximum(c(in, 0));
      theta = two.mul(cc).div(b.neg().sub(disc.sqrt())).maximum(c(in, 0)).minimum(one);
      out = theta.mul(bw).add(cw);
    }
    NDArray t1 = theta.mul(one.sub(theta));
    NDArray denominator = delta.add(sum.mul(t1));
    NDArray slope = delta.square().mul(d1.mul(theta.square()).add(two.mul(delta).mul(t1)).add(d0.mul(one.sub(theta).square())));
    NDArray logDet = slope.log().sub(two.mul(denominator.log()));
    if (inverse) {
      logDet = logDet.neg();
    }
    NDArray zero = m.zeros(in.getShape(), in.getDataType());
    return new NDList(NDArrays.where(inside, out, in), NDArrays.where(inside, logDet, zero));
  }

  /**
   * Knots from unnormalised sizes: a softmax over the K bins, each at least {@code min} of
   * the 2B interval, cumulated from -B; the edges set to exactly -B and B.
   */
  private static NDArray[] knots(NDArray raw, double min, double bound) {
    NDManager m = raw.getManager();
    long k = raw.getShape().get(2);
    NDArray share = raw.softmax(2).mul(c(raw, 1 - min * k)).add(c(raw, min));
    NDArray inner = share.cumSum(2).get(new NDIndex(":, :, :-1")).mul(c(raw, 2 * bound)).sub(c(raw, bound));
    var edgeShape = raw.getShape().slice(0, 2).add(1);
    NDArray cum = NDArrays.concat(new NDList(c(raw, -bound).broadcast(edgeShape), inner, c(raw, bound).broadcast(edgeShape)), 2);
    NDArray sizes = cum.get(new NDIndex(":, :, 1:")).sub(cum.get(new NDIndex(":, :, :-1")));
    return new NDArray[] {cum, sizes};
  }
}
