package org.hepscan.strategy;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.hepscan.config.Options;
import org.hepscan.space.ParameterSpace;
import org.hepscan.strategy.api.History;
import org.hepscan.strategy.api.NamedProvider;
import org.hepscan.strategy.api.Proposal;
import org.hepscan.strategy.api.Strategy;
import org.hepscan.strategy.api.StrategyConfig;
import org.hepscan.strategy.proposal.Candidates;

/**
 * Uniform sampling of the unit cube (uniform in each parameter's scale): the baseline
 * every other strategy is measured against.
 *
 * <pre>strategy: {name: random, batch: 1000, initial: 1000}</pre>
 */
public final class RandomStrategy implements Strategy {
  private final int dimension;
  private final int batch;
  private final int initial;

  /** The {@code strategy:} section, checked: points per iteration after the first, and in the first. */
  public record Config(int dimension, int batch, int initial) implements StrategyConfig {
    public static Config parse(Options o, ParameterSpace space) {
      o.allowOnly("name", "batch", "initial");
      int batch = (int) o.integer("batch", 1000, 1, Integer.MAX_VALUE);
      return new Config(space.dimension(), batch, (int) o.integer("initial", batch, 1, Integer.MAX_VALUE));
    }

    @Override
    public String name() {
      return "random";
    }

    @Override
    public Strategy newStrategy() {
      return new RandomStrategy(this);
    }
  }

  public static final class Provider extends NamedProvider {
    public Provider() {
      super("random", Config::parse);
    }
  }

  public RandomStrategy(Config c) {
    this.dimension = c.dimension();
    this.batch = c.batch();
    this.initial = c.initial();
  }

  @Override
  public String name() {
    return "random";
  }

  /** Nothing is learned, so proposing ahead costs nothing: the points are the same either way. */
  @Override
  public int staleness() {
    return 1;
  }

  @Override
  public int batchSize(int iteration) {
    return iteration == 1 ? initial : batch;
  }

  @Override
  public List<Proposal> propose(History history, int iteration, int k, SplittableRandom rng) {
    return uniform(k, dimension, rng);
  }

  /** {@code k} uniform points of the unit cube; shared by every strategy that mixes in random points. */
  public static List<Proposal> uniform(int k, int dimension, SplittableRandom rng) {
    List<Proposal> out = new ArrayList<>(k);
    for (double[] u : Candidates.uniform(k, dimension, rng)) {
      out.add(new Proposal(u, "random"));
    }
    return out;
  }
}
