package org.hepscan.oracle.physics.pmssm;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.hepscan.config.ConfigException;
import org.hepscan.config.Options;
import org.hepscan.oracle.OracleFactory;
import org.hepscan.oracle.OracleProvider;
import org.hepscan.space.ParameterSpace;

/**
 * The built-in pMSSM-19 oracle ({@code oracle: {builtin: pmssm}}): an analytic
 * approximation of SoftSUSY 4.1.22's spectrum and refusals for the 19 parameters at the
 * SUSY scale ({@link PmssmSpectrum}; agreement with 6,000 SoftSUSY points in
 * {@code PmssmReferenceTest}).
 *
 * <p>The oracle reads its inputs by name, not by position: the scan must have parameters
 * named M1, M2, M3, mu, mA, At, Ab, Atau, mL1, me1, mL3, me3, mQ1, mu1, md1, mQ3, mu3, md3,
 * tanb (the columns of the SoftSUSY reference table; case is ignored). Other parameters are
 * allowed and ignored, so that a spec can draw |M1| and sign(M1) separately and derive
 * {@code M1: {expr: sgnM1 * absM1}}, as papers/000's Table II does.
 *
 * <p>Observables ({@link PmssmSpectrum#OBSERVABLES}): mh, mH0, mA0 (= the input pole mass),
 * mHp, mchi10..mchi40, mchi1p, mchi2p, mgluino, mstop1/2, msbottom1/2, mstau1/2, msnu_tau,
 * mselectron1 (lightest selectron/smuon), msnu_e, msquark1 (lightest first/second-
 * generation squark), all in GeV, and the flags neutral_lsp and lep_chargino (1 = fine).
 * The heavy CP-even and CP-odd Higgs are mH0 and mA0 because output columns ignore case
 * (mH would be mh) and mA is an input. A point SoftSUSY would refuse (tachyons at MSUSY or
 * MZ, no electroweak symmetry breaking, an unbounded Higgs potential, a non-perturbative
 * bottom Yukawa coupling) is INVALID with the reasons as its message.
 *
 * <pre>
 * oracle:
 *   builtin: pmssm
 *   options: {lep_chargino_limit: 103.5}
 * </pre>
 */
public final class Pmssm implements OracleProvider {
  public static final String NAME = "pmssm";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String description() {
    return "pMSSM-19 at the SUSY scale, analytic approximation of SoftSUSY 4.1.22: Higgs, sparticle masses,"
        + " refusals (tachyons, no EWSB, ufb) as INVALID, neutral-LSP and LEP-chargino flags";
  }

  @Override
  public OracleFactory configure(Options options, ParameterSpace space) {
    options.allowOnly("lep_chargino_limit");
    double lep = options.number("lep_chargino_limit", PmssmSpectrum.LEP_CHARGINO_LIMIT, 0, 10_000);
    List<String> names = space.names();
    int[] index = new int[PmssmPoint.NAMES.size()];
    List<String> missing = new ArrayList<>();
    for (int k = 0; k < index.length; k++) {
      String wanted = PmssmPoint.NAMES.get(k).toLowerCase(Locale.ROOT);
      index[k] = -1;
      for (int i = 0; i < names.size(); i++) {
        if (names.get(i).toLowerCase(Locale.ROOT).equals(wanted)) {
          if (index[k] >= 0) {
            throw new ConfigException("", NAME + " reads parameter " + PmssmPoint.NAMES.get(k) + " by name, and both '"
                + names.get(index[k]) + "' and '" + names.get(i) + "' are named so (case is ignored)");
          }
          index[k] = i;
        }
      }
      if (index[k] < 0) {
        missing.add(PmssmPoint.NAMES.get(k));
      }
    }
    if (!missing.isEmpty()) {
      throw new ConfigException("", NAME + " reads the 19 pMSSM parameters by name (" + String.join(", ", PmssmPoint.NAMES)
          + "); the spec has no parameter named " + String.join(", ", missing));
    }
    return new PmssmFactory(index, lep);
  }
}
