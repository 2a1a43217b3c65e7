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
 * flag, their log-likelihoods added.
 *
 * <p>Spec forms (one rule per entry):
 * <pre>
 * - {observable: O, gaussian: {mean: 100, sigma: 10}, within_sigma: 2}
 * - {observable: O, gaussian: {mean: 100, sigma: 20}, min_likelihood: 0.9}
 * - {observable: mh, window: [122, 128]}            # edge: 0.5 optional, see below
 * - {observable: chi2_hs, upper: 95}                # edge: 2 optional
 * - {observable: mHp, lower: 580}                   # edge: 5 optional
 * - {observable: chi2_hs, chi2: {max: 95}}          # or chi2: {dof: 2, cl: 0.95}
 * - {observable: logL, loglike: {min: -10}}         # the observable is a log-likelihood
 * </pre>
 *
 * <h2>The likelihood rule</h2>
 * This is the one place the rule is written; evaluations ({@link #apply}) and predicted
 * observables ({@link #on}, {@link #logLikelihood(double[][], List)}) both use it.
 * <ul>
 *   <li><b>log-likelihood</b> of a point: the sum, in constraint order, of each
 *   constraint's {@link Constraint#logLikelihood} of its observable's value. Each term is
 *   at most 0 for finite values; a cut adds 0 or -infinity.</li>
 *   <li><b>in target</b>: every constraint {@link Constraint#passes}.</li>
 *   <li><b>NaN</b>: a NaN value (a missing observable in an evaluation, a NaN
 *   prediction) never passes and adds -infinity under every rule. A sum is NaN only when
 *   one term is +infinity (a {@code loglike} observable of +infinity, a chi-square of
 *   -infinity) and another -infinity. For predicted observables such a NaN sum is
 *   -infinity: the row is excluded, never ranked. For an evaluation, {@link #apply}
 *   records the sum as it is (NaN there), as it always has; an evaluation from the
 *   oracle runner never gets there, since it fails a call with a NaN or infinite
 *   observable before the target sees it.</li>
 *   <li>A call that did not end OK has log-likelihood -infinity and is never in
 *   target.</li>
 * </ul>
 *
 * <h2>Smooth form and gradient, for gradient-based samplers</h2>
 * {@link ColumnScorer#smoothLogLikelihood} is the same sum over
 * {@link Constraint#smoothLogLikelihood} (equal to the log-likelihood for gaussian,
 * chi-square and loglike rules; a log-sigmoid wall of width {@code edge} for window,
 * upper and lower cuts, see {@link Constraint.Cut}), NaN sum -> -infinity as above.
 * {@link ColumnScorer#gradient} is its derivative with respect to each predicted
 * observable (0 for columns no constraint reads, 0 where a value is not finite); a
 * sampler multiplies it by its surrogate's Jacobian d observable / d x. A window's edge
 * defaults to 1 % of its width; an upper or lower cut needs {@code edge} given before the
 * smooth methods can be used (they throw {@link IllegalStateException} naming the cut
 * otherwise). The in-target flag and the ordinary log-likelihood stay the exact cuts.
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

  /** The evaluation with its log-likelihood and in-target flag (see the class comment for the rule). */
  public Evaluation apply(Evaluation e) {
    if (!e.isOk()) {
      return e.withTarget(Double.NEGATIVE_INFINITY, false);
    }
    Constraint[] cs = constraints.toArray(new Constraint[0]);
    double[] values = new double[cs.length];
    int[] inOrder = new int[cs.length];
    for (int c = 0; c < cs.length; c++) {
      values[c] = e.observable(cs[c].observable());
      inOrder[c] = c;
    }
    return e.withTarget(sum(cs, values, inOrder), allPass(cs, values, inOrder));
  }

  /**
   * A scorer of rows of predicted observables whose columns are named {@code columns}:
   * the column of each constraint is looked up once here, so that scoring a pool of rows
   * costs no name lookups. Throws {@link IllegalArgumentException} naming the first
   * constrained observable that is not a column, and the columns there are.
   */
  public ColumnScorer on(List<String> columns) {
    return new ColumnScorer(constraints, columns);
  }

  /** {@code on(columns).logLikelihood(predicted)}: the log-likelihood of each row, NaN sum -> -infinity. */
  public double[] logLikelihood(double[][] predicted, List<String> columns) {
    return on(columns).logLikelihood(predicted);
  }

  /** {@code on(columns).passes(predicted)}: whether each row passes every constraint. */
  public boolean[] passes(double[][] predicted, List<String> columns) {
    return on(columns).passes(predicted);
  }

  /** {@code on(columns).smoothLogLikelihood(predicted)}: the smooth log-likelihood of each row. */
  public double[] smoothLogLikelihood(double[][] predicted, List<String> columns) {
    return on(columns).smoothLogLikelihood(predicted);
  }

  /** {@code on(columns).gradient(predicted)}: d smooth log-likelihood / d each column, per row. */
  public double[][] gradient(double[][] predicted, List<String> columns) {
    return on(columns).gradient(predicted);
  }

  /**
   * The rule's sum: each constraint's log-likelihood of {@code row[col[c]]}, added in
   * constraint order (the order fixes the rounding, and so the bits, of the result).
   */
  private static double sum(Constraint[] cs, double[] row, int[] col) {
    double s = 0;
    for (int c = 0; c < cs.length; c++) {
      s += cs[c].logLikelihood(row[col[c]]);
    }
    return s;
  }

  private static boolean allPass(Constraint[] cs, double[] row, int[] col) {
    for (int c = 0; c < cs.length; c++) {
      if (!cs[c].passes(row[col[c]])) {
        return false;
      }
    }
    return true;
  }

  /** For rows that are predictions: a NaN sum (+infinity met -infinity) excludes the row. */
  private static double excludeNaN(double s) {
    return Double.isNaN(s) ? Double.NEGATIVE_INFINITY : s;
  }

  /**
   * The target bound to the columns of a matrix of predicted observables ({@link Target#on}).
   * Immutable and thread-safe; serializable, so that it can travel to executors.
   */
  public static final class ColumnScorer implements Serializable {
    private static final long serialVersionUID = 1L;
    private final Constraint[] constraints;
    private final int[] column;
    private final List<String> columns;

    private ColumnScorer(List<Constraint> constraints, List<String> columns) {
      this.constraints = constraints.toArray(new Constraint[0]);
      this.columns = List.copyOf(columns);
      this.column = new int[this.constraints.length];
      for (int c = 0; c < column.length; c++) {
        String name = this.constraints[c].observable();
        column[c] = this.columns.indexOf(name);
        if (column[c] < 0) {
          throw new IllegalArgumentException("the target constrains observable '" + name
              + "', which is not among the predicted columns: " + (columns.isEmpty() ? "(none)" : String.join(", ", columns)));
        }
      }
    }

    /** The column names this scorer reads rows by. */
    public List<String> columns() {
      return columns;
    }

    /** The log-likelihood of one row: the rule's sum, NaN -> -infinity. */
    public double logLikelihood(double[] row) {
      return excludeNaN(sum(constraints, row, column));
    }

    public double[] logLikelihood(double[][] rows) {
      double[] out = new double[rows.length];
      for (int i = 0; i < out.length; i++) {
        out[i] = logLikelihood(rows[i]);
      }
      return out;
    }

    /** Whether one row passes every constraint. */
    public boolean passes(double[] row) {
      return allPass(constraints, row, column);
    }

    public boolean[] passes(double[][] rows) {
      boolean[] out = new boolean[rows.length];
      for (int i = 0; i < out.length; i++) {
        out[i] = passes(rows[i]);
      }
      return out;
    }

    /** The smooth log-likelihood of one row: the sum of the constraints' smooth forms, NaN -> -infinity. */
    public double smoothLogLikelihood(double[] row) {
      double s = 0;
      for (int c = 0; c < constraints.length; c++) {
        s += constraints[c].smoothLogLikelihood(row[column[c]]);
      }
      return excludeNaN(s);
    }

    public double[] smoothLogLikelihood(double[][] rows) {
      requireSmoothForms();
      double[] out = new double[rows.length];
      for (int i = 0; i < out.length; i++) {
        out[i] = smoothLogLikelihood(rows[i]);
      }
      return out;
    }

    /**
     * d smooth log-likelihood / d row[j] for every column j: constraints on the same column
     * add up, a column no constraint reads gets 0.
     */
    public double[] gradient(double[] row) {
      double[] g = new double[columns.size()];
      for (int c = 0; c < constraints.length; c++) {
        g[column[c]] += constraints[c].dLogLikelihood(row[column[c]]);
      }
      return g;
    }

    public double[][] gradient(double[][] rows) {
      requireSmoothForms();
      double[][] out = new double[rows.length][];
      for (int i = 0; i < out.length; i++) {
        out[i] = gradient(rows[i]);
      }
      return out;
    }

    /** Fails before any row is scored, naming every cut that lacks an edge, rather than at the first such row. */
    private void requireSmoothForms() {
      List<String> missing = new ArrayList<>();
      for (Constraint c : constraints) {
        if (c instanceof Constraint.Cut cut && !cut.hasEdge()) {
          missing.add(c.describe());
        }
      }
      if (!missing.isEmpty()) {
        throw new IllegalStateException("the smooth log-likelihood needs an edge (edge: W, a width in the observable's"
            + " units) on every upper or lower cut; missing on: " + String.join("; ", missing));
      }
    }
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
    o.allowOnly("observable", "gaussian", "within_sigma", "min_likelihood", "window", "upper", "lower", "chi2", "loglike",
        "edge");
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
        o.allowOnly("observable", "window", "edge");
        double[] w = o.numbers("window", 2);
        if (!(w[0] < w[1])) {
          throw new ConfigException("window", "empty window: the first bound (" + Options.fmt(w[0])
              + ") must be below the second (" + Options.fmt(w[1]) + ")");
        }
        double edge = o.positive("edge", Double.NaN);
        return Double.isNaN(edge) ? new Constraint.Window(observable, w[0], w[1]) : new Constraint.Window(observable, w[0], w[1], edge);
      }
      case "upper":
      case "lower": {
        o.allowOnly("observable", rule, "edge");
        double limit = o.number(rule);
        double edge = o.positive("edge", Double.NaN);
        boolean upper = rule.equals("upper");
        return Double.isNaN(edge) ? new Constraint.Limit(observable, limit, upper) : new Constraint.Limit(observable, limit, upper, edge);
      }
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
