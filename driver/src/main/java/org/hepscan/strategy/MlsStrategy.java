package org.hepscan.strategy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.hepscan.config.Options;
import org.hepscan.oracle.Status;
import org.hepscan.space.ParameterSpace;
import org.hepscan.strategy.api.History;
import org.hepscan.strategy.api.Proposal;
import org.hepscan.strategy.api.ScanContext;
import org.hepscan.strategy.api.StrategyConfig;
import org.hepscan.strategy.api.StrategyProvider;
import org.hepscan.surrogate.Task;

/**
 * MLS, the Machine Learning Scan of papers/001: one multi-output regressor learns every
 * constrained observable from all points evaluated so far; the reconstructed likelihood
 * L-hat = prod_i L_i(O-hat_i) of a uniform candidate pool is the target density of a
 * rejection sampler; a share of each batch is uniformly random, to keep exploring.
 *
 * <pre>
 * strategy:
 *   name: mls
 *   initial: 100            # papers/001: 100 (eggbox), 20 (2-D shell), 100 (7-D shell)
 *   batch: 100
 *   candidates: 100000
 *   random_fraction: 0.1
 *   max_pools: 10           # fresh pools drawn while rejection sampling keeps too few
 *   validity: true          # or a model section: a classifier of OK vs INVALID/FAILED/TIMEOUT
 *                           # whose unlikely-valid candidates are dropped first
 *   model: {hidden: [100, 100, 100, 100], activation: relu, epochs: 1000, learning_rate: 0.001}
 * </pre>
 */
public final class MlsStrategy extends LearningStrategy {
  static final String REGRESSOR = "regressor";
  static final String VALIDITY = "validity";

  private final int maxPools;
  private final boolean validity;
  private List<String> observables = List.of();

  public static final class Provider implements StrategyProvider {
    @Override
    public String name() {
      return "mls";
    }

    @Override
    public StrategyConfig parse(Options o, ParameterSpace space) {
      return LearningStrategy.config(name(), o, space, MlsStrategy::new);
    }
  }

  public MlsStrategy(Options o, ParameterSpace space) {
    super(o, space, List.of("max_pools", "validity"), 100, 100, 100_000);
    this.maxPools = (int) o.integer("max_pools", 10, 1, 1000);
    declare(REGRESSOR, modelOptions, Task.REGRESSION);
    Object v = o.raw("validity");
    if (v instanceof java.util.Map<?, ?>) {
      declare(VALIDITY, o.section("validity"), Task.CLASSIFICATION);
      validity = true;
    } else if (o.bool("validity", false)) {
      declare(VALIDITY, Options.empty(o.pathOf("validity")), Task.CLASSIFICATION);
      validity = true;
    } else {
      validity = false;
    }
  }

  @Override
  public String name() {
    return "mls";
  }

  @Override
  public void start(ScanContext context) {
    super.start(context);
    observables = constrained();
    outputs(REGRESSOR, observables);
    outputs(VALIDITY, List.of("valid"));
  }

  @Override
  protected void train(History history, SplittableRandom rng) {
    var data = observables(history.all(), observables);
    if (data != null) {
      fit(REGRESSOR, data, rng, false, 0);
    }
    if (validity) {
      boolean anyBad = history.all().stream().anyMatch(e -> e.status() != Status.OK);
      if (anyBad) {
        fit(VALIDITY, labelled(history.all(), e -> e.status() == Status.OK), rng, false, 0);
      }
    }
  }

  @Override
  protected List<Proposal> proposeLearned(History history, int k, SplittableRandom rng) {
    int random = randomShare(k);
    int wanted = k - random;
    List<double[]> chosen = new ArrayList<>(k);
    double[][] lastPool = null;
    double[] lastLogL = null;
    boolean[] lastTaken = null;
    for (int round = 0; round < maxPools && chosen.size() < wanted; round++) {
      double[][] pool = plausible(pool(history, rng));
      double[] logL = logLikelihood(score(REGRESSOR, pool).mean(), observables);
      double[] weight = new double[logL.length];
      for (int i = 0; i < weight.length; i++) {
        weight[i] = Math.exp(logL[i]);
      }
      int[] kept = Selection.rejection(weight, rng);
      boolean[] taken = new boolean[pool.length];
      for (int i = 0; i < kept.length && chosen.size() < wanted; i++) {
        chosen.add(pool[kept[i]]);
        taken[kept[i]] = true;
      }
      lastPool = pool;
      lastLogL = logL;
      lastTaken = taken;
    }
    if (chosen.size() < wanted && lastPool != null) {
      // rejection sampling kept too few (a target far smaller than the model's resolution):
      // the best remaining candidates of the last pool are the next best guess
      boolean[] takenInLast = lastTaken;
      int[] takenIdx = java.util.stream.IntStream.range(0, lastPool.length).filter(i -> takenInLast[i]).toArray();
      int[] filled = Selection.fillWithBest(takenIdx, lastLogL, takenIdx.length + wanted - chosen.size());
      for (int i = takenIdx.length; i < filled.length; i++) {
        chosen.add(lastPool[filled[i]]);
      }
    }
    List<Proposal> out = new ArrayList<>(k);
    for (double[] u : chosen) {
      out.add(new Proposal(u.clone(), "proposed"));
    }
    out.addAll(RandomStrategy.uniform(k - out.size(), dimension, rng));
    double[][] units = out.stream().map(Proposal::unit).toArray(double[][]::new);
    expectObservables(score(REGRESSOR, units).mean(), observables);
    return out;
  }

  /** The pool without the candidates the validity classifier thinks will fail (all of it when none survive). */
  private double[][] plausible(double[][] pool) {
    if (!validity || !has(VALIDITY)) {
      return pool;
    }
    double[] p = score(VALIDITY, pool).column(0);
    double[][] kept = Arrays.stream(Selection.where(p, 0.5, true)).mapToObj(i -> pool[i]).toArray(double[][]::new);
    return kept.length == 0 ? pool : kept;
  }
}
