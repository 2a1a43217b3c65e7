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
import org.hepscan.strategy.proposal.Disagreement;
import org.hepscan.strategy.proposal.ScoredPool;
import org.hepscan.strategy.proposal.SelectionRules;
import org.hepscan.surrogate.MlpSpec;
import org.hepscan.surrogate.MlpSurrogate;
import org.hepscan.surrogate.Prediction;
import org.hepscan.surrogate.Surrogate;
import org.hepscan.surrogate.SurrogateCatalog;
import org.hepscan.surrogate.SurrogateSpec;
import org.hepscan.surrogate.Task;

/**
 * Active learning at the decision boundary (papers/002 sec. 3.1; Caron et al. 2019): a
 * classifier of the target, and of each iteration's batch half drawn uniformly and half the
 * candidates of a pool the classifier's committee disputes most. Its product is the
 * classifier of the allowed region, as good as one trained on many more random points,
 * with its quality per iteration measured on the batch's uniform half (an unbiased sample
 * of the space, which the disputed half is not).
 *
 * <ul>
 *   <li>{@code query: committee} (QBC): the committee is the model's members: a deep
 *       ensemble (the default model, 5 networks) or a Bayesian network's sampled networks
 *       ({@code model: {type: bnn}}); a forest's trees also work.
 *   <li>{@code query: dropout} (QBDC): one network trained with dropout, kept on at
 *       prediction: {@code passes} forward passes are the committee (the default model is
 *       then one network with dropout 0.2).
 * </ul>
 *
 * <pre>
 * strategy:
 *   name: boundary
 *   initial: 500
 *   batch: 250
 *   candidates: 20000           # the pool the disputed half is chosen from
 *   random_fraction: 0.5        # the uniform half (Caron et al.)
 *   query: committee            # committee | dropout
 *   disagreement: std           # std | vote-entropy (see Disagreement)
 *   passes: 20                  # dropout: forward passes per candidate
 *   threshold: 0.5              # the decision boundary: in target at probability >= threshold
 *   warm_start: false
 *   model: {ensemble: 5}        # committee; {dropout: 0.2} for dropout
 * </pre>
 */
public final class BoundaryStrategy implements ClassifierStrategy {
  static final List<String> QUERIES = List.of("committee", "dropout");

  public record Config(LearnedOptions common, String query, Disagreement disagreement, int passes, double threshold,
                       boolean warmStart, SurrogateSpec classifier) implements StrategyConfig {
    public static Config parse(Options o, ParameterSpace space) {
      LearnedOptions common = LearnedOptions.parse(o, space, List.of("query", "disagreement", "passes", "threshold",
          "warm_start"), 500, 250, 20_000, 0.5);
      String query = o.choice("query", "committee", QUERIES.toArray(String[]::new));
      Disagreement disagreement = Disagreement.of(o.choice("disagreement", "std",
          Disagreement.NAMES.toArray(String[]::new)));
      int passes = (int) o.integer("passes", 20, 2, 10_000);
      double threshold = o.number("threshold", 0.5, 0, 1);
      boolean warm = o.bool("warm_start", false);
      Options section = o.has("model") ? o.section("model") : Options.empty(o.pathOf("model"));
      SurrogateSpec model = SurrogateCatalog.parse(withDefaults(section, query), Task.CLASSIFICATION, common.training());
      check(o, query, model);
      return new Config(common, query, disagreement, passes, threshold, warm, model);
    }

    /** The model section with the query's committee (5 networks, or dropout 0.2) where an mlp section leaves it out. */
    private static Options withDefaults(Options section, String query) {
      boolean mlp = !section.has("type") || MlpSpec.TYPE.equals(section.string("type"));
      if (!mlp) {
        return section;
      }
      return section.withDefaults(query.equals("dropout") ? Map.of("dropout", 0.2) : Map.of("ensemble", 5));
    }

    private static void check(Options o, String query, SurrogateSpec model) {
      if (query.equals("dropout")) {
        if (!(model instanceof MlpSpec m) || m.dropout() <= 0 || m.ensemble() != 1 || m.batchNorm()) {
          throw new ConfigException(o.pathOf("model"), "query: dropout needs one mlp network with dropout > 0 and"
              + " without batch_norm (e.g. model: {dropout: 0.2}); got " + model.describe());
        }
      } else if (model instanceof MlpSpec m && m.ensemble() < 2) {
        throw new ConfigException(o.pathOf("model"), "query: committee needs a committee: model: {ensemble: 5}, a"
            + " Bayesian network (model: {type: bnn}) or a forest; a single network has no disagreement"
            + " (or use query: dropout)");
      }
    }

    @Override
    public String name() {
      return "boundary";
    }

    @Override
    public Strategy newStrategy() {
      return new BoundaryStrategy(this);
    }
  }

  public static final class Provider extends NamedProvider {
    public Provider() {
      super("boundary", Config::parse);
    }
  }

  private final Config config;
  private final LearnedOptions common;
  private final ModelBank bank;
  private final PerIteration<double[]> disputes = new PerIteration<>();

  public BoundaryStrategy(Config config) {
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
    return "boundary";
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
    // The uniform half first: the model's quality is measured on it alone (see the class comment).
    List<Proposal> out = new ArrayList<>(RandomStrategy.uniform(common.randomShare(k), common.dimension(), rng));
    double[][] uniform = out.stream().map(Proposal::unit).toArray(double[][]::new);
    if (uniform.length > 0) {
      bank.expectInTarget(bank.score(CLASSIFIER, uniform));
    }
    double[][] pool = common.pool().draw(history, rng);
    Prediction committee = committee(pool, rng);
    double[] dispute = config.disagreement().of(committee, config.threshold());
    int[] chosen = SelectionRules.highest().select(ScoredPool.of(pool, dispute), k - out.size(), rng);
    out.addAll(Proposal.all(pool, chosen, "disputed"));
    double pooled = 0;
    for (double d : dispute) {
      pooled += d / dispute.length;
    }
    double picked = 0;
    for (int i : chosen) {
      picked += dispute[i] / Math.max(1, chosen.length);
    }
    disputes.put(iteration, new double[] {pooled, picked});
    return out;
  }

  /** The committee's predictions for the pool: the model's members, or MC dropout's passes. */
  private Prediction committee(double[][] pool, SplittableRandom rng) {
    if (config.query().equals("dropout")) {
      Surrogate model = bank.model(CLASSIFIER);
      if (!(model instanceof MlpSurrogate net)) {
        throw new IllegalStateException("query: dropout needs an mlp network; the classifier is a " + model.type());
      }
      return net.predictDropout(pool, config.passes(), rng.nextLong());
    }
    return bank.score(CLASSIFIER, pool);
  }

  @Override
  public Map<String, Double> metrics(int iteration) {
    double[] d = disputes.take(iteration);
    Map<String, Double> m = new LinkedHashMap<>();
    if (d != null) {
      m.put("disagreement_pool", d[0]);
      m.put("disagreement_chosen", d[1]);
    }
    return m;
  }
}
