package org.hepscan.strategy.model;

import java.util.List;
import org.hepscan.target.Constraint;
import org.hepscan.target.Target;

/** The target's likelihood of predicted observables (columns named by {@code names}). */
public final class Likelihoods {
  private Likelihoods() {
  }

  /** Log-likelihood of each row of predicted observables (columns in {@code names} order) under the scan's target. */
  public static double[] logLikelihood(Target target, double[][] predicted, List<String> names) {
    List<Constraint> cs = target.constraints();
    int[] col = new int[cs.size()];
    for (int c = 0; c < col.length; c++) {
      col[c] = names.indexOf(cs.get(c).observable());
    }
    double[] out = new double[predicted.length];
    for (int i = 0; i < out.length; i++) {
      double s = 0;
      for (int c = 0; c < col.length; c++) {
        s += cs.get(c).logLikelihood(predicted[i][col[c]]);
      }
      out[i] = Double.isNaN(s) ? Double.NEGATIVE_INFINITY : s;
    }
    return out;
  }

  /** Whether each row of predicted observables passes every constraint of the target. */
  public static boolean[] passes(Target target, double[][] predicted, List<String> names) {
    List<Constraint> cs = target.constraints();
    boolean[] out = new boolean[predicted.length];
    for (int i = 0; i < out.length; i++) {
      boolean in = true;
      for (int c = 0; c < cs.size() && in; c++) {
        in = cs.get(c).passes(predicted[i][names.indexOf(cs.get(c).observable())]);
      }
      out[i] = in;
    }
    return out;
  }
}
