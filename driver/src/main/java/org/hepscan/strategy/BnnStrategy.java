package org.hepscan.strategy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.hepscan.config.ConfigException;
import org.hepscan.config.Options;
import org.hepscan.space.ParameterSpace;
import org.hepscan.strategy.api.History;
import org.hepscan.strategy.api.NamedProvider;
import org.hepscan.strategy.api.PerIteration;
import org.hepscan.strategy.api.Proposal;
import org.hepscan.strategy.api.Strategy;
import org.hepscan.strategy.api.StrategyConfig;
import org.hepscan.strategy.model.ModelBank;
import org.hepscan.strategy.proposal.ScoredPool;
import org.hepscan.strategy.proposal.SelectionRules;
import org.hepscan.surrogate.MlpSpec;
import org.hepscan.surrogate.Prediction;
import org.hepscan.surrogate.SurrogateCatalog;
import org.hepscan.surrogate.SurrogateSpec;
import org.hepscan.surrogate.Task;

/**
 * A classifier loop whose selection reads a model's uncertainty (papers/003): by default a
 * Bayesian network of in-target. A candidate counts as predicted in target when its mean
 * probability plus {@code sigmas} standard deviations reaches the threshold: the
 * high-recall cut papers/003 suggests before an expensive code, which then throws out the
 * false positives, while no in-target region the model is unsure of is passed over. Of the
 * learned part of a batch, {@code explore} goes to the candidates the model is least sure
 * of (largest std), the rest is drawn among the predicted-in ones ({@code inside: sparse} by
 * default: where the in-target points found are thin).
 *
 * <pre>
 * strategy:
 *   name: bnn
 *   initial: 1000
 *   batch: 500
 *   candidates: 50000
 *   random_fraction: 0.1
 *   sigmas: 3                   # k of the mean + k std cut
 *   threshold: 0.5
 *   explore: 0.2                # of the learned part: the most uncertain candidates
 *   inside: sparse              # sparse | uniform (SelectionRules.Inside)
 *   warm_start: false
 *   model: {type: bnn}          # any model with a std: an ensemble (mlp, ensemble: N), a forest
 * </pre>
 */
public final class BnnStrategy implements ClassifierStrategy {

  public record Config(LearnedOptions common, double sigmas, double threshold, double explore,
                       SelectionRules.Inside inside, boolean warmStart, SurrogateSpec classifier)
      implements StrategyConfig {
    public static Config parse(Options o, ParameterSpace space) {
      LearnedOptions common = LearnedOptions.parse(o, space, List.of("sigmas", "threshold", "explore", "inside",
          "inside_weights", "warm_start"), 1000, 500, 50_000);
      double sigmas = o.number("sigmas", 3, 0, 100);
      double threshold = o.number("threshold", 0.5, 0, 1);
      double explore = o.number("explore", 0.2, 0, 1);
      SelectionRules.Inside inside = SelectionRules.Inside.parse(o);
      boolean warm = o.bool("warm_start", false);
      Options section = o.has("model") ? o.section("model") : Options.empty(o.pathOf("model"));
      SurrogateSpec model = SurrogateCatalog.parse(section.withDefaults(Map.of("type", "bnn")), Task.CLASSIFICATION,
          common.training());
      if (model instanceof MlpSpec m && m.ensemble() < 2) {
        throw new ConfigException(o.pathOf("model"), "the bnn strategy reads the model's std: use type bnn (the"
            + " default), an ensemble (ensemble: 5) or a forest; a single network has none");
      }
      return new Config(common, sigmas, threshold, explore, inside, warm, model);
    }

    @Override
    public String name() {
      return "bnn";
    }

    @Override
    public Strategy newStrategy() {
      return new BnnStrategy(this);
    }
  }

  public static final class Provider extends NamedProvider {
    public Provider() {
      super("bnn", Config::parse);
    }
  }

  private final Config config;
  private final LearnedOptions common;
  private final ModelBank bank;
  private final PerIteration<double[]> shares = new PerIteration<>();

  public BnnStrategy(Config config) {
    this.config = config;
    this.common = config.common();
    this.bank = common.bank().declare(CLASSIFIER, config.classifier());
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
    return "bnn";
  }

  @Override
  public boolean warmStart() {
    return config.warmStart();
  }

  @Override
  public List<Proposal> propose(History history, int iteration, int k, SplittableRandom rng) {
    bank.forget(iteration);
    bank.at(iteration);
    if (!bank.has(CLASSIFIER)) {
      return RandomStrategy.uniform(k, common.dimension(), rng);
    }
    int learned = k - common.randomShare(k);
    int explore = (int) Math.round(config.explore() * learned);
    double[][] pool = common.pool().draw(history, rng);
    Prediction p = bank.score(CLASSIFIER, pool);
    if (!p.hasStd()) {
      throw new IllegalStateException("the bnn strategy needs a model with a std; the classifier gives none");
    }
    double[] mean = p.column(0);
    double[] std = p.std(0);
    double[] upper = new double[pool.length];
    int passing = 0;
    for (int i = 0; i < upper.length; i++) {
      upper[i] = mean[i] + config.sigmas() * std[i];
      passing += upper[i] >= config.threshold() ? 1 : 0;
    }
    double[][] found = config.inside().sparse()
        ? history.inTargetUnits() : null;
    ScoredPool scored = new ScoredPool(pool, upper, std, new boolean[pool.length], found);
    int[] unsure = SelectionRules.topStd().select(scored, explore, rng);
    scored.take(unsure);
    int[] in = SelectionRules.inside(config.inside().rule(), config.threshold(), config.inside().weights())
        .select(scored, learned - unsure.length, rng);
    List<Proposal> out = new ArrayList<>(k);
    out.addAll(Proposal.all(pool, in, "proposed"));
    out.addAll(Proposal.all(pool, unsure, "uncertain"));
    out.addAll(RandomStrategy.uniform(k - out.size(), common.dimension(), rng));
    bank.expectInTarget(bank.score(CLASSIFIER, out.stream().map(Proposal::unit).toArray(double[][]::new)));
    shares.put(iteration, new double[] {(double) passing / pool.length});
    return out;
  }

  @Override
  public Map<String, Double> metrics(int iteration) {
    double[] s = shares.take(iteration);
    Map<String, Double> m = new LinkedHashMap<>();
    if (s != null) {
      m.put("pool_passing_share", s[0]);
    }
    return m;
  }
}
