package org.hepscan.oracle.physics;

import java.util.Arrays;
import java.util.List;

/**
 * A measurement of the Higgs coupling modifiers in the kappa framework (no invisible or
 * undetected decays, B_i = B_u = 0), used for a chi-square of the 2HDM's h against it:
 * chi2 = sum over W, Z, t, b, tau of ((kappa - measured) / uncertainty)^2 with kappa_W =
 * kappa_Z = kappa_V, kappa_t = kappa_u, kappa_b = kappa_tau = kappa_d. The uncertainties
 * are the published ones made symmetric; the correlations between the fitted kappas are
 * neglected, so the chi-square is a screening tool, not a replacement for HiggsSignals.
 *
 * <p>Values as listed in PDG 2024 (Phys. Rev. D 110 (2024) 030001), Higgs review, Table 11.8:
 * <ul>
 *   <li>ATLAS, Nature 607 (2022) 52, arXiv:2207.00092: kappa_W = 1.05 +- 0.06,
 *       kappa_Z = 0.99 +- 0.06, kappa_t = 0.94 +- 0.11, kappa_b = 0.89 +- 0.11,
 *       kappa_tau = 0.93 +- 0.07;</li>
 *   <li>CMS, Nature 607 (2022) 60, arXiv:2207.00043: kappa_W = 1.02 +- 0.08,
 *       kappa_Z = 1.04 +- 0.07, kappa_t = 1.01 +- 0.11, kappa_b = 0.99 +- 0.16,
 *       kappa_tau = 0.92 +- 0.08.</li>
 * </ul>
 */
public enum KappaMeasurement {
  ATLAS_2022("atlas-2022", new double[] {1.05, 0.99, 0.94, 0.89, 0.93}, new double[] {0.06, 0.06, 0.11, 0.11, 0.07}),
  CMS_2022("cms-2022", new double[] {1.02, 1.04, 1.01, 0.99, 0.92}, new double[] {0.08, 0.07, 0.11, 0.16, 0.08});

  /** The order of {@link #central} and {@link #uncertainty}. */
  public static final List<String> COUPLINGS = List.of("kappa_W", "kappa_Z", "kappa_t", "kappa_b", "kappa_tau");

  private final String spelling;
  private final double[] central;
  private final double[] uncertainty;

  KappaMeasurement(String spelling, double[] central, double[] uncertainty) {
    this.spelling = spelling;
    this.central = central;
    this.uncertainty = uncertainty;
  }

  /** The name a spec uses. */
  public String spelling() {
    return spelling;
  }

  public double[] central() {
    return central.clone();
  }

  public double[] uncertainty() {
    return uncertainty.clone();
  }

  public static KappaMeasurement bySpelling(String name) {
    return Arrays.stream(values()).filter(m -> m.spelling.equals(name)).findFirst().orElse(null);
  }

  public static List<String> spellings() {
    return Arrays.stream(values()).map(KappaMeasurement::spelling).toList();
  }

  public double chiSquare(HiggsCouplings k) {
    double[] predicted = {k.kappaV(), k.kappaV(), k.kappaU(), k.kappaD(), k.kappaD()};
    double chi2 = 0;
    for (int i = 0; i < predicted.length; i++) {
      double z = (predicted[i] - central[i]) / uncertainty[i];
      chi2 += z * z;
    }
    return chi2;
  }
}
