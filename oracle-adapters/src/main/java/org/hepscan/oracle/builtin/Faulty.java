package org.hepscan.oracle.builtin;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hepscan.config.ConfigException;
import org.hepscan.config.Options;
import org.hepscan.oracle.Evaluation;
import org.hepscan.oracle.Oracle;
import org.hepscan.oracle.OracleCatalog;
import org.hepscan.oracle.OracleFactory;
import org.hepscan.oracle.OracleProvider;
import org.hepscan.oracle.Point;
import org.hepscan.random.SplitMix64;
import org.hepscan.space.ParameterSpace;

/**
 * A test oracle that misbehaves on purpose, the way physics codes do: on a deterministic
 * share of points it throws, hangs, returns NaN, returns garbage or declares the point
 * unphysical; elsewhere it answers like its {@code base} oracle. Which point gets which
 * fate depends only on the point's values and {@code seed}, so retries and resumed scans
 * see the same behaviour.
 *
 * <pre>
 * oracle:
 *   builtin: faulty
 *   options: {base: shell, crash: 0.1, hang: 0.05, nan: 0.1, garbage: 0.1, invalid: 0.1, delay_seconds: 0}
 * </pre>
 */
public final class Faulty implements OracleProvider {
  /** The ways a point can go wrong, in the order of {@link #fate}. */
  public static final List<String> FATES = List.of("crash", "hang", "nan", "garbage", "invalid");

  @Override
  public String name() {
    return "faulty";
  }

  @Override
  public String description() {
    return "a base oracle that crashes, hangs, returns NaN or garbage, or says INVALID on a deterministic share of points";
  }

  @Override
  public OracleFactory configure(Options options, ParameterSpace space) {
    options.allowOnly("base", "crash", "hang", "nan", "garbage", "invalid", "delay_seconds", "seed");
    String base = options.string("base", "shell");
    if (base.equals(name())) {
      throw new ConfigException(options.pathOf("base"), "faulty cannot wrap itself; choose a benchmark oracle such as shell");
    }
    OracleFactory baseFactory;
    try {
      baseFactory = OracleCatalog.configure(base, Options.empty(options.pathOf("base")), space);
    } catch (ConfigException e) {
      throw new ConfigException(options.pathOf("base"), e.problem());
    }
    if (!(baseFactory instanceof AnalyticFactory analytic)) {
      throw new ConfigException(options.pathOf("base"), "faulty wraps a built-in benchmark oracle; '" + base + "' is not one");
    }
    double[] shares = new double[FATES.size()];
    double total = 0;
    for (int i = 0; i < FATES.size(); i++) {
      shares[i] = options.number(FATES.get(i), 0, 0, 1);
      total += shares[i];
    }
    if (total > 1 + 1e-12) {
      throw new ConfigException(options.path(), "the shares of crash, hang, nan, garbage and invalid add up to " + total + "; they must not exceed 1");
    }
    double delay = options.number("delay_seconds", 0, 0, 3600);
    long seed = options.integer("seed", 0);
    return new Factory(analytic, shares, delay, seed);
  }

  /**
   * Which fate a point meets: an index into {@link #FATES} (crash, hang, nan, garbage,
   * invalid), or -1 for a normal answer. Public so that tests can predict every row.
   */
  public static int fate(double[] values, long seed, double[] shares) {
    double u = unitHash(values, seed, 0);
    double edge = 0;
    for (int i = 0; i < shares.length; i++) {
      edge += shares[i];
      if (u < edge) {
        return i;
      }
    }
    return -1;
  }

  static double unitHash(double[] values, long seed, int salt) {
    long h = SplitMix64.GAMMA * (seed + 1) + salt;
    for (double v : values) {
      h = SplitMix64.mix(h ^ Double.doubleToLongBits(v));
    }
    return SplitMix64.unit(SplitMix64.mix(h));
  }

  static final class Factory implements OracleFactory {
    private static final long serialVersionUID = 1L;
    private final AnalyticFactory base;
    private final double[] shares;
    private final double delaySeconds;
    private final long seed;

    Factory(AnalyticFactory base, double[] shares, double delaySeconds, long seed) {
      this.base = base;
      this.shares = shares.clone();
      this.delaySeconds = delaySeconds;
      this.seed = seed;
    }

    @Override
    public String name() {
      return "faulty";
    }

    @Override
    public List<String> observables() {
      return base.observables();
    }

    @Override
    public Oracle create() {
      return this::evaluate;
    }

    private Evaluation evaluate(Point point, org.hepscan.oracle.OracleContext context) throws InterruptedException {
      if (delaySeconds > 0) {
        Thread.sleep((long) (delaySeconds * 1000));
      }
      double[] x = point.values();
      int fate = fate(x, seed, shares);
      Map<String, Double> answer = base.compute(x);
      switch (fate) {
        case 0:
          throw new IllegalStateException("faulty oracle: simulated crash at point " + point.id());
        case 1:
          Thread.sleep(Long.MAX_VALUE); // until the runner's timeout interrupts it
          throw new IllegalStateException("unreachable");
        case 2:
          answer.replaceAll((k, v) -> Double.NaN);
          return Evaluation.ok(point, answer);
        case 3:
          // two kinds of garbage: an infinite value, or the wrong observables altogether
          if (unitHash(x, seed, 1) < 0.5) {
            answer.replaceAll((k, v) -> Double.POSITIVE_INFINITY);
            return Evaluation.ok(point, answer);
          }
          Map<String, Double> junk = new LinkedHashMap<>();
          junk.put("junk", 42.0);
          return Evaluation.ok(point, junk);
        case 4:
          return Evaluation.invalid(point, "faulty oracle: simulated unphysical point");
        default:
          return Evaluation.ok(point, answer);
      }
    }
  }
}
