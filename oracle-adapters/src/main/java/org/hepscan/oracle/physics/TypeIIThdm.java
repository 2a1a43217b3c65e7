package org.hepscan.oracle.physics;

import java.util.List;
import java.util.Locale;
import org.hepscan.config.ConfigException;
import org.hepscan.config.Options;
import org.hepscan.oracle.OracleFactory;
import org.hepscan.oracle.OracleProvider;
import org.hepscan.space.ParameterSpace;

/**
 * The built-in type-II two-Higgs-doublet model at tree level ({@code oracle: {builtin: thdm2}}):
 * the seven potential parameters in, masses, mixing, theory constraints, S/T/U, Higgs
 * coupling modifiers and the B -> X_s gamma bound out, as 2HDMC 1.8.0 computes them where
 * 2HDMC computes them. See {@link TypeIIThdmFactory} for the observables.
 *
 * <p>The scan's parameters are read by position, like every built-in: lambda1..lambda5,
 * m12sq (GeV^2), tanbeta, in the convention of {@link Potential}. Their names are free,
 * but a parameter named like one of the inputs and placed elsewhere is an error, since it
 * would silently be read as another input.
 *
 * <pre>
 * oracle:
 *   builtin: thdm2
 *   options: {mh_ref: 125, unitarity_limit: 50.27, perturbativity_limit: 12.57, kappa_fit: atlas-2022, bsg_min_mhp: 570}
 * </pre>
 */
public final class TypeIIThdm implements OracleProvider {
  public static final String NAME = "thdm2";
  /** The inputs in the order the oracle reads them. */
  public static final List<String> INPUTS = List.of("lambda1", "lambda2", "lambda3", "lambda4", "lambda5", "m12sq", "tanbeta");

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String description() {
    return "type-II 2HDM at tree level from lambda1..5, m12sq, tanbeta: masses, mixing, unitarity/perturbativity/stability"
        + " (as 2HDMC 1.8.0), S/T/U, kappas with a chi-square, the B->Xs gamma bound on mHp";
  }

  @Override
  public OracleFactory configure(Options options, ParameterSpace space) {
    options.allowOnly("mh_ref", "unitarity_limit", "perturbativity_limit", "kappa_fit", "bsg_min_mhp");
    List<String> names = space.names();
    if (names.size() != INPUTS.size()) {
      throw new ConfigException("", NAME + " takes exactly " + INPUTS.size() + " parameters, in this order: "
          + String.join(", ", INPUTS) + "; the spec has " + names.size());
    }
    for (int i = 0; i < names.size(); i++) {
      int meant = INPUTS.indexOf(names.get(i).toLowerCase(Locale.ROOT));
      if (meant >= 0 && meant != i) {
        throw new ConfigException("", NAME + " reads its parameters by position (" + String.join(", ", INPUTS)
            + "); '" + names.get(i) + "' is parameter " + (i + 1) + ", where " + NAME + " reads " + INPUTS.get(i)
            + "; put the parameters in that order");
      }
    }
    double mhRef = options.number("mh_ref", ObliqueParameters.DEFAULT_MH_REF, 1, 10_000);
    double unitarity = options.positive("unitarity_limit", TreeLevelUnitarity.DEFAULT_LIMIT);
    double perturbativity = options.positive("perturbativity_limit", QuarticPerturbativity.DEFAULT_LIMIT);
    String fit = options.choice("kappa_fit", KappaMeasurement.ATLAS_2022.spelling(),
        KappaMeasurement.spellings().toArray(String[]::new));
    double bsg = options.number("bsg_min_mhp", BsGammaBound.DEFAULT_MIN_MHP, 0, 100_000);
    return new TypeIIThdmFactory(new TypeIIThdmFactory.Settings(mhRef, unitarity, perturbativity,
        KappaMeasurement.bySpelling(fit), bsg));
  }
}
