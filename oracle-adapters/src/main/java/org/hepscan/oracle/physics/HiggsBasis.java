package org.hepscan.oracle.physics;

/**
 * The quartic couplings in the Higgs basis (the doublet rotated by beta so that only one
 * of them has a vacuum expectation value), as 2HDMC 1.8.0's THDM::get_param_higgs gives
 * them (hep-ph/0504050): Z1..Z5, and Lambda6, Lambda7, the rotated lambda6, lambda7
 * (2HDMC names the Higgs-basis couplings Lambda_i; its quartic vertices use
 * Z6 = -Lambda6 and Z7 = -Lambda7).
 */
record HiggsBasis(double z1, double z2, double z3, double z4, double z5, double lambda6, double lambda7) {

  static HiggsBasis of(Potential p) {
    double beta = p.beta();
    double sb = Math.sin(beta);
    double cb = Math.cos(beta);
    double s2b = Math.sin(2 * beta);
    double c2b = Math.cos(2 * beta);
    double sb2 = sb * sb;
    double cb2 = cb * cb;
    double s2b2 = s2b * s2b;
    double l1 = p.lambda1();
    double l2 = p.lambda2();
    double l345 = p.lambda3() + p.lambda4() + p.lambda5();
    double common = 0.25 * s2b2 * (l1 + l2 - 2 * l345);
    return new HiggsBasis(
        l1 * cb2 * cb2 + l2 * sb2 * sb2 + 0.5 * l345 * s2b2,
        l1 * sb2 * sb2 + l2 * cb2 * cb2 + 0.5 * l345 * s2b2,
        common + p.lambda3(),
        common + p.lambda4(),
        common + p.lambda5(),
        -0.5 * s2b * (l1 * cb2 - l2 * sb2 - l345 * c2b),
        -0.5 * s2b * (l1 * sb2 - l2 * cb2 + l345 * c2b));
  }
}
