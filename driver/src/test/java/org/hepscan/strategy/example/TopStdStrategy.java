package org.hepscan.strategy.example;

import java.util.List;
import java.util.SplittableRandom;
import org.hepscan.config.Options;
import org.hepscan.space.ParameterSpace;
import org.hepscan.strategy.LearnedOptions;
import org.hepscan.strategy.LearnedStrategy;
import org.hepscan.strategy.RandomStrategy;
import org.hepscan.strategy.api.History;
import org.hepscan.strategy.api.NamedProvider;
import org.hepscan.strategy.api.Proposal;
import org.hepscan.strategy.api.ScanContext;
import org.hepscan.strategy.api.Strategy;
import org.hepscan.strategy.api.StrategyConfig;
import org.hepscan.strategy.model.ModelBank;
import org.hepscan.strategy.model.TrainingRows;
import org.hepscan.strategy.proposal.ScoredPool;
import org.hepscan.strategy.proposal.SelectionRules;
import org.hepscan.surrogate.Prediction;
import org.hepscan.surrogate.SurrogateSpec;
import org.hepscan.surrogate.Task;
import org.hepscan.surrogate.TrainingSet;

/**
 * A new method in one class, to show the shape: query by committee in its plainest form. An
 * ensemble regressor learns the target's observables; of a uniform pool, the {@code batch}
 * candidates whose members disagree most are evaluated. Registered by one line in
 * {@code META-INF/services/org.hepscan.strategy.api.StrategyProvider} (test resources).
 *
 * <pre>strategy: {name: top-std, initial: 50, batch: 20, candidates: 2000, model: {ensemble: 3}}</pre>
 */
public final class TopStdStrategy implements LearnedStrategy {
  static final String COMMITTEE = "committee";

  public record Config(LearnedOptions common, SurrogateSpec committee) implements StrategyConfig {
    public static Config parse(Options o, ParameterSpace space) {
      LearnedOptions common = LearnedOptions.parse(o, space, List.of(), 50, 20, 2000);
      return new Config(common, common.model(o, "model", Task.REGRESSION));
    }

    @Override
    public String name() {
      return "top-std";
    }

    @Override
    public Strategy newStrategy() {
      return new TopStdStrategy(this);
    }
  }

  public static final class Provider extends NamedProvider {
    public Provider() {
      super("top-std", Config::parse);
    }
  }

  private final LearnedOptions common;
  private final ModelBank bank;
  private List<String> observables = List.of();

  TopStdStrategy(Config c) {
    this.common = c.common();
    this.bank = common.bank().declare(COMMITTEE, c.committee());
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
    return "top-std";
  }

  @Override
  public void start(ScanContext context) {
    bank.start(context);
    observables = List.copyOf(context.target().observables());
    bank.outputs(COMMITTEE, observables);
  }

  @Override
  public void learn(History history, SplittableRandom rng) {
    bank.at(history.iterations());
    TrainingSet data = TrainingRows.observables(history.space(), history.all(), observables);
    if (data != null) {
      bank.fit(COMMITTEE, data, rng, false, 0);
    }
  }

  @Override
  public List<Proposal> propose(History history, int iteration, int k, SplittableRandom rng) {
    bank.forget(iteration);
    bank.at(iteration);
    if (!bank.has(COMMITTEE)) {
      return RandomStrategy.uniform(k, common.dimension(), rng);
    }
    double[][] pool = common.pool().draw(history, rng);
    Prediction p = bank.score(COMMITTEE, pool);
    int[] idx = SelectionRules.topStd().select(new ScoredPool(pool, p.column(0), p.std(0), new boolean[pool.length], null), k, rng);
    List<Proposal> out = Proposal.all(pool, idx, "top-std");
    bank.expectObservables(bank.score(COMMITTEE, out.stream().map(Proposal::unit).toArray(double[][]::new)), observables);
    return out;
  }
}
