package org.hepscan.oracle.physics;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.hepscan.oracle.Evaluation;
import org.hepscan.oracle.Oracle;
import org.hepscan.oracle.OracleFactory;
import org.hepscan.oracle.Point;
import org.hepscan.oracle.Status;

/**
 * The configured {@code thdm2} oracle. Its observables, in column order:
 *
 * <ul>
 *   <li>{@code mh}, {@code mH0}, {@code mA}, {@code mHp}: tree-level masses (GeV) of h, H, A,
 *       H+ with mh &lt; mH0; a tachyon as 2HDMC prints it, -sqrt(|m^2|). ({@code mH0}, the
 *       H^0 of the Higgs Hunter's Guide, because output columns ignore case and mH would be
 *       mh.)</li>
 *   <li>{@code alpha}, {@code sin_ba}: the CP-even mixing angle and sin(beta - alpha) in
 *       2HDMC's convention ({@link TreeLevelSpectrum}).</li>
 *   <li>{@code unitarity}, {@code perturbativity}, {@code stability}: 1 where the point
 *       passes, 0 where not, as 2HDMC's flags; {@code unitarity_eig} and
 *       {@code quartic_max}, the quantities behind the first two (largest |eigenvalue| of
 *       the scattering matrices, largest |quartic coupling|), for models to learn from.</li>
 *   <li>{@code S}, {@code T}, {@code U}: oblique parameters relative to a SM Higgs of mass
 *       mh_ref ({@link ObliqueParameters}).</li>
 *   <li>{@code kappa_V}, {@code kappa_u}, {@code kappa_d}: coupling modifiers of h
 *       ({@link HiggsCouplings}); {@code chi2_kappa}: their chi-square against the chosen
 *       measurement ({@link KappaMeasurement}), 5 measured values.</li>
 *   <li>{@code mHp_bsg_min}: the B -> X_s gamma lower bound on mHp (GeV) and {@code bsg}: 1
 *       where mHp is at or above it ({@link BsGammaBound}).</li>
 * </ul>
 *
 * <p>A point with a tachyon (some m^2 &lt;= 0) is INVALID: the vacuum the inputs assume is
 * a saddle. It still carries what is meaningful there (masses, mixing, the theory flags,
 * which depend on the couplings alone, and the B -> X_s gamma verdict); S, T, U, the kappas
 * and their chi-square are NaN, because they describe fluctuations about a minimum that does
 * not exist. (2HDMC prints S, T, U for such points too, from |m^2|.)
 */
public final class TypeIIThdmFactory implements OracleFactory {
  private static final long serialVersionUID = 1L;

  public static final List<String> OBSERVABLES = List.of(
      "mh", "mH0", "mA", "mHp", "alpha", "sin_ba",
      "unitarity", "perturbativity", "stability", "unitarity_eig", "quartic_max",
      "S", "T", "U",
      "kappa_V", "kappa_u", "kappa_d", "chi2_kappa",
      "mHp_bsg_min", "bsg");

  /** The spec options, resolved. */
  public record Settings(double mhRef, double unitarityLimit, double perturbativityLimit, KappaMeasurement kappaFit,
                         double bsgMinMHp) implements Serializable {
  }

  private final Settings settings;

  public TypeIIThdmFactory(Settings settings) {
    this.settings = settings;
  }

  public Settings settings() {
    return settings;
  }

  @Override
  public String name() {
    return TypeIIThdm.NAME;
  }

  @Override
  public List<String> observables() {
    return OBSERVABLES;
  }

  @Override
  public Oracle create() {
    return (point, context) -> evaluate(point);
  }

  /** One point; pure computation, so it needs no runner, no sandbox and no context. */
  public Evaluation evaluate(Point point) {
    double[] x = point.values();
    if (x.length != TypeIIThdm.INPUTS.size()) {
      return Evaluation.failed(point, "thdm2 needs " + TypeIIThdm.INPUTS.size() + " values, got " + x.length);
    }
    Potential p = new Potential(x[0], x[1], x[2], x[3], x[4], x[5], x[6]);
    String notFinite = p.firstNonFinite();
    if (notFinite != null) {
      return Evaluation.failed(point, "thdm2: input " + notFinite + " is not a finite number");
    }
    if (!(p.tanBeta() > 0)) {
      return Evaluation.invalid(point, "tan(beta) = " + p.tanBeta() + ": it must be positive (tan(beta) = v2/v1)");
    }
    TreeLevelSpectrum s = TreeLevelSpectrum.of(p);
    if (s.degenerate()) {
      return Evaluation.invalid(point, "h and H are exactly degenerate: the mixing angle is undefined (2HDMC refuses such points too)");
    }

    Map<String, Double> obs = new LinkedHashMap<>();
    OBSERVABLES.forEach(name -> obs.put(name, Double.NaN));
    obs.put("mh", s.mh());
    obs.put("mH0", s.mH());
    obs.put("mA", s.mA());
    obs.put("mHp", s.mHp());
    obs.put("alpha", s.alpha());
    obs.put("sin_ba", s.sinBetaMinusAlpha());
    double eig = TreeLevelUnitarity.largestEigenvalue(p);
    double quartic = QuarticPerturbativity.largestCoupling(p, s);
    obs.put("unitarity", flag(eig <= settings.unitarityLimit()));
    obs.put("perturbativity", flag(quartic <= settings.perturbativityLimit()));
    obs.put("stability", flag(VacuumStability.boundedFromBelow(p)));
    obs.put("unitarity_eig", eig);
    obs.put("quartic_max", quartic);
    obs.put("mHp_bsg_min", settings.bsgMinMHp());
    obs.put("bsg", flag(s.mHp() >= settings.bsgMinMHp()));

    List<String> tachyons = s.nonPositive();
    if (!tachyons.isEmpty()) {
      return Evaluation.of(point, Status.INVALID, obs,
          "tachyonic: " + String.join(", ", tachyons) + " (the assumed vacuum is not a minimum)");
    }
    ObliqueParameters stu = ObliqueParameters.of(s, settings.mhRef());
    obs.put("S", stu.s());
    obs.put("T", stu.t());
    obs.put("U", stu.u());
    HiggsCouplings k = HiggsCouplings.of(s, p.tanBeta());
    obs.put("kappa_V", k.kappaV());
    obs.put("kappa_u", k.kappaU());
    obs.put("kappa_d", k.kappaD());
    obs.put("chi2_kappa", settings.kappaFit().chiSquare(k));
    return Evaluation.ok(point, obs);
  }

  private static double flag(boolean passes) {
    return passes ? 1. : 0.;
  }

  @Override
  public String toString() {
    return String.format(Locale.ROOT, "thdm2(mh_ref %s, unitarity <= %s, perturbativity <= %s, %s, mHp >= %s)",
        settings.mhRef(), settings.unitarityLimit(), settings.perturbativityLimit(), settings.kappaFit().spelling(),
        settings.bsgMinMHp());
  }
}
