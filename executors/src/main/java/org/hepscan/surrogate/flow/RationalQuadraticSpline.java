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
    NDArray width = c(in, 2 * bound);

    // Bin sizes as shares of [-B, B] and their running sums; each full-size (N, D, K) pass
    // costs as much as a layer of the network at inference, so only the bin an input falls in
    // is taken further (gathered), in units of the interval until then.
    NDArray sw = shares(uw, MIN_BIN_WIDTH);
    NDArray sh = shares(uh, MIN_BIN_HEIGHT);
    NDArray cumW = sw.cumSum(2);
    NDArray cumH = sh.cumSum(2);
    // the bin: how many interior knots lie at or below the input (in [0, 1] of the interval);
    // B itself falls in the last bin, as with nflows' nudged searchsorted
    NDArray u = v.sub(lo).div(width).expandDims(2);
    NDArray cum = inverse ? cumH : cumW;
    NDArray idx = u.gte(cum.get(new NDIndex(":, :, :-1"))).sum(new int[] {2}, true).toType(DataType.INT64, false)
        .minimum(m.create(k - 1));
    NDArray first = idx.eq(m.create(0L));
    NDArray before = idx.sub(m.create(1L)).maximum(m.create(0L));
    NDArray zero1 = m.zeros(idx.getShape(), in.getDataType());
    NDArray cw = NDArrays.where(first, zero1, cumW.gather(before, 2)).mul(width).add(lo).squeeze(2);
    NDArray ch = NDArrays.where(first, zero1, cumH.gather(before, 2)).mul(width).add(lo).squeeze(2);
    NDArray bw = sw.gather(idx, 2).mul(width).squeeze(2);
    NDArray bh = sh.gather(idx, 2).mul(width).squeeze(2);
    // derivatives at the bin's two knots; 1 at both edges, so the identity tails continue the
    // spline smoothly; softplus taken of the two gathered values only (K >= 2: every flow checks its bins)
    NDArray edges = c(in, Math.log(Math.expm1(1 - MIN_DERIVATIVE))).broadcast(idx.getShape());
    NDArray last = idx.eq(m.create(k - 1));
    NDArray d0 = Activation.softPlus(NDArrays.where(first, edges, ud.gather(before, 2)).squeeze(2)).add(c(in, MIN_DERIVATIVE));
    NDArray d1 = Activation.softPlus(NDArrays.where(last, edges, ud.gather(idx.minimum(m.create(k - 2)), 2)).squeeze(2))
        .add(c(in, MIN_DERIVATIVE));
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

  /** Shares of the interval from unnormalised sizes: a softmax over the K bins, each at least {@code min}. */
  private static NDArray shares(NDArray raw, double min) {
    long k = raw.getShape().get(2);
    return raw.softmax(2).mul(c(raw, 1 - min * k)).add(c(raw, min));
  }
}
