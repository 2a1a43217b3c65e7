package org.hepscan.strategy;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.hepscan.config.Options;
import org.hepscan.space.ParameterSpace;
import org.hepscan.strategy.api.History;
import org.hepscan.strategy.api.Proposal;
import org.hepscan.strategy.api.Strategy;

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

  public RandomStrategy(Options o, ParameterSpace space) {
    o.allowOnly("name", "batch", "initial");
    this.dimension = space.dimension();
    this.batch = (int) o.integer("batch", 1000, 1, Integer.MAX_VALUE);
    this.initial = (int) o.integer("initial", batch, 1, Integer.MAX_VALUE);
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
    for (int i = 0; i < k; i++) {
      double[] u = new double[dimension];
      for (int d = 0; d < dimension; d++) {
        u[d] = rng.nextDouble();
      }
      out.add(new Proposal(u, "random"));
    }
    return out;
  }
}
