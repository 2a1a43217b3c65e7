package org.hepscan.oracle.physics.pmssm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.hepscan.config.ConfigException;
import org.hepscan.config.Options;
import org.hepscan.oracle.Evaluation;
import org.hepscan.oracle.OracleCatalog;
import org.hepscan.oracle.OracleFactory;
import org.hepscan.oracle.Point;
import org.hepscan.oracle.Status;
import org.hepscan.space.Parameter;
import org.hepscan.space.Parameter.Scale;
import org.hepscan.space.ParameterSpace;
import org.junit.jupiter.api.Test;

/** The pieces of the pmssm approximation on limits with known answers, its INVALID paths and its spec options. */
class PmssmSpectrumTest {
  private static final double MZ = StandardModel.MZ;
  private static final double MW = StandardModel.MW;

  /** A moderate point: every sparticle near 1-2 TeV, stops mixed enough for mh near 120. */
  static double[] moderate() {
    return new double[] {500, 1000, 2500, 1000, 1500, -3000, 0, 0,
        1500, 1500, 1500, 1500, 2000, 2000, 2000, 1800, 1800, 2000, 10};
  }

  static PmssmPoint with(String name, double value) {
    double[] v = moderate();
    v[PmssmPoint.NAMES.indexOf(name)] = value;
    return PmssmPoint.of(v);
  }

  // ---- mass matrices on limits ---------------------------------------------------------

  @Test
  void neutralinosWithoutMixingAreTheGauginoAndHiggsinoMasses() {
    assertArrayEquals(new double[] {300, 500, 700, 700},
        Electroweakinos.neutralinos(-300, 500, -700, 10, 0, StandardModel.SW2), 1e-9);
  }

  @Test
  void neutralinoMassesKeepTheInvariantsOfTheirMatrix() {
    double m1 = 150;
    double m2 = -400;
    double mu = 250;
    double tanb = 3;
    double[] m = Electroweakinos.neutralinos(m1, m2, mu, tanb, MZ, StandardModel.SW2);
    double sumSquares = 0;
    double product = 1;
    for (double x : m) {
      sumSquares += x * x;
      product *= x;
    }
    // tr(N^2) and |det N| = |mu (M1 M2 mu - mZ^2 sin2b (M1 cw^2 + M2 sw^2))|
    double sin2b = Math.sin(2 * Math.atan(tanb));
    double sw2 = StandardModel.SW2;
    assertEquals(m1 * m1 + m2 * m2 + 2 * mu * mu + 2 * MZ * MZ, sumSquares, 1e-6 * sumSquares);
    assertEquals(Math.abs(mu * (m1 * m2 * mu - MZ * MZ * sin2b * (m1 * (1 - sw2) + m2 * sw2))), product, 1e-6 * product);
  }

  @Test
  void charginoMassesFromTheirMatrix() {
    assertArrayEquals(new double[] {200, 900}, Electroweakinos.charginos(-900, 200, 20, 0), 1e-9);
    double m2 = 300;
    double mu = -500;
    double tanb = 5;
    double[] m = Electroweakinos.charginos(m2, mu, tanb, MW);
    double sin2b = Math.sin(2 * Math.atan(tanb));
    assertEquals(m2 * m2 + mu * mu + 2 * MW * MW, m[0] * m[0] + m[1] * m[1], 1e-6);
    assertEquals(Math.abs(m2 * mu - MW * MW * sin2b), m[0] * m[1], 1e-6);
  }

  @Test
  void sfermionMatrixWithoutMixingOrDTerms() {
    assertArrayEquals(new double[] {400 * 400 + 150 * 150, 900 * 900 + 150 * 150},
        SfermionMatrix.masses2(900 * 900, 400 * 400, 150, 0, 0.5, 2.0 / 3, 0), 1e-6);
    double[] mixed = SfermionMatrix.masses2(1e6, 4e6, 150, 2000, 0.5, 2.0 / 3, -0.9);
    double a = 1e6 + 150 * 150 + (0.5 - 2.0 / 3 * StandardModel.SW2) * MZ * MZ * -0.9;
    double d = 4e6 + 150 * 150 + 2.0 / 3 * StandardModel.SW2 * MZ * MZ * -0.9;
    assertEquals(a + d, mixed[0] + mixed[1], 1e-6);
    assertEquals(a * d - Math.pow(150 * 2000, 2), mixed[0] * mixed[1], 1e-6 * a * d);
  }

