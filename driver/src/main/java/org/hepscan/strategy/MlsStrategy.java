package org.hepscan.strategy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.hepscan.config.Options;
import org.hepscan.oracle.Status;
import org.hepscan.space.ParameterSpace;
import org.hepscan.strategy.api.History;
import org.hepscan.strategy.api.NamedProvider;
import org.hepscan.strategy.api.Proposal;
import org.hepscan.strategy.api.ScanContext;
import org.hepscan.strategy.api.Strategy;
import org.hepscan.strategy.api.StrategyConfig;
import org.hepscan.strategy.model.ModelBank;
import org.hepscan.strategy.model.TrainingRows;
import org.hepscan.strategy.proposal.CandidatePool;
import org.hepscan.strategy.proposal.Selection;
import org.hepscan.strategy.proposal.SelectionRules;
import org.hepscan.surrogate.SurrogateCatalog;
import org.hepscan.surrogate.SurrogateSpec;
import org.hepscan.surrogate.Task;
import org.hepscan.target.Target;

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
 *   inside: sparse          # sparse | uniform: of the candidates rejection sampling keeps, those sent
 *   inside_weights: {neighbours: 30, power: 2, cap: 0.98}
 *                           # are drawn by the volume the in-target points found leave around them
 *                           # (default since issue 16), or uniformly (papers/001); SelectionRules
 *   validity: true          # or a model section: a classifier of OK vs INVALID/FAILED/TIMEOUT
 *                           # whose unlikely-valid candidates are dropped first
 *   model: {hidden: [100, 100, 100, 100], activation: relu, epochs: 1000, learning_rate: 0.001}
 * </pre>
 * The options every learned strategy shares are in {@link LearnedOptions}.
 *
 * <p>The shape every learned method follows: a typed {@link Config} read once, a {@link ModelBank}
 * holding the models, proposal pieces ({@link CandidatePool}, {@link SelectionRules}), and the
 * {@link Strategy} calls delegating to them.
 */
public final class MlsStrategy implements LearnedStrategy {
  static final String REGRESSOR = "regressor";
  static final String VALIDITY = "validity";

  /** The {@code strategy:} section, checked. {@code validity} is null when no validity classifier is asked for. */
  public record Config(LearnedOptions common, int maxPools, SelectionRules.Inside inside, SurrogateSpec regressor,
                       SurrogateSpec validity)
      implements StrategyConfig {
    public static Config parse(Options o, ParameterSpace space) {
      LearnedOptions common = LearnedOptions.parse(o, space, List.of("max_pools", "validity", "inside", "inside_weights"),
          100, 100, 100_000);
      SelectionRules.Inside inside = SelectionRules.Inside.parse(o);
      int maxPools = (int) o.integer("max_pools", 10, 1, 1000);
      SurrogateSpec regressor = common.model(o, "model", Task.REGRESSION);
      SurrogateSpec validity = null;
      if (o.raw("validity") instanceof java.util.Map<?, ?>) {
        validity = common.model(o, "validity", Task.CLASSIFICATION);
      } else if (o.bool("validity", false)) {
        validity = SurrogateCatalog.parse(Options.empty(o.pathOf("validity")), Task.CLASSIFICATION, common.training());
      }
      return new Config(common, maxPools, inside, regressor, validity);
    }

    @Override
    public String name() {
      return "mls";
    }

    @Override
    public Strategy newStrategy() {
      return new MlsStrategy(this);
    }
  }

  public static final class Provider extends NamedProvider {
    public Provider() {
      super("mls", Config::parse);
    }
  }

  private final Config config;
  private final LearnedOptions common;
  private final ModelBank bank;
  private List<String> observables = List.of();
  private Target target;

  public MlsStrategy(Config config) {
    this.config = config;
    this.common = config.common();
    this.bank = common.bank();
    bank.declare(REGRESSOR, config.regressor());
    if (config.validity() != null) {
      bank.declare(VALIDITY, config.validity());
    }
  }

  @Override
  public LearnedOptions common() {
    return common;
  }

  @Override
  public ModelBank bank() {
    return bank;
  }

  @Override
  public String name() {
    return "mls";
  }

  @Override
  public void start(ScanContext context) {
    bank.start(context);
    target = context.target();
    observables = List.copyOf(target.observables());
    bank.outputs(REGRESSOR, observables);
    if (config.validity() != null) {
      bank.outputs(VALIDITY, List.of("valid"));
    }
  }

  @Override
  public void learn(History history, SplittableRandom rng) {
    bank.at(history.iterations());
    var data = TrainingRows.observables(history.space(), history.all(), observables);
    if (data != null) {
      bank.fit(REGRESSOR, data, TrainingRows.inTargetOf(history.all(), observables), rng, false, 0);
    }
    if (config.validity() != null) {
      boolean anyBad = history.all().stream().anyMatch(e -> e.status() != Status.OK);
      var validity = anyBad ? TrainingRows.labelled(history.space(), history.all(), e -> e.status() == Status.OK) : null;
      if (validity != null) {
        // the rare class here is the invalid one: a row budget keeps those first
        boolean[] invalid = new boolean[validity.size()];
        for (int i = 0; i < invalid.length; i++) {
          invalid[i] = validity.y()[i][0] < 0.5;
        }
        bank.fit(VALIDITY, validity, invalid, rng, false, 0);
      }
    }
  }

  @Override
  public List<Proposal> propose(History history, int iteration, int k, SplittableRandom rng) {
    bank.forget(iteration);
    bank.at(iteration);
    if (!bank.has(REGRESSOR)) {
      return RandomStrategy.uniform(k, common.dimension(), rng);
    }
    int random = common.randomShare(k);
    int wanted = k - random;
    List<double[]> chosen = new ArrayList<>(k);
    double[][] lastPool = null;
    double[] lastLogL = null;
    boolean[] lastTaken = null;
    double[][] found = null;
    for (int round = 0; round < config.maxPools() && chosen.size() < wanted; round++) {
      double[][] pool = plausible(common.pool().draw(history, rng));
      double[] logL = target.on(observables).logLikelihood(bank.score(REGRESSOR, pool).mean());
      double[] weight = new double[logL.length];
      for (int i = 0; i < weight.length; i++) {
        weight[i] = Math.exp(logL[i]);
      }
      int[] kept = Selection.rejection(weight, rng);
      if (config.inside().sparse() && kept.length > wanted - chosen.size()) {
        // of the candidates rejection sampling kept, those where the in-target sample is thin
        if (found == null) {
          found = DnnrStrategy.found(history);
        }
        kept = config.inside().draw(kept, wanted - chosen.size(), rng, pool, found);
      }
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
    out.addAll(RandomStrategy.uniform(k - out.size(), common.dimension(), rng));
    double[][] units = out.stream().map(Proposal::unit).toArray(double[][]::new);
    bank.expectObservables(bank.score(REGRESSOR, units), observables);
    return out;
  }

  /** The pool without the candidates the validity classifier thinks will fail (all of it when none survive). */
  private double[][] plausible(double[][] pool) {
    if (!bank.has(VALIDITY)) {
      return pool;
    }
    double[] p = bank.score(VALIDITY, pool).column(0);
    double[][] kept = Arrays.stream(Selection.where(p, 0.5, true)).mapToObj(i -> pool[i]).toArray(double[][]::new);
    return kept.length == 0 ? pool : kept;
  }
}
