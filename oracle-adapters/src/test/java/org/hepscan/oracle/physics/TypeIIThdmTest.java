package org.hepscan.oracle.physics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.apache.commons.math3.complex.Complex;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.EigenDecomposition;
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

class TypeIIThdmTest {
  /** A physical point near alignment (mh ~ 125 GeV, heavy states ~ 600 GeV); checked OK below. */
  private static final double[] ALIGNED = {0.25, 0.258, 5.0, -3.5, -2.6, 2400, 30};

  private static Map<String, Object> map(Object... kv) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], kv[i + 1]);
    }
    return m;
  }

  private static ParameterSpace space(String... names) {
    List<Parameter> ps = new ArrayList<>();
    for (String n : names) {
      ps.add(Parameter.continuous(n, -10, 10, Scale.LINEAR));
    }
    return new ParameterSpace(ps);
  }

  private static ParameterSpace inputs() {
    return space(TypeIIThdm.INPUTS.toArray(String[]::new));
  }

  private static OracleFactory thdm2(Object... options) {
    return OracleCatalog.configure("thdm2", Options.of("oracle.options", map(options)), inputs());
  }

  private static Evaluation eval(OracleFactory f, double... x) throws Exception {
    return f.create().evaluate(new Point(1, 0, "test", x), null);
  }

  private static ConfigException configError(ParameterSpace space, Object... options) {
    return assertThrows(ConfigException.class,
        () -> OracleCatalog.configure("thdm2", Options.of("oracle.options", map(options)), space));
  }

  // ---- the oracle as the catalog gives it ----------------------------------------------------

  @Test
  void theCatalogHasThdm2WithItsObservablesWhichAreDistinctColumnNames() {
    OracleFactory f = thdm2();
    assertEquals("thdm2", f.name());
    assertEquals(TypeIIThdmFactory.OBSERVABLES, f.observables());
    // output columns ignore case (SpecReader.RESERVED_COLUMNS and the Parquet store): mh and mH would be one column
    Set<String> seen = new HashSet<>();
    Set<String> reserved = Set.of("id", "iteration", "origin", "strategy", "status", "in_target", "loglike", "seconds",
        "executor", "message");
    for (String o : f.observables()) {
      String column = o.toLowerCase(Locale.ROOT);
      assertTrue(seen.add(column), "two observables are one column: " + o);
      assertFalse(reserved.contains(column), o + " is an output column's name");
    }
  }

  @Test
  void aPhysicalPointIsOkWithEveryObservableFinite() throws Exception {
    Evaluation e = eval(thdm2(), ALIGNED);
    assertEquals(Status.OK, e.status(), e::toString);
    for (String o : TypeIIThdmFactory.OBSERVABLES) {
      assertTrue(Double.isFinite(e.observable(o)), o + " = " + e.observable(o));
    }
    assertTrue(e.observable("mh") < e.observable("mH0"));
    assertTrue(Math.abs(e.observable("mh") - 125) < 5, "the point was chosen SM-like: " + e);
    assertEquals(Math.abs(e.observable("sin_ba")), e.observable("kappa_V"), 1e-15);
  }

  @Test
  void theFactoryTravelsToExecutorsAndKeepsItsSettings() throws Exception {
    OracleFactory f = thdm2("kappa_fit", "cms-2022", "bsg_min_mhp", 800);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(f);
    }
    OracleFactory back;
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      back = (OracleFactory) in.readObject();
    }
    assertEquals(eval(f, ALIGNED).observables(), eval(back, ALIGNED).observables());
    assertEquals(800, eval(back, ALIGNED).observable("mHp_bsg_min"));
  }

  // ---- INVALID and FAILED ---------------------------------------------------------------------

  @Test
  void aTachyonIsInvalidWithItsSquaredMassInOneLineAndWhatStillMeansSomething() throws Exception {
    // m12^2 = 0 and lambda5 > 0: m_A^2 = -lambda5 v^2 < 0
    Evaluation e = eval(thdm2(), 2, 0.3, 1, 1, 2, 0, 10);
    assertEquals(Status.INVALID, e.status());
    assertTrue(e.message().startsWith("tachyonic: "), e.message());
    assertTrue(e.message().contains("m_A^2 = -"), e.message());
    assertFalse(e.message().contains("\n"), "one line");
    assertEquals(-Math.sqrt(2 * StandardModelInputs.V2), e.observable("mA"), 1e-9, "a tachyon is reported as -sqrt(|m^2|), as 2HDMC does");
    for (String meaningful : List.of("mh", "mH0", "mHp", "alpha", "sin_ba", "unitarity", "perturbativity", "stability",
        "unitarity_eig", "quartic_max", "mHp_bsg_min", "bsg")) {
      assertTrue(Double.isFinite(e.observable(meaningful)), meaningful);
    }
    for (String undefined : List.of("S", "T", "U", "kappa_V", "kappa_u", "kappa_d", "chi2_kappa")) {
      assertTrue(Double.isNaN(e.observable(undefined)), undefined + " has no meaning without a minimum");
    }
    assertEquals(1.0, e.observable("stability"), "the couplings are bounded from below even though this vacuum is a saddle");
  }

  @Test
  void aNonPositiveTanBetaIsInvalidAndANonNumberFails() throws Exception {
    Evaluation zero = eval(thdm2(), 1, 0.3, 1, 1, 1, 100, 0);
    assertEquals(Status.INVALID, zero.status());
    assertTrue(zero.message().contains("tan(beta) = 0.0"), zero.message());
    Evaluation nan = eval(thdm2(), 1, 0.3, Double.NaN, 1, 1, 100, 10);
    assertEquals(Status.FAILED, nan.status());
    assertTrue(nan.message().contains("lambda3 = NaN"), nan.message());
  }

  // ---- spec options ---------------------------------------------------------------------------

  @Test
  void unknownOptionsAreRejectedWithTheirPath() {
    ConfigException e = configError(inputs(), "mh_reference", 125);
    assertEquals("oracle.options.mh_reference", e.path());
    assertTrue(e.problem().contains("mh_ref, unitarity_limit, perturbativity_limit, kappa_fit, bsg_min_mhp"), e.problem());
  }

  @Test
  void itTakesExactlySevenParameters() {
    ConfigException e = configError(space("lambda1", "lambda2", "lambda3", "lambda4", "lambda5", "m12sq"));
    assertEquals("", e.path(), "the oracle as a whole: reported at oracle.builtin");
    assertEquals("thdm2 takes exactly 7 parameters, in this order: lambda1, lambda2, lambda3, lambda4, lambda5, m12sq,"
        + " tanbeta; the spec has 6", e.problem());
  }

  @Test
  void aParameterNamedAsAnotherInputIsCaughtBeforeItIsReadAsTheWrongOne() {
    ConfigException e = configError(space("tanbeta", "lambda2", "lambda3", "lambda4", "lambda5", "m12sq", "lambda1"));
    assertTrue(e.problem().contains("'tanbeta' is parameter 1, where thdm2 reads lambda1"), e.problem());
    // other names are the user's business
    assertEquals("thdm2", OracleCatalog.configure("thdm2", Options.empty("oracle.options"),
        space("l1", "l2", "l3", "l4", "l5", "M12SQ", "TanBeta")).name());
  }

  @Test
  void badOptionValuesNameTheirPathAndWhatWasExpected() {
    ConfigException fit = configError(inputs(), "kappa_fit", "atlas-2012");
    assertEquals("oracle.options.kappa_fit", fit.path());
    assertEquals("expected one of: atlas-2022, cms-2022; got 'atlas-2012'", fit.problem());
    ConfigException limit = configError(inputs(), "unitarity_limit", 0);
    assertEquals("oracle.options.unitarity_limit", limit.path());
    assertTrue(limit.problem().contains("positive"), limit.problem());
    ConfigException pert = configError(inputs(), "perturbativity_limit", "4 pi");
    assertEquals("oracle.options.perturbativity_limit", pert.path());
    assertTrue(pert.problem().contains("expected a number"), pert.problem());
    ConfigException ref = configError(inputs(), "mh_ref", -125);
    assertEquals("oracle.options.mh_ref", ref.path());
    ConfigException bsg = configError(inputs(), "bsg_min_mhp", List.of(570, 800));
    assertEquals("oracle.options.bsg_min_mhp", bsg.path());
  }

  @Test
  void theOptionsChangeWhatTheyShould() throws Exception {
    Evaluation defaults = eval(thdm2(), ALIGNED);
    double eig = defaults.observable("unitarity_eig");
    double quartic = defaults.observable("quartic_max");
    assertEquals(1.0, defaults.observable("unitarity"));
    assertEquals(0.0, eval(thdm2("unitarity_limit", eig * 0.999), ALIGNED).observable("unitarity"));
    assertEquals(1.0, eval(thdm2("unitarity_limit", eig), ALIGNED).observable("unitarity"), "the limit itself passes, as in 2HDMC");
    assertEquals(0.0, eval(thdm2("perturbativity_limit", quartic * 0.999), ALIGNED).observable("perturbativity"));
    double mHp = defaults.observable("mHp");
    assertEquals(1.0, eval(thdm2("bsg_min_mhp", mHp), ALIGNED).observable("bsg"));
    assertEquals(0.0, eval(thdm2("bsg_min_mhp", mHp + 1e-6), ALIGNED).observable("bsg"));
    assertTrue(eval(thdm2("kappa_fit", "cms-2022"), ALIGNED).observable("chi2_kappa") != defaults.observable("chi2_kappa"));
    double stuAt125 = defaults.observable("S");
    assertTrue(Math.abs(eval(thdm2("mh_ref", 200), ALIGNED).observable("S") - stuAt125) > 1e-3,
        "a heavier SM reference Higgs moves S");
  }

  // ---- the pieces against independent forms ---------------------------------------------------

  @Test
  void theClosedFormEigenvaluesAreThoseOf2hdmcsScatteringMatrices() {
    SplittableRandom rng = new SplittableRandom(7);
    for (int n = 0; n < 200; n++) {
      double l1 = 20 * rng.nextDouble() - 5;
      double l2 = 20 * rng.nextDouble() - 5;
      double l3 = 20 * rng.nextDouble() - 10;
      double l4 = 20 * rng.nextDouble() - 10;
      double l5 = 20 * rng.nextDouble() - 10;
      // THDM::calc_unitarity's matrices (Ginzburg-Ivanov) with lambda6 = lambda7 = 0
      double[][] s21 = {{l1, l5, 0}, {l5, l2, 0}, {0, 0, l3 + l4}};
      double[][] s01 = {{l1, l4, 0, 0}, {l4, l2, 0, 0}, {0, 0, l3, l5}, {0, 0, l5, l3}};
      double[][] s00 = {{3 * l1, 2 * l3 + l4, 0, 0}, {2 * l3 + l4, 3 * l2, 0, 0}, {0, 0, l3 + 2 * l4, 3 * l5},
          {0, 0, 3 * l5, l3 + 2 * l4}};
      List<Double> expected = new ArrayList<>(List.of(l3 - l4));
      for (double[][] m : List.of(s21, s01, s00)) {
        for (double ev : new EigenDecomposition(new Array2DRowRealMatrix(m)).getRealEigenvalues()) {
          expected.add(ev);
        }
      }
      double[] want = expected.stream().mapToDouble(Double::doubleValue).sorted().toArray();
      double[] got = TreeLevelUnitarity.eigenvalues(new Potential(l1, l2, l3, l4, l5, 0, 1));
      Arrays.sort(got);
      for (int i = 0; i < want.length; i++) {
        assertEquals(want[i], got[i], 1e-9 * (1 + Math.abs(want[i])));
      }
    }
  }

  @Test
  void theQuarticCouplingsHaveTheirKnownValuesInTheAlignmentLimit() {
    // sin(b-a) = 1: h is the Higgs-basis H1, so hhhh = -3i Z1 (24 orderings / 8) and H+H+H-H- = -2i Z2
    HiggsBasis z = HiggsBasis.of(new Potential(2.1, 0.3, 4, -1, -2, 0, 7));
    Complex[][] q = {{Complex.ONE, Complex.ZERO}, {Complex.ZERO, Complex.ONE}, {Complex.ZERO, Complex.I}};
    Complex hhhh = QuarticPerturbativity.coupling(new int[] {1, 1, 1, 1}, z, q);
    assertEquals(0, hhhh.getReal(), 1e-12);
    assertEquals(-3 * z.z1(), hhhh.getImaginary(), 1e-12);
    assertEquals(-2 * z.z2(), QuarticPerturbativity.coupling(new int[] {4, 4, 4, 4}, z, q).getImaginary(), 1e-12);
    assertEquals(0, QuarticPerturbativity.coupling(new int[] {1, 1, 1, 3}, z, q).abs(), "an odd number of A");
    assertEquals(0, QuarticPerturbativity.coupling(new int[] {1, 2, 3, 4}, z, q).abs(), "one charged Higgs");
    // h h H+ H-: -i/2 (2 Z3) with q_h = (1, 0)
    assertEquals(-z.z3(), QuarticPerturbativity.coupling(new int[] {1, 1, 4, 4}, z, q).getImaginary(), 1e-12);
  }

  @Test
  void theMassesAreTheEigenvaluesOfPapers004MassMatrixTranslated() {
    // papers/004 eqs. 7-12 with its lambda1 = ours / 2 and lambda2 = ours / 2; its formulas
    // carry m12^2 with our sign (its eq. 18 ranges are in SPheno's, the opposite one)
    SplittableRandom rng = new SplittableRandom(11);
    for (int n = 0; n < 100; n++) {
      Potential p = new Potential(10 * rng.nextDouble(), rng.nextDouble(), 6 * rng.nextDouble() - 3,
          6 * rng.nextDouble() - 3, 6 * rng.nextDouble() - 3, 2e5 * rng.nextDouble(), 1 + 40 * rng.nextDouble());
      double v2 = StandardModelInputs.V2;
      double b = p.beta();
      double paperLambda1 = p.lambda1() / 2;
      double paperLambda2 = p.lambda2() / 2;
      double m12sq = p.m12sq();
      double chi11 = m12sq * Math.tan(b) + 2 * paperLambda1 * v2 * Math.cos(b) * Math.cos(b);
      double chi22 = m12sq / Math.tan(b) + 2 * paperLambda2 * v2 * Math.sin(b) * Math.sin(b);
      double chi12 = -m12sq + 0.5 * (p.lambda3() + p.lambda4() + p.lambda5()) * v2 * Math.sin(2 * b);
      double root = Math.sqrt((chi11 - chi22) * (chi11 - chi22) + 4 * chi12 * chi12);
      TreeLevelSpectrum s = TreeLevelSpectrum.of(p);
      double scale = Math.abs(chi11) + Math.abs(chi22);
      assertEquals(0.5 * (chi11 + chi22 - root), s.mh2(), 1e-9 * scale);
      assertEquals(0.5 * (chi11 + chi22 + root), s.mH2(), 1e-9 * scale);
      assertEquals(2 * m12sq / Math.sin(2 * b) - p.lambda5() * v2, s.mA2(), 1e-9 * Math.abs(s.mA2()) + 1e-6);
      assertEquals(2 * m12sq / Math.sin(2 * b) - 0.5 * (p.lambda4() + p.lambda5()) * v2, s.mHp2(),
          1e-9 * Math.abs(s.mHp2()) + 1e-6);
    }
  }

  @Test
  void theKappasAreTheTypeIIFormulasInAlphaAndBetaWithKappaVPositive() {
    SplittableRandom rng = new SplittableRandom(3);
    for (int n = 0; n < 200; n++) {
      Potential p = new Potential(5 * rng.nextDouble(), rng.nextDouble(), 6 * rng.nextDouble() - 3,
          6 * rng.nextDouble() - 3, 6 * rng.nextDouble() - 3, 2e5 * rng.nextDouble(), 1 + 20 * rng.nextDouble());
      TreeLevelSpectrum s = TreeLevelSpectrum.of(p);
      HiggsCouplings k = HiggsCouplings.of(s, p.tanBeta());
      double a = s.alpha();
      double b = p.beta();
      double sign = Math.signum(Math.sin(b - a)) < 0 ? -1 : 1;
      assertEquals(sign * Math.sin(b - a), k.kappaV(), 1e-12);
      assertTrue(k.kappaV() >= 0);
      assertEquals(sign * Math.cos(a) / Math.sin(b), k.kappaU(), 1e-9 * (1 + Math.abs(k.kappaU())));
      assertEquals(-sign * Math.sin(a) / Math.cos(b), k.kappaD(), 1e-9 * (1 + Math.abs(k.kappaD())));
    }
  }

  @Test
  void theChiSquareOfTheStandardModelIsTheSumOfThePublishedPulls() {
    HiggsCouplings sm = new HiggsCouplings(1, 1, 1);
    // ATLAS 2022: W (1.05 +- 0.06), Z (0.99 +- 0.06), t (0.94 +- 0.11), b (0.89 +- 0.11), tau (0.93 +- 0.07)
    double atlas = Math.pow(0.05 / 0.06, 2) + Math.pow(0.01 / 0.06, 2) + Math.pow(0.06 / 0.11, 2) + 1 + 1;
    assertEquals(atlas, KappaMeasurement.ATLAS_2022.chiSquare(sm), 1e-12);
    // CMS 2022: W (1.02 +- 0.08), Z (1.04 +- 0.07), t (1.01 +- 0.11), b (0.99 +- 0.16), tau (0.92 +- 0.08)
    double cms = Math.pow(0.02 / 0.08, 2) + Math.pow(0.04 / 0.07, 2) + Math.pow(0.01 / 0.11, 2)
        + Math.pow(0.01 / 0.16, 2) + 1;
    assertEquals(cms, KappaMeasurement.CMS_2022.chiSquare(sm), 1e-12);
    // a wrong-sign down-type Yukawa (kappa_d = -1) costs ((-1 - 0.89)/0.11)^2 + ((-1 - 0.93)/0.07)^2 more than +1
    double flipped = KappaMeasurement.ATLAS_2022.chiSquare(new HiggsCouplings(1, 1, -1));
    assertEquals(atlas - Math.pow(0.11 / 0.11, 2) - 1 + Math.pow(1.89 / 0.11, 2) + Math.pow(1.93 / 0.07, 2), flipped, 1e-9);
  }

  @Test
  void stabilityIsTheBoundedFromBelowConditionsWithEqualityPassing() {
    assertTrue(VacuumStability.boundedFromBelow(new Potential(1, 1, -1, 0, 0, 0, 1)), "lambda3 = -sqrt(l1 l2) passes");
    assertFalse(VacuumStability.boundedFromBelow(new Potential(1, 1, -1.0001, 0, 0, 0, 1)));
    assertFalse(VacuumStability.boundedFromBelow(new Potential(-0.01, 1, 1, 0, 0, 0, 1)));
    assertFalse(VacuumStability.boundedFromBelow(new Potential(1, -0.01, 1, 0, 0, 0, 1)));
    assertTrue(VacuumStability.boundedFromBelow(new Potential(0, 0, 0, 0, 0, 0, 1)));
    // lambda3 + lambda4 - |lambda5| >= -sqrt(l1 l2): the sign of lambda5 does not matter
    assertFalse(VacuumStability.boundedFromBelow(new Potential(1, 1, 0, -0.5, 0.6, 0, 1)));
    assertFalse(VacuumStability.boundedFromBelow(new Potential(1, 1, 0, -0.5, -0.6, 0, 1)));
    assertTrue(VacuumStability.boundedFromBelow(new Potential(1, 1, 0, -0.5, 0.5, 0, 1)));
  }
}