  @Test
  void cpEvenMassesAtTreeLevelAndInTheDecouplingLimit() {
    double ma2 = 300 * 300;
    double tanb = 4;
    double c2b = Math.cos(2 * Math.atan(tanb));
    double[] tree = LightHiggs.cpEven(ma2, MZ * MZ, 0, tanb);
    assertEquals(ma2 + MZ * MZ, tree[0] + tree[1], 1e-6);
    assertEquals(ma2 * MZ * MZ * c2b * c2b, tree[0] * tree[1], 1e-6 * ma2 * MZ * MZ);
    double eps22 = 9000;
    double sb2 = Math.pow(Math.sin(Math.atan(tanb)), 2);
    double[] decoupled = LightHiggs.cpEven(1e12, MZ * MZ, eps22, tanb);
    assertEquals(MZ * MZ * c2b * c2b + eps22 * sb2, decoupled[0], 1e-2);
  }

  @Test
  void gluinoPoleMassWithSquarksAtItsMassAndScale() {
    double m3 = 2000;
    double[] squarks = new double[12];
    java.util.Arrays.fill(squarks, m3 * m3);
    // B1(M3^2; 0, M3^2) = 1/2 at Q = M3: 15 - 12/2 = 9
    double alphaS = StandardModel.alphaS(m3);
    assertEquals(m3 * (1 + 9 * alphaS / (4 * Math.PI)), GluinoPoleMass.of(-m3, squarks, m3 * m3), 1e-9);
  }

  @Test
  void effectivePotentialGivesTheKnownStopCorrectionToMa() {
    // no gaugino masses and no Ab, Atau: only stop mixing breaks the symmetry that keeps A massless
    double[] v = moderate();
    v[0] = 0;
    v[1] = 0;
    double tanb = v[18];
    PmssmPoint p = PmssmPoint.of(v);
    double q2 = 1.7e3 * 1.9e3;
    double deltaA = new EffectivePotential(p, tanb, q2, 2.5).higgsLoops().deltaA();
    double mt = StandardModel.MT_SUSY;
    double[] stops = SfermionMatrix.masses2(p.mQ3() * p.mQ3(), p.mu3() * p.mu3(), mt, p.at() - p.mu() / tanb, 0, 0, 0);
    double b = Math.atan(tanb);
    double ht = mt / (StandardModel.V * Math.sin(b));
    double f1 = stops[0] * (Math.log(stops[0] / q2) - 1);
    double f2 = stops[1] * (Math.log(stops[1] / q2) - 1);
    double expected = 3 * ht * ht * p.mu() * p.at() / (16 * Math.PI * Math.PI * Math.sin(b) * Math.cos(b))
        * (f2 - f1) / (stops[1] - stops[0]);
    assertEquals(expected, deltaA, 1e-3 * Math.abs(expected));
    v[5] = 0;
    double none = new EffectivePotential(PmssmPoint.of(v), tanb, q2, 2.5).higgsLoops().deltaA();
    assertEquals(0, none, 1e-4 * Math.abs(expected));
  }

  // ---- SoftSUSY's own pMSSM example points ----------------------------------------------

  @Test
  void softsusysExamplePointsFromTheirSlhaFiles() throws IOException {
    for (String file : List.of("softsusy_pmssm_a_decays.slha", "softsusy_pmssm_b.slha")) {
      Slha slha = Slha.read(Path.of(System.getProperty("hepscan.shared.dir"), "slha", file));
      PmssmSpectrum.Result r = PmssmSpectrum.compute(slha.inputs());
      assertTrue(r.valid(), file + ": " + r.message());
      Map<String, Double> o = r.observables();
      assertEquals(slha.mass(25), o.get("mh"), 3.0, file + " mh");
      assertEquals(slha.mass(35), o.get("mH0"), 0.01 * slha.mass(35), file + " mH0");
      assertEquals(slha.mass(1000021), o.get("mgluino"), 0.02 * slha.mass(1000021), file + " mgluino");
      assertEquals(slha.mass(1000006), o.get("mstop1"), 0.05 * slha.mass(1000006), file + " mstop1");
      assertEquals(slha.mass(1000022), o.get("mchi10"), 0.05 * slha.mass(1000022), file + " mchi10");
      assertEquals(slha.mass(1000024), o.get("mchi1p"), 0.05 * slha.mass(1000024), file + " mchi1p");
      assertEquals(slha.mass(1000015), o.get("mstau1"), 0.03 * slha.mass(1000015), file + " mstau1");
      assertEquals(1.0, o.get("neutral_lsp"), file);
      assertEquals(1.0, o.get("lep_chargino"), file);
    }
  }

