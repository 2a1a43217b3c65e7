package org.hepscan.oracle.physics.pmssm;

/**
 * The five sfermion multiplets of one generation as chiral superfields (Q, u-bar, d-bar,
 * L, e-bar), with the quantum numbers the one-loop corrections need. Y is the superfield's
 * hypercharge (Q = T3 + Y), the sign that its scalar's D-term carries.
 */
public enum Multiplet {
  Q(true, true, 1.0 / 6, 6),
  U(true, false, -2.0 / 3, 3),
  D(true, false, 1.0 / 3, 3),
  L(false, true, -1.0 / 2, 2),
  E(false, false, 1.0, 1);

  private final boolean coloured;
  private final boolean doublet;
  private final double hypercharge;
  private final int states;

  Multiplet(boolean coloured, boolean doublet, double hypercharge, int states) {
    this.coloured = coloured;
    this.doublet = doublet;
    this.hypercharge = hypercharge;
    this.states = states;
  }

  public boolean coloured() {
    return coloured;
  }

  public boolean doublet() {
    return doublet;
  }

  public double hypercharge() {
    return hypercharge;
  }

  /** Complex scalars in the multiplet: colours times SU(2) components. */
  public int states() {
    return states;
  }
}
