package org.hepscan.oracle.builtin;

/** O = [2 + cos(x1/2) cos(x2/2)]^5, usually on [0, 10 pi]^2 (papers/001, the MLS eggbox). */
public final class Eggbox extends AnalyticProvider {

  public Eggbox() {
    super("eggbox", "O = [2 + cos(x1/2) cos(x2/2)]^5 of exactly 2 parameters (papers/001)", "O", 2, 2,
        x -> value(x[0], x[1]));
  }

  public static double value(double x1, double x2) {
    return Math.pow(2 + Math.cos(x1 / 2) * Math.cos(x2 / 2), 5);
  }
}