  /** EXTPAR, MINPAR and MASS of a SoftSUSY output file, enough for these checks. */
  record Slha(Map<Integer, Double> extpar, double tanb, Map<Integer, Double> masses) {
    static Slha read(Path path) throws IOException {
      Map<Integer, Double> ext = new HashMap<>();
      Map<Integer, Double> mass = new HashMap<>();
      double tanb = Double.NaN;
      String block = "";
      for (String raw : Files.readAllLines(path)) {
        String line = raw.replaceAll("#.*", "").trim();
        if (line.isEmpty()) {
          continue;
        }
        String[] f = line.split("\\s+");
        if (f[0].equalsIgnoreCase("block")) {
          block = f[1].toUpperCase(java.util.Locale.ROOT);
        } else if (f[0].equalsIgnoreCase("decay")) {
          block = "DECAY";
        } else if (block.equals("EXTPAR")) {
          ext.put(Integer.parseInt(f[0]), Double.parseDouble(f[1]));
        } else if (block.equals("MINPAR") && f[0].equals("3")) {
          tanb = Double.parseDouble(f[1]);
        } else if (block.equals("MASS")) {
          mass.put(Integer.parseInt(f[0]), Double.parseDouble(f[1]));
        }
      }
      return new Slha(ext, tanb, mass);
    }

    PmssmPoint inputs() {
      int[] codes = {1, 2, 3, 23, 26, 11, 12, 13, 31, 34, 33, 36, 41, 44, 47, 43, 46, 49};
      double[] v = new double[19];
      for (int i = 0; i < codes.length; i++) {
        v[i] = extpar.get(codes[i]);
      }
      v[18] = tanb;
      return PmssmPoint.of(v);
    }

    double mass(int pdg) {
      return Math.abs(masses.get(pdg));
    }
  }

  // ---- INVALID paths and flags, through the oracle -------------------------------------

  static ParameterSpace canonicalSpace() {
    List<Parameter> ps = new ArrayList<>();
    for (String name : PmssmPoint.NAMES) {
      ps.add(Parameter.continuous(name, -1e5, 1e5, Scale.LINEAR));
    }
    return new ParameterSpace(ps);
  }

  static Evaluation evaluate(PmssmPoint p) throws Exception {
    return evaluate(p, Options.empty("oracle.options"));
  }

  static Evaluation evaluate(PmssmPoint p, Options options) throws Exception {
    double[] v = {p.m1(), p.m2(), p.m3(), p.mu(), p.mA(), p.at(), p.ab(), p.atau(), p.mL1(), p.me1(), p.mL3(), p.me3(),
        p.mQ1(), p.mu1(), p.md1(), p.mQ3(), p.mu3(), p.md3(), p.tanb()};
    return OracleCatalog.configure("pmssm", options, canonicalSpace()).create().evaluate(new Point(1, 0, "test", v), null);
  }

  @Test
  void theModeratePointIsValid() throws Exception {
    Evaluation e = evaluate(PmssmPoint.of(moderate()));
    assertEquals(Status.OK, e.status(), e.toString());
    assertEquals(PmssmSpectrum.OBSERVABLES, List.copyOf(e.observables().keySet()));
    assertEquals(1500, e.observable("mA0"), 1e-12);
    assertEquals(Math.hypot(1500, MW), e.observable("mHp"), 1e-9);
  }

