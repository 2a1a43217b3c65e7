package org.hepscan.oracle.physics;

/**
 * The lower bound on the charged Higgs mass from B -> X_s gamma in the type-II 2HDM:
 * Misiak and Steinhauser, Eur. Phys. J. C77 (2017) 201, arXiv:1702.04571: "the 95% C.L.
 * lower bound on M_H+- is now in the 570-800 GeV range, depending quite sensitively on the
 * method applied for its determination". The default is the lower edge, 570 GeV; a spec can
 * ask for a stricter value up to the 800 GeV of the most conservative method.
 *
 * <p>The charged-Higgs contribution to the b -> s gamma amplitude has a tan(beta)-independent
 * part and a part falling as cot^2(beta), so the bound is flat in tan(beta) except at small
 * tan(beta) (below about 2), where it grows. That rise is not modelled: for tan(beta) &lt; 2
 * the bound used here is optimistic.
 */
public final class BsGammaBound {
  /** GeV: the lower edge of Misiak and Steinhauser's 95% CL range. */
  public static final double DEFAULT_MIN_MHP = 570.;
  /** GeV: the upper edge, the most conservative of their determinations. */
  public static final double CONSERVATIVE_MIN_MHP = 800.;

  private BsGammaBound() {
  }
}
