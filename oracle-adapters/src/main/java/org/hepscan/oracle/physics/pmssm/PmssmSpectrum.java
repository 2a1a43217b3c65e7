package org.hepscan.oracle.physics.pmssm;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * An analytic approximation of the spectrum SoftSUSY 4.1.22 computes for a pMSSM-19 point
 * given at the SUSY scale (MODSEL 1 0, mA as pole mass, tanb at MZ), and of SoftSUSY's
 * refusals. The steps, each documented in its class:
 *
 * <ol>
 * <li>MSUSY^2 = mst1 mst2 from the tree-level stop matrix ({@link SfermionMatrix}), as in SoftSUSY;
 * <li>{@link BottomYukawa}: Delta_b and the MSSM bottom mass; 1 + Delta_b &lt;= 0 is a refusal;
 * <li>sfermion masses: tree-level matrices on {@link SoftMassCorrections}-corrected soft masses;
 *     a negative eigenvalue is a refusal ("stop tachyon" and so on);
 * <li>{@link LowScaleRunning}: the same matrices at MZ, tree level; a negative one is a refusal;
 * <li>{@link EffectivePotential}: the DRbar mA^2 and the potential's boundedness; refusals;
 * <li>{@link LightHiggs}: mh, mH; mHp^2 = mA^2 + mW^2 (tree level);
 * <li>{@link Electroweakinos} at tree level, {@link GluinoPoleMass} at one loop;
 * <li>the flags neutral_lsp (the lightest superpartner is a neutralino or a sneutrino) and
 *     lep_chargino (mchi1p above the LEP limit).
 * </ol>
 *
 * A point with problems has no observables; {@link Result#problems()} names them in the
 * style of SoftSUSY's SPINFO 4.
 */
public final class PmssmSpectrum {
  /** The observables of a valid point, in column order (masses in GeV, flags 1 = fine). */
  public static final List<String> OBSERVABLES = List.of("mh", "mH0", "mA0", "mHp",
      "mchi10", "mchi20", "mchi30", "mchi40", "mchi1p", "mchi2p", "mgluino",
      "mstop1", "mstop2", "msbottom1", "msbottom2", "mstau1", "mstau2", "msnu_tau",
      "mselectron1", "msnu_e", "msquark1", "neutral_lsp", "lep_chargino");
  /** LEP2's lower limit on the lightest chargino mass, GeV. */
  public static final double LEP_CHARGINO_LIMIT = 103.5;

  /** The outcome: observables (empty when there are problems) and the problems found. */
  public record Result(Map<String, Double> observables, List<String> problems) {
    public boolean valid() {
      return problems.isEmpty();
    }

    /** The problems as one line, or "" for a valid point. */
    public String message() {
      return String.join("; ", problems);
    }
  }

  private PmssmSpectrum() {
  }

  public static Result compute(PmssmPoint p) {
    return compute(p, LEP_CHARGINO_LIMIT);
  }

  public static Result compute(PmssmPoint p, double lepCharginoLimit) {
    List<String> problems = new ArrayList<>();
    String input = p.inputProblem();
    if (input != null) {
      problems.add("unusable input: " + input);
      return new Result(Map.of(), problems);
    }
    // SoftSUSY's tan(beta) is the DRbar value at MZ; running it to MSUSY made both the
    // validity and the mh agreement slightly worse, so every step uses the input.
    double tanb = p.tanb();
    double beta = Math.atan(tanb);
    double cos2b = Math.cos(2 * beta);
    double mz2 = StandardModel.MZ * StandardModel.MZ;

    double xt = p.at() - p.mu() / tanb;
    double xb = p.ab() - p.mu() * tanb;
    double xtau = p.atau() - p.mu() * tanb;
    double xLight = -p.mu() * tanb;
    double[] treeStops = SfermionMatrix.masses2(sq(p.mQ3()), sq(p.mu3()), StandardModel.MT_SUSY, xt, 0.5, 2.0 / 3, cos2b);
    double q2 = Math.max(Math.sqrt(Math.abs(treeStops[0] * treeStops[1])), mz2);
    double msusy = Math.sqrt(q2);

    double deltaB = BottomYukawa.deltaB(p, tanb, treeStops[0], treeStops[1], q2);
    if (1 + deltaB <= 0) {
      problems.add(String.format(Locale.ROOT, "non-perturbative bottom Yukawa (1 + Delta_b = %.3g)", 1 + deltaB));
      return new Result(Map.of(), problems);
    }
    double mb = StandardModel.MB_SUSY / (1 + deltaB);
    double bFactor = mb / StandardModel.MB_SUSY;

    SoftMassCorrections c = new SoftMassCorrections(p, cos2b, q2);
    double q3 = c.corrected(p.mQ3(), Multiplet.Q);
    double q1 = c.corrected(p.mQ1(), Multiplet.Q);
    double l3 = c.corrected(p.mL3(), Multiplet.L);
    double l1 = c.corrected(p.mL1(), Multiplet.L);
    double[] stop = SfermionMatrix.masses2(q3, c.corrected(p.mu3(), Multiplet.U), StandardModel.MT_SUSY, xt, 0.5, 2.0 / 3, cos2b);
    double[] sbottom = SfermionMatrix.masses2(q3, c.corrected(p.md3(), Multiplet.D), mb, xb, -0.5, -1.0 / 3, cos2b);
    double[] stau = SfermionMatrix.masses2(l3, c.corrected(p.me3(), Multiplet.E), StandardModel.MTAU, xtau, -0.5, -1, cos2b);
    double[] smuon = SfermionMatrix.masses2(l1, c.corrected(p.me1(), Multiplet.E), StandardModel.MMU, xLight, -0.5, -1, cos2b);
    double[] sstrange = SfermionMatrix.masses2(q1, c.corrected(p.md1(), Multiplet.D), StandardModel.MS_SUSY * bFactor, xLight, -0.5, -1.0 / 3, cos2b);
    double[] scharm = SfermionMatrix.masses2(q1, c.corrected(p.mu1(), Multiplet.U), StandardModel.MC_SUSY, -p.mu() / tanb, 0.5, 2.0 / 3, cos2b);
    double snuTau = SfermionMatrix.sneutrino2(l3, cos2b);
    double snuE = SfermionMatrix.sneutrino2(l1, cos2b);
    tachyon(problems, "stop", stop[0], "MSUSY");
    tachyon(problems, "sbottom", sbottom[0], "MSUSY");
    tachyon(problems, "stau", stau[0], "MSUSY");
    tachyon(problems, "smuon", smuon[0], "MSUSY");
    tachyon(problems, "sstrange", sstrange[0], "MSUSY");
    tachyon(problems, "scharm", scharm[0], "MSUSY");
    tachyon(problems, "snutau", snuTau, "MSUSY");
    tachyon(problems, "snumu", snuE, "MSUSY");

    LowScaleRunning.AtMz z = LowScaleRunning.run(p, tanb, msusy, mb);
    tachyon(problems, "stop", SfermionMatrix.masses2(z.mQ3sq(), z.mu3sq(), StandardModel.MT_MZ, z.at() - p.mu() / tanb, 0.5, 2.0 / 3, cos2b)[0], "MZ");
    tachyon(problems, "sbottom", SfermionMatrix.masses2(z.mQ3sq(), z.md3sq(), mb * StandardModel.MB_MZ_OVER_SUSY, z.ab() - p.mu() * tanb, -0.5, -1.0 / 3, cos2b)[0], "MZ");
    tachyon(problems, "stau", SfermionMatrix.masses2(z.mL3sq(), z.me3sq(), StandardModel.MTAU, z.atau() - p.mu() * tanb, -0.5, -1, cos2b)[0], "MZ");
    tachyon(problems, "smuon", SfermionMatrix.masses2(z.mL1sq(), z.me1sq(), StandardModel.MMU, xLight, -0.5, -1, cos2b)[0], "MZ");
    tachyon(problems, "snutau", SfermionMatrix.sneutrino2(z.mL3sq(), cos2b), "MZ");
    tachyon(problems, "snumu", SfermionMatrix.sneutrino2(z.mL1sq(), cos2b), "MZ");

    EffectivePotential.HiggsLoops loops = new EffectivePotential(p, tanb, q2, mb).higgsLoops();
    double mA2run = p.mA() * p.mA() - loops.deltaA();
    if (mA2run < 0) {
      problems.add(String.format(Locale.ROOT, "no EWSB: A0 tachyon, m3^2 < 0 (DRbar mA^2 = %.3g GeV^2)", mA2run));
    } else if (mA2run - loops.t1() - loops.t2() < Math.sin(2 * beta) * Math.abs(mA2run)) {
      problems.add("Higgs potential unbounded from below (m_Hd^2 + m_Hu^2 + 2 mu^2 < 2 |m3^2|)");
    }

    double[] higgs = LightHiggs.masses2(p, tanb);
    if (higgs[0] <= 0) {
      problems.add(String.format(Locale.ROOT, "h0 tachyon (mh^2 = %.3g GeV^2)", higgs[0]));
    }
    if (!problems.isEmpty()) {
      return new Result(Map.of(), problems);
    }

    double[] chi0 = Electroweakinos.neutralinos(p.m1(), p.m2(), p.mu(), tanb, StandardModel.MZ, StandardModel.SW2);
    double[] chip = Electroweakinos.charginos(p.m2(), p.mu(), tanb, StandardModel.MW);
    double[] treeSbottoms = SfermionMatrix.masses2(sq(p.mQ3()), sq(p.md3()), mb, xb, -0.5, -1.0 / 3, cos2b);
    double[] squarks = {sq(p.mQ1()), sq(p.mQ1()), sq(p.mQ1()), sq(p.mQ1()), sq(p.mu1()), sq(p.mu1()),
        sq(p.md1()), sq(p.md1()), treeStops[0], treeStops[1], treeSbottoms[0], treeSbottoms[1]};
    double mgluino = GluinoPoleMass.of(p.m3(), squarks, q2);

    // the second generation mixes more than the first, so its lighter states are the lightest of both
    double msquark1 = Math.sqrt(Math.min(sstrange[0], scharm[0]));
    double mselectron1 = Math.sqrt(smuon[0]);
    double lightestNeutral = Math.min(chi0[0], Math.sqrt(Math.min(snuTau, snuE)));
    double lightestChargedOrColoured = Math.min(Math.min(Math.min(chip[0], Math.sqrt(stau[0])), Math.min(mselectron1, mgluino)),
        Math.min(Math.sqrt(Math.min(stop[0], sbottom[0])), msquark1));

    Map<String, Double> o = new LinkedHashMap<>();
    o.put("mh", Math.sqrt(higgs[0]));
    o.put("mH0", Math.sqrt(higgs[1]));
    o.put("mA0", p.mA());
    o.put("mHp", Math.sqrt(p.mA() * p.mA() + StandardModel.MW * StandardModel.MW));
    o.put("mchi10", chi0[0]);
    o.put("mchi20", chi0[1]);
    o.put("mchi30", chi0[2]);
    o.put("mchi40", chi0[3]);
    o.put("mchi1p", chip[0]);
    o.put("mchi2p", chip[1]);
    o.put("mgluino", mgluino);
    o.put("mstop1", Math.sqrt(stop[0]));
    o.put("mstop2", Math.sqrt(stop[1]));
    o.put("msbottom1", Math.sqrt(sbottom[0]));
    o.put("msbottom2", Math.sqrt(sbottom[1]));
    o.put("mstau1", Math.sqrt(stau[0]));
    o.put("mstau2", Math.sqrt(stau[1]));
    o.put("msnu_tau", Math.sqrt(snuTau));
    o.put("mselectron1", mselectron1);
    o.put("msnu_e", Math.sqrt(snuE));
    o.put("msquark1", msquark1);
    o.put("neutral_lsp", lightestNeutral < lightestChargedOrColoured ? 1.0 : 0.0);
    o.put("lep_chargino", chip[0] > lepCharginoLimit ? 1.0 : 0.0);
    return new Result(o, problems);
  }

  private static void tachyon(List<String> problems, String name, double m2, String scale) {
    if (m2 < 0) {
      problems.add(String.format(Locale.ROOT, "%s tachyon at %s (m^2 = %.3g GeV^2)", name, scale, m2));
    }
  }

  private static double sq(double x) {
    return x * x;
  }
}
