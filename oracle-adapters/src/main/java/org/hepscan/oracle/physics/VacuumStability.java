package org.hepscan.oracle.physics;

/**
 * Whether the potential is bounded from below, as 2HDMC 1.8.0 checks it
 * (THDM::check_stability) when lambda6 = lambda7 = 0: the conditions of Deshpande and Ma
 * (Phys. Rev. D18 (1978) 2574) in the form of Branco et al. (Phys. Rept. 516 (2012) 1,
 * eq. 5.4): lambda1 >= 0, lambda2 >= 0, lambda3 >= -sqrt(lambda1 lambda2) and
 * lambda3 + lambda4 - |lambda5| >= -sqrt(lambda1 lambda2). Equality passes, as in 2HDMC.
 */
public final class VacuumStability {
  private VacuumStability() {
  }

  public static boolean boundedFromBelow(Potential p) {
    if (p.lambda1() < 0 || p.lambda2() < 0) {
      return false;
    }
    double floor = -Math.sqrt(p.lambda1() * p.lambda2());
    return p.lambda3() >= floor && p.lambda3() + p.lambda4() - Math.abs(p.lambda5()) >= floor;
  }
}
