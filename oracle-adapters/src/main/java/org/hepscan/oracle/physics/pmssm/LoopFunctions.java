package org.hepscan.oracle.physics.pmssm;

/**
 * One-loop integrals in DRbar at the renormalisation scale Q (all arguments are squared
 * masses, Q2 = Q^2), in the conventions of Pierce, Bagger, Matchev, Zhang, Nucl. Phys. B491
 * (1997) 3, hep-ph/9606211 (PBMZ), appendix B.
 */
public final class LoopFunctions {
  private static final double TINY = 1e-9;

  private LoopFunctions() {
  }

  /** A0(m) = m^2 (1 - ln(m^2/Q^2)); zero for a massless particle. */
  public static double a0(double m2, double q2) {
    return m2 <= 0 ? 0 : m2 * (1 - Math.log(m2 / q2));
  }

  /**
   * Real part of B0(p^2; 0, m^2) = 2 - ln(m^2/Q^2) + (m^2/p^2 - 1) ln|1 - p^2/m^2| (one
   * massless line: a quark inside the gluino self-energy).
   */
  public static double b0Massless(double p2, double m2, double q2) {
    double r = m2 / p2;
    double log = Math.abs(r - 1) < TINY ? 0 : (r - 1) * Math.log(Math.abs(1 - 1 / r));
    return 2 - Math.log(m2 / q2) + log;
  }

  /** B1(p^2; 0, m^2) = [A0(m) + (p^2 - m^2) B0(p^2; 0, m^2)] / (2 p^2). */
  public static double b1Massless(double p2, double m2, double q2) {
    return (a0(m2, q2) + (p2 - m2) * b0Massless(p2, m2, q2)) / (2 * p2);
  }

  /**
   * The loop function of the tan(beta)-enhanced bottom-mass correction,
   * I(a,b,c) = [ab ln(a/b) + bc ln(b/c) + ca ln(c/a)] / [(a-b)(b-c)(a-c)], symmetric and
   * positive, 1/(2a) when all three are equal (Hall, Rattazzi, Sarid, hep-ph/9306309;
   * Carena, Olechowski, Pokorski, Wagner, hep-ph/9402253). Equal arguments are separated
   * slightly: the limit is smooth.
   */
  public static double deltaBLoop(double a, double b, double c) {
    double x = a * (1 + 1e-7);
    double y = b * (1 - 1e-7);
    double z = c * (1 + 3e-7);
    return (x * y * Math.log(x / y) + y * z * Math.log(y / z) + z * x * Math.log(z / x))
        / ((x - y) * (y - z) * (x - z));
  }

  /**
   * The gaugino-loop self-energy of a sfermion of soft mass^2 m2 over a gaugino of mass M,
   * divided by the coupling factor: m2 [1 + 3x + (x-1)^2 ln|x-1| - x^2 ln x + 2x ln(Q^2/m2)]
   * with x = M^2/m2. Times g3^2/(6 pi^2) it is PBMZ's approximate one-loop QCD correction
   * to a first-generation squark mass (gluon and gluino loops, massless quark); times
   * C g^2/(8 pi^2) we use it for the wino (C = 3/4) and bino (C = Y^2) loops of every
   * sfermion, neglecting the W/Z masses: its Q dependence, 2 C g^2 M^2/(8 pi^2) per ln Q^2,
   * is exactly what cancels the gaugino term of the soft mass's one-loop running, which
   * fixes the normalisation. Negative when the gaugino is heavy and Q below it: that is
   * what makes a light sfermion beside a heavy gaugino tachyonic.
   */
  public static double gauginoLoop(double m2, double bigM, double q2) {
    double m = Math.max(m2, 1.0);
    double x = bigM * bigM / m;
    double xm1 = Math.abs(x - 1);
    double mixed = xm1 < 1e-12 ? 0 : (x - 1) * (x - 1) * Math.log(xm1);
    double xlogx = x < 1e-300 ? 0 : x * x * Math.log(x);
    return m * (1 + 3 * x + mixed - xlogx + 2 * x * Math.log(q2 / m));
  }

  /** m^2 (ln(m^2/Q^2) - 1): the DRbar expectation value 16 pi^2 <|phi|^2> of a complex scalar of mass^2 m2. */
  public static double scalarTadpole(double m2, double q2) {
    return m2 <= 0 ? 0 : m2 * (Math.log(m2 / q2) - 1);
  }

  /** m^4 (ln(m^2/Q^2) - 3/2): one real degree of freedom of the Coleman-Weinberg potential, times 64 pi^2. */
  public static double colemanWeinberg(double m2, double q2) {
    double m = Math.max(m2, TINY);
    return m * m * (Math.log(m / q2) - 1.5);
  }
}
