package org.hepscan.target;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.commons.math3.distribution.ChiSquaredDistribution;
import org.hepscan.config.ConfigException;
import org.hepscan.config.Options;
import org.hepscan.oracle.Evaluation;

/**
 * The region a scan looks for: a set of constraints, combined by AND for the in-target
 * flag, their log-likelihoods added. A call that did not end OK has log-likelihood
 * -infinity and is never in target.
 *
 * <p>Spec forms (one rule per entry):
 * <pre>
 * - {observable: O, gaussian: {mean: 100, sigma: 10}, within_sigma: 2}
 * - {observable: O, gaussian: {mean: 100, sigma: 20}, min_likelihood: 0.9}
 * - {observable: mh, window: [122, 128]}
 * - {observable: chi2_hs, upper: 95}
 * - {observable: mHp, lower: 580}
 * - {observable: chi2_hs, chi2: {max: 95}}          # or chi2: {dof: 2, cl: 0.95}
 * - {observable: logL, loglike: {min: -10}}         # the observable is a log-likelihood
 * </pre>
 */
public final class Target implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final String[] RULES = {"gaussian", "window", "upper", "lower", "chi2", "loglike"};

  private final List<Constraint> constraints;

  public Target(List<Constraint> constraints) {
    this.constraints = List.copyOf(constraints);
  }

  public List<Constraint> constraints() {
    return constraints;
  }

  public Set<String> observables() {
    Set<String> s = new LinkedHashSet<>();
    constraints.forEach(c -> s.add(c.observable()));
    return s;
  }

  /** The evaluation with its log-likelihood and in-target flag. */
  public Evaluation apply(Evaluation e) {
    if (!e.isOk()) {
      return e.withTarget(Double.NEGATIVE_INFINITY, false);
    }
    double logL = 0;
    boolean in = true;
    for (Constraint c : constraints) {
      double v = e.observable(c.observable());
      logL += c.logLikelihood(v);
      in &= c.passes(v);
    }
    return e.withTarget(logL, in);
  }

  /**
   * Reads the {@code constraints} list of a spec. {@code available} are the observables
   * the oracle gives; a rule on any other is an error. Paths in errors are relative to
   * the list ({@code [2].window}).
   */
  public static Target parse(List<Object> entries, String oracleName, List<String> available) {
    List<Constraint> list = new ArrayList<>();
    for (int i = 0; i < entries.size(); i++) {
      String at = "[" + i + "]";
      try {
        list.add(parseOne(Options.of("", entries.get(i)), oracleName, available));
      } catch (ConfigException e) {
        throw e.under(at);
      }
    }
    return new Target(list);
  }

  private static Constraint parseOne(Options o, String oracleName, List<String> available) {
    // every key any rule takes, checked first, so that a typo is named as one and not as a missing key
    o.allowOnly("observable", "gaussian", "within_sigma", "min_likelihood", "window", "upper", "lower", "chi2", "loglike");
    String observable = o.string("observable");
    if (!available.contains(observable)) {
      throw new ConfigException("observable", "the oracle " + oracleName + " gives no observable '" + observable
          + "'; it gives: " + String.join(", ", available));
    }
    String rule = o.exactlyOne("the rule", RULES);
    switch (rule) {
      case "gaussian": {
        o.allowOnly("observable", "gaussian", "within_sigma", "min_likelihood");
        Options g = o.section("gaussian").allowOnly("mean", "sigma");
        double mean = g.number("mean");
        double sigma = g.positive("sigma", Double.NaN);
        if (Double.isNaN(sigma)) {
          throw new ConfigException("gaussian.sigma", "missing; this key is required");
        }
        String cut = exactlyOneOf(o, "within_sigma", "min_likelihood");
        if (cut.equals("within_sigma")) {
          return Constraint.Gaussian.withinSigma(observable, mean, sigma, o.positive("within_sigma", 0));
        }
        double p = o.number("min_likelihood");
        if (!(p > 0 && p < 1)) {
          throw new ConfigException("min_likelihood", "expected a likelihood strictly between 0 and 1, got " + Options.fmt(p));
        }
        return Constraint.Gaussian.minLikelihood(observable, mean, sigma, p);
      }
      case "window": {
        o.allowOnly("observable", "window");
        double[] w = o.numbers("window", 2);
        if (!(w[0] < w[1])) {
          throw new ConfigException("window", "empty window: the first bound (" + Options.fmt(w[0])
              + ") must be below the second (" + Options.fmt(w[1]) + ")");
        }
        return new Constraint.Window(observable, w[0], w[1]);
      }
      case "upper":
      case "lower":
        o.allowOnly("observable", rule);
        return new Constraint.Limit(observable, o.number(rule), rule.equals("upper"));
      case "chi2": {
        o.allowOnly("observable", "chi2");
        Options c = o.section("chi2");
        if (c.has("max")) {
          c.allowOnly("max");
          return new Constraint.ChiSquare(observable, c.positive("max", 0));
        }
        c.allowOnly("dof", "cl");
        long dof = c.integer("dof", 0, 1);
        if (dof == 0) {
          throw new ConfigException("chi2", "give max (the chi-square bound) or dof and cl (e.g. dof: 2, cl: 0.95)");
        }
        double cl = c.number("cl", 0.95);
        if (!(cl > 0 && cl < 1)) {
          throw new ConfigException("chi2.cl", "expected a confidence level strictly between 0 and 1, got " + Options.fmt(cl));
        }
        return new Constraint.ChiSquare(observable, new ChiSquaredDistribution(null, dof).inverseCumulativeProbability(cl));
      }
      default: {
        o.allowOnly("observable", "loglike");
        Options l = o.section("loglike").allowOnly("min");
        return new Constraint.LogLikelihood(observable, l.number("min", Double.NEGATIVE_INFINITY));
      }
    }
  }

  private static String exactlyOneOf(Options o, String a, String b) {
    boolean hasA = o.has(a);
    boolean hasB = o.has(b);
    if (hasA == hasB) {
      throw new ConfigException("", hasA
          ? "give either " + a + " or " + b + ", not both"
          : "a gaussian rule needs its cut: " + a + " (e.g. 2) or " + b + " (e.g. 0.9)");
    }
    return hasA ? a : b;
  }

  @Override
  public String toString() {
    return constraints.isEmpty() ? "(no constraints)" : String.join(" AND ", constraints.stream().map(Constraint::describe).toList());
  }

  public static Target none() {
    return new Target(Collections.emptyList());
  }
}
