package org.hepscan.target;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.hepscan.oracle.Evaluation;
import org.hepscan.oracle.Point;
import org.junit.jupiter.api.Test;

/**
 * The one likelihood rule of {@link Target} gives, bit for bit, what its two former copies
 * gave: {@code Target.apply} for evaluations and the driver's
 * {@code LearningStrategy.logLikelihood / passes} for predicted observables. The former
 * code is copied below as the reference; the rows are drawn to hit every special value.
 */
class LikelihoodRuleTest {
  private static final Point POINT = new Point(1, 0, "random", new double[] {0.5});
  /** Every kind of rule, two on one observable, in an order that is not the columns'. */
  private static final Target TARGET = new Target(List.of(
      Constraint.Gaussian.withinSigma("O", 100, 10, 2),
      new Constraint.Window("mh", 122, 128),
      new Constraint.Limit("chi2_hs", 95, true),
      new Constraint.Limit("mHp", 580, false),
      new Constraint.ChiSquare("chi2_hs", 95),
      new Constraint.LogLikelihood("logL", Double.NEGATIVE_INFINITY),
      Constraint.Gaussian.minLikelihood("mh", 125, 2, 0.5)));
  private static final List<String> COLUMNS = List.of("logL", "mHp", "unused", "O", "chi2_hs", "mh");
  private static final double[] SPECIAL = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 0, -0.0,
      122, 128, 95, 580, 100, 1e308, -1e308};

  // ---- the former code, verbatim but for the target it reads ---------------------------

  /** LearningStrategy.logLikelihood as it was. */
  private static double[] formerDriverLogLikelihood(Target target, double[][] predicted, List<String> names) {
    List<Constraint> cs = target.constraints();
    int[] col = new int[cs.size()];
    for (int c = 0; c < col.length; c++) {
      col[c] = names.indexOf(cs.get(c).observable());
    }
    double[] out = new double[predicted.length];
    for (int i = 0; i < out.length; i++) {
      double s = 0;
      for (int c = 0; c < col.length; c++) {
        s += cs.get(c).logLikelihood(predicted[i][col[c]]);
      }
      out[i] = Double.isNaN(s) ? Double.NEGATIVE_INFINITY : s;
    }
    return out;
  }

  /** LearningStrategy.passes as it was. */
  private static boolean[] formerDriverPasses(Target target, double[][] predicted, List<String> names) {
    List<Constraint> cs = target.constraints();
    boolean[] out = new boolean[predicted.length];
    for (int i = 0; i < out.length; i++) {
      boolean in = true;
      for (int c = 0; c < cs.size() && in; c++) {
        in = cs.get(c).passes(predicted[i][names.indexOf(cs.get(c).observable())]);
      }
      out[i] = in;
    }
    return out;
  }

  /** Target.apply as it was. */
  private static Evaluation formerApply(Target target, Evaluation e) {
    if (!e.isOk()) {
      return e.withTarget(Double.NEGATIVE_INFINITY, false);
    }
    double logL = 0;
    boolean in = true;
    for (Constraint c : target.constraints()) {
      double v = e.observable(c.observable());
      logL += c.logLikelihood(v);
      in &= c.passes(v);
    }
    return e.withTarget(logL, in);
  }

  // ---- rows ------------------------------------------------------------------------------

  private static double draw(SplittableRandom rng) {
    return switch (rng.nextInt(4)) {
      case 0 -> SPECIAL[rng.nextInt(SPECIAL.length)];
      case 1 -> 100 + 30 * rng.nextGaussian();   // around the gaussian and the windows
      case 2 -> 600 * rng.nextDouble() - 20;      // across the limits and chi-squares
      default -> -50 * rng.nextDouble();          // log-likelihoods
    };
  }

  private static double[][] rows(int n, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    double[][] rows = new double[n][COLUMNS.size()];
    for (double[] row : rows) {
      for (int j = 0; j < row.length; j++) {
        row[j] = draw(rng);
      }
    }
    return rows;
  }

  private static long[] bits(double[] v) {
    long[] b = new long[v.length];
    for (int i = 0; i < v.length; i++) {
      b[i] = Double.doubleToRawLongBits(v[i]);
    }
    return b;
  }

  // ---- predictions ------------------------------------------------------------------------

  @Test
  void predictionsScoreBitForBitAsTheDriverDid() {
    double[][] rows = rows(200_000, 5);
    double[] expected = formerDriverLogLikelihood(TARGET, rows, COLUMNS);
    assertArrayEquals(bits(expected), bits(TARGET.logLikelihood(rows, COLUMNS)));
    assertArrayEquals(bits(expected), bits(TARGET.on(COLUMNS).logLikelihood(rows)));
    assertArrayEquals(formerDriverPasses(TARGET, rows, COLUMNS), TARGET.passes(rows, COLUMNS));
    assertArrayEquals(formerDriverPasses(TARGET, rows, COLUMNS), TARGET.on(COLUMNS).passes(rows));

    // the draw reached every case the rule distinguishes, so the comparison above means something
    int nanSums = 0;
    int excluded = 0;
    int finite = 0;
    int in = 0;
    Constraint[] cs = TARGET.constraints().toArray(new Constraint[0]);
    boolean[] passes = TARGET.passes(rows, COLUMNS);
    for (int i = 0; i < rows.length; i++) {
      double raw = 0;
      for (Constraint c : cs) {
        raw += c.logLikelihood(rows[i][COLUMNS.indexOf(c.observable())]);
      }
      nanSums += Double.isNaN(raw) ? 1 : 0;
      excluded += expected[i] == Double.NEGATIVE_INFINITY ? 1 : 0;
      finite += Double.isFinite(expected[i]) ? 1 : 0;
      in += passes[i] ? 1 : 0;
    }
    assertTrue(nanSums > 0 && excluded > nanSums && finite > 0 && in > 0,
        "NaN sums " + nanSums + ", excluded " + excluded + ", finite " + finite + ", in " + in);
  }

  @Test
  void aNanSumOfAPredictionIsMinusInfinity() {
    // a loglike observable of +infinity meets a window's -infinity
    double[] row = {Double.POSITIVE_INFINITY, 600, 0, 100, 10, 200};
    assertEquals(Double.NEGATIVE_INFINITY, TARGET.on(COLUMNS).logLikelihood(row), 0);
    // a chi-square of -infinity gives +infinity, alone: +infinity is what the rule says
    Target chi = new Target(List.of(new Constraint.ChiSquare("chi2_hs", 95)));
    assertEquals(Double.POSITIVE_INFINITY, chi.on(COLUMNS).logLikelihood(new double[] {0, 0, 0, 0, Double.NEGATIVE_INFINITY, 0}), 0);
    // a NaN prediction: -infinity and out, whatever the rule
    for (Constraint c : TARGET.constraints()) {
      Target one = new Target(List.of(c));
      double[] nan = {1, 1, 1, 1, 1, 1};
      nan[COLUMNS.indexOf(c.observable())] = Double.NaN;
      assertEquals(Double.NEGATIVE_INFINITY, one.on(COLUMNS).logLikelihood(nan), 0, c.describe());
      assertEquals(false, one.on(COLUMNS).passes(nan), c.describe());
    }
  }

  @Test
  void aMissingColumnIsNamedWithTheColumnsThereAre() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> TARGET.on(List.of("O", "mh", "logL", "mHp")));
    assertTrue(e.getMessage().contains("'chi2_hs'"), e.getMessage());
    assertTrue(e.getMessage().contains("O, mh, logL, mHp"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> TARGET.logLikelihood(new double[0][], List.of()));
    assertThrows(IllegalArgumentException.class, () -> TARGET.passes(new double[0][], List.of("O")));
    // no constraints: every row scores 0 and passes, whatever the columns
    assertArrayEquals(new double[] {0, 0}, Target.none().logLikelihood(new double[2][0], List.of()));
    assertArrayEquals(new boolean[] {true, true}, Target.none().passes(new double[2][0], List.of()));
  }

  // ---- evaluations ------------------------------------------------------------------------

  @Test
  void evaluationsAreJudgedBitForBitAsBefore() {
    SplittableRandom rng = new SplittableRandom(9);
    int nanLogL = 0;
    int in = 0;
    for (int i = 0; i < 50_000; i++) {
      Map<String, Double> obs = new LinkedHashMap<>();
      for (String name : COLUMNS) {
        if (rng.nextInt(10) > 0) { // now and then an observable is missing
          obs.put(name, draw(rng));
        }
      }
      Evaluation e = Evaluation.ok(POINT, obs);
      Evaluation expected = formerApply(TARGET, e);
      Evaluation judged = TARGET.apply(e);
      assertEquals(Double.doubleToRawLongBits(expected.loglike()), Double.doubleToRawLongBits(judged.loglike()), obs.toString());
      assertEquals(expected.inTarget(), judged.inTarget(), obs.toString());
      nanLogL += Double.isNaN(judged.loglike()) ? 1 : 0;
      in += judged.inTarget() ? 1 : 0;
    }
    assertTrue(nanLogL > 0 && in > 0, "NaN " + nanLogL + ", in " + in);
    Evaluation failed = Evaluation.failed(POINT, "crash");
    assertEquals(formerApply(TARGET, failed).loglike(), TARGET.apply(failed).loglike(), 0);
  }
}