  @Test
  void lightStopsWithHeavyMixingAreTachyons() throws Exception {
    double[] v = moderate();
    v[PmssmPoint.NAMES.indexOf("mQ3")] = 300;
    v[PmssmPoint.NAMES.indexOf("mu3")] = 300;
    v[PmssmPoint.NAMES.indexOf("At")] = 4000;
    Evaluation e = evaluate(PmssmPoint.of(v));
    assertEquals(Status.INVALID, e.status());
    assertTrue(e.message().startsWith("stop tachyon at MSUSY (m^2 = -"), e.message());
  }

  @Test
  void aLightSleptonBesideHeavyGauginosTurnsTachyonicThroughTheirLoops() throws Exception {
    // tree level the smuon is at 120 GeV; the wino and bino loops at Q below them pull it negative
    double[] v = moderate();
    v[PmssmPoint.NAMES.indexOf("mL1")] = 120;
    v[PmssmPoint.NAMES.indexOf("M1")] = 3500;
    v[PmssmPoint.NAMES.indexOf("M2")] = 3500;
    Evaluation e = evaluate(PmssmPoint.of(v));
    assertEquals(Status.INVALID, e.status());
    assertTrue(e.message().contains("smuon tachyon at MSUSY") || e.message().contains("snumu tachyon at MSUSY"), e.message());
  }

  @Test
  void aBottomYukawaBeyondPerturbationTheoryIsInvalid() throws Exception {
    double[] v = moderate();
    v[PmssmPoint.NAMES.indexOf("tanb")] = 60;
    v[PmssmPoint.NAMES.indexOf("mu")] = -4000;
    v[PmssmPoint.NAMES.indexOf("M3")] = 4000;
    v[PmssmPoint.NAMES.indexOf("mQ3")] = 1000;
    v[PmssmPoint.NAMES.indexOf("md3")] = 1000;
    PmssmPoint p = PmssmPoint.of(v);
    assertTrue(BottomYukawa.deltaB(p, 60, 1e6, 1.2e6, 1e6) < -1);
    Evaluation e = evaluate(p);
    assertEquals(Status.INVALID, e.status());
    assertTrue(e.message().startsWith("non-perturbative bottom Yukawa (1 + Delta_b = -"), e.message());
  }

  @Test
  void largeSbottomLoopsCanLeaveNoElectroweakSymmetryBreaking() throws Exception {
    // mu Ab > 0 at large tanb: the sbottom loop exceeds the pole mass of a light A
    double[] v = moderate();
    v[PmssmPoint.NAMES.indexOf("tanb")] = 45;
    v[PmssmPoint.NAMES.indexOf("mu")] = 3000;
    v[PmssmPoint.NAMES.indexOf("Ab")] = 4000;
    v[PmssmPoint.NAMES.indexOf("M3")] = 800;
    v[PmssmPoint.NAMES.indexOf("mA")] = 400;
    PmssmPoint p = PmssmPoint.of(v);
    Evaluation e = evaluate(p);
    assertEquals(Status.INVALID, e.status());
    assertTrue(e.message().contains("no EWSB: A0 tachyon"), e.message());
  }

  @Test
  void unusableInputsAreInvalidWithTheReason() throws Exception {
    Evaluation e = evaluate(with("mQ3", -500));
    assertEquals(Status.INVALID, e.status());
    assertEquals("unusable input: mQ3 = -500.0 must be positive (it is a mass, not a mass squared)", e.message());
    assertEquals(Status.INVALID, evaluate(with("tanb", 0)).status());
    assertTrue(evaluate(with("At", Double.NaN)).message().contains("At is NaN"));
  }

  @Test
  void flagsForALightWinoAndAStauLsp() throws Exception {
    Evaluation lightWino = evaluate(with("M2", 90));
    assertEquals(Status.OK, lightWino.status(), lightWino.toString());
    assertTrue(lightWino.observable("mchi1p") < 103.5);
    assertEquals(0.0, lightWino.observable("lep_chargino"));
    assertEquals(1.0, evaluate(with("M2", 90), Options.of("oracle.options", Map.of("lep_chargino_limit", 50)))
        .observable("lep_chargino"));
    Evaluation stauLsp = evaluate(with("me3", 300));
    assertEquals(Status.OK, stauLsp.status(), stauLsp.toString());
    assertTrue(stauLsp.observable("mstau1") < stauLsp.observable("mchi10"));
    assertEquals(0.0, stauLsp.observable("neutral_lsp"));
    assertEquals(1.0, evaluate(PmssmPoint.of(moderate())).observable("neutral_lsp"));
  }

