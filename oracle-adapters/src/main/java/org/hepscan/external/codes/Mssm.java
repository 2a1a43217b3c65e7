package org.hepscan.external.codes;

import java.util.LinkedHashMap;
import java.util.Map;
import org.hepscan.config.ConfigException;
import org.hepscan.config.Options;

/**
 * What SoftSUSY and SPheno share: the SLHA input of the two models, with the parameter
 * names it expects by default, and the observables read from their spectrum files.
 *
 * <p>{@code cmssm}: MODSEL 1 = 1, MINPAR 1..5 = m0, m12, tanb, sign(sgnmu), A0 at the GUT
 * scale. {@code pmssm}: MODSEL 1 = 0, the 19 soft terms in EXTPAR, named as the columns
 * of {@code softsusy_pmssm19_random.csv} (M1, M2, M3, mu, mA, At, Ab, Atau, mL1, me1, mL3,
 * me3, mQ1, mu1, md1, mQ3, mu3, md3, tanb; first and second generations equal). SMINPUTS
 * are the values of the shared SoftSUSY and SPheno inputs (PDG 2018 era).
 */
final class Mssm {
  /** Masses of a valid spectrum, named as the built-in pmssm oracle names them. */
  static final Map<String, Object> OBSERVABLES = ordered(
      "mh", "MASS[25]",
      "mH0", "MASS[35]",
      "mA0", "MASS[36]",
      "mHp", "MASS[37]",
      "mchi10", "abs(MASS[1000022])",
      "mchi1p", "abs(MASS[1000024])",
      "mgluino", "abs(MASS[1000021])",
      "mstop1", "MASS[1000006]",
      "mstau1", "MASS[1000015]");

  private Mssm() {
  }

  /** {@code model} of the stage's options: cmssm or pmssm, required. */
  static String model(Options o) throws ConfigException {
    if (!o.has("model")) {
      throw new ConfigException(o.pathOf("model"), "missing; cmssm (m0, m12, tanb, sign(mu), A0 at the GUT scale) or pmssm"
          + " (the 19 soft terms at the SUSY scale)");
    }
    return o.choice("model", null, "cmssm", "pmssm");
  }

  /**
   * The input entries of {@code model} before the code's own block; {@code tanbInExtpar}
   * for SPheno, which reads tan(beta) at the input scale as EXTPAR 25, and {@code scale}
   * the value of EXTPAR 0 (SoftSUSY: -1 for MSUSY; SPheno: the scale in GeV).
   */
  static Map<String, Object> inputs(String model, boolean tanbInExtpar, Object scale) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("MODSEL[1]", model.equals("cmssm") ? 1 : 0);
    m.put("SMINPUTS[1]", 127.944);
    m.put("SMINPUTS[2]", 1.1663787e-5);
    m.put("SMINPUTS[3]", 0.1181);
    m.put("SMINPUTS[4]", 91.1876);
    m.put("SMINPUTS[5]", 4.18);
    m.put("SMINPUTS[6]", 173.1);
    m.put("SMINPUTS[7]", 1.77686);
    if (model.equals("cmssm")) {
      m.put("MINPAR[1]", "m0");
      m.put("MINPAR[2]", "m12");
      m.put("MINPAR[3]", "tanb");
      m.put("MINPAR[4]", "sign(sgnmu)");
      m.put("MINPAR[5]", "A0");
      return m;
    }
    m.put("MINPAR[3]", "tanb");
    if (tanbInExtpar) {
      m.put("EXTPAR[25]", "tanb");
    }
    m.put("EXTPAR[0]", scale);
    m.putAll(ordered(
        "EXTPAR[1]", "M1", "EXTPAR[2]", "M2", "EXTPAR[3]", "M3",
        "EXTPAR[11]", "At", "EXTPAR[12]", "Ab", "EXTPAR[13]", "Atau",
        "EXTPAR[23]", "mu", "EXTPAR[26]", "mA",
        "EXTPAR[31]", "mL1", "EXTPAR[32]", "mL1", "EXTPAR[33]", "mL3",
        "EXTPAR[34]", "me1", "EXTPAR[35]", "me1", "EXTPAR[36]", "me3",
        "EXTPAR[41]", "mQ1", "EXTPAR[42]", "mQ1", "EXTPAR[43]", "mQ3",
        "EXTPAR[44]", "mu1", "EXTPAR[45]", "mu1", "EXTPAR[46]", "mu3",
        "EXTPAR[47]", "md1", "EXTPAR[48]", "md1", "EXTPAR[49]", "md3"));
    return m;
  }

  /** A mapping in the order written: key, value, key, value, ... */
  static Map<String, Object> ordered(Object... kv) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], kv[i + 1]);
    }
    return m;
  }
}
