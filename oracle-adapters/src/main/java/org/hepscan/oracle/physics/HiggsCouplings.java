package org.hepscan.oracle.physics;

/**
 * Tree-level coupling modifiers of the light CP-even h in the type-II 2HDM, relative to a
 * SM Higgs: kappa_V = sin(beta - alpha) for W and Z, kappa_u = cos(alpha) / sin(beta) for
 * up-type quarks, kappa_d = -sin(alpha) / cos(beta) for down-type quarks and charged
 * leptons (Branco et al., Phys. Rept. 516 (2012) 1, Table 2 with eq. 4.9).
 *
 * <p>The overall sign of the field h is a convention; 2HDMC fixes it by cos(beta - alpha)
 * >= 0, which leaves sin(beta - alpha) of either sign. The LHC fits quote kappa_V > 0, so the
 * modifiers here are given with the sign of h chosen so that kappa_V >= 0: the relative
 * sign of kappa_d (the "wrong-sign Yukawa" region) is what remains physical.
 */
public record HiggsCouplings(double kappaV, double kappaU, double kappaD) {

  public static HiggsCouplings of(TreeLevelSpectrum s, double tanBeta) {
    double sba = s.sinBetaMinusAlpha();
    double cba = s.cosBetaMinusAlpha();
    double sign = sba < 0 ? -1. : 1.;
    // cos(a)/sin(b) = s(b-a) + c(b-a) cot(b); -sin(a)/cos(b) = s(b-a) - c(b-a) tan(b)
    return new HiggsCouplings(sign * sba, sign * (sba + cba / tanBeta), sign * (sba - cba * tanBeta));
  }
}