  // ---- spec options and parameter names -----------------------------------------------

  @Test
  void parametersAreReadByNameWhateverTheirOrderAndHelpers() throws Exception {
    // Table II's |M1| with a random sign: two helpers and a derived M1, and the rest in reverse order
    List<Parameter> ps = new ArrayList<>();
    ps.add(Parameter.sign("sgnM1"));
    ps.add(Parameter.continuous("absM1", 50, 4000, Scale.LINEAR));
    ps.add(Parameter.derived("M1", "sgnM1 * absM1"));
    for (int k = PmssmPoint.NAMES.size() - 1; k >= 1; k--) {
      ps.add(Parameter.continuous(PmssmPoint.NAMES.get(k).toUpperCase(java.util.Locale.ROOT), -1e5, 1e5, Scale.LINEAR));
    }
    ParameterSpace space = new ParameterSpace(ps);
    double[] canonical = moderate();
    double[] values = new double[ps.size()];
    values[0] = -1;
    values[1] = 500;
    values[2] = -500;
    for (int k = PmssmPoint.NAMES.size() - 1; k >= 1; k--) {
      values[3 + (PmssmPoint.NAMES.size() - 1 - k)] = canonical[k];
    }
    OracleFactory f = OracleCatalog.configure("pmssm", Options.empty("oracle.options"), space);
    Evaluation e = f.create().evaluate(new Point(7, 0, "test", values), null);
    canonical[0] = -500;
    assertEquals(Status.OK, e.status(), e.toString());
    assertEquals(evaluate(PmssmPoint.of(canonical)).observables(), e.observables());
    assertEquals(evaluate(PmssmPoint.of(canonical)).observable("mchi10"), e.observable("mchi10"));
  }

  @Test
  void aMissingParameterIsNamed() {
    List<Parameter> ps = new ArrayList<>(canonicalSpace().parameters());
    ps.remove(PmssmPoint.NAMES.indexOf("me3"));
    ps.remove(PmssmPoint.NAMES.indexOf("At"));
    ConfigException e = assertThrows(ConfigException.class,
        () -> OracleCatalog.configure("pmssm", Options.empty("oracle.options"), new ParameterSpace(ps)));
    assertEquals("", e.path());
    assertTrue(e.problem().endsWith("the spec has no parameter named At, me3"), e.problem());
  }

  @Test
  void unknownAndOutOfRangeOptionsAreErrorsWithTheirPath() {
    ConfigException unknown = assertThrows(ConfigException.class,
        () -> OracleCatalog.configure("pmssm", Options.of("oracle.options", Map.of("lep_limit", 100)), canonicalSpace()));
    assertEquals("oracle.options.lep_limit", unknown.path());
    assertTrue(unknown.problem().contains("lep_chargino_limit"), unknown.problem());
    ConfigException negative = assertThrows(ConfigException.class,
        () -> OracleCatalog.configure("pmssm", Options.of("oracle.options", Map.of("lep_chargino_limit", -1)), canonicalSpace()));
    assertEquals("oracle.options.lep_chargino_limit", negative.path());
  }

  @Test
  void theFactoryTravelsToExecutors() throws Exception {
    OracleFactory f = OracleCatalog.configure("pmssm", Options.empty("oracle.options"), canonicalSpace());
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    try (java.io.ObjectOutputStream out = new java.io.ObjectOutputStream(bytes)) {
      out.writeObject(f);
    }
    OracleFactory back;
    try (java.io.ObjectInputStream in = new java.io.ObjectInputStream(new java.io.ByteArrayInputStream(bytes.toByteArray()))) {
      back = (OracleFactory) in.readObject();
    }
    Point p = new Point(3, 0, "test", moderate());
    assertEquals(f.create().evaluate(p, null).observables(), back.create().evaluate(p, null).observables());
  }
}
