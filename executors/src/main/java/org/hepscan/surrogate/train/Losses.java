package org.hepscan.surrogate.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Activation;
import ai.djl.training.loss.Loss;
import java.util.function.BinaryOperator;

/**
 * The training losses, written with tensor operands only.
 *
 * <p>Why not DJL's own: {@code Loss.l2Loss} multiplies by its weight through
 * {@code NDArray.mul(Number)}, which on PyTorch wraps the number in a tensor over a Java
 * direct buffer and closes it at once, while autograd keeps that tensor for the backward
 * pass. Once a garbage collection frees the buffer (any thread allocating direct memory can
 * cause one), the backward pass reads freed memory: a training then gave another network
 * now and then, on a busy JVM only. Nothing that is differentiated may take a
 * {@code Number} operand; these losses take none and compute the same values.
 *
 * <p>Each takes the target as its first label and, where a second label is present, one
 * weight per row: the loss is then the weighted mean over rows of the per-row mean over
 * outputs.
 */
public final class Losses {
  private Losses() {
  }

  /** Mean squared error. */
  public static Loss mse(String name) {
    return new RowLoss(name, (y, p) -> y.sub(p).square());
  }

  /** Mean absolute error. */
  public static Loss mae(String name) {
    return new RowLoss(name, (y, p) -> y.sub(p).abs());
  }

  /**
   * Binary cross-entropy on logits z, in the stable form max(z, 0) - z y + log(1 + exp(-|z|)).
   */
  public static Loss bceOnLogits(String name) {
    return new RowLoss(name, (y, z) -> Activation.relu(z).sub(z.mul(y)).add(Activation.softPlus(z.abs().neg())));
  }

  /**
   * The loss of a density model, whose output is log p per row: minus the mean log-density,
   * weighted when a label (the rows' weights, a density set's only label) is given.
   */
  public static Loss negativeLogLikelihood(String name) {
    return new Loss(name) {
      @Override
      public NDArray evaluate(NDList labels, NDList predictions) {
        NDArray logp = predictions.singletonOrThrow();
        if (labels.isEmpty()) {
          return logp.mean().neg();
        }
        NDArray w = labels.singletonOrThrow();
        return logp.mul(w).sum().div(w.sum()).neg();
      }
    };
  }

  private static final class RowLoss extends Loss {
    private final BinaryOperator<NDArray> elementwise;

    RowLoss(String name, BinaryOperator<NDArray> elementwise) {
      super(name);
      this.elementwise = elementwise;
    }

    @Override
    public NDArray evaluate(NDList labels, NDList predictions) {
      NDArray p = predictions.singletonOrThrow();
      NDArray y = labels.get(0).reshape(p.getShape());
      NDArray e = elementwise.apply(y, p);
      if (labels.size() < 2) {
        return e.mean();
      }
      NDArray w = labels.get(1);
      NDArray perRow = p.getShape().dimension() > 1 ? e.mean(new int[] {1}) : e;
      return perRow.mul(w).sum().div(w.sum());
    }
  }
}
