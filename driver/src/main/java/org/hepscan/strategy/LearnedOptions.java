package org.hepscan.strategy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.hepscan.config.ConfigException;
import org.hepscan.config.Options;
import org.hepscan.space.ParameterSpace;
import org.hepscan.strategy.model.ModelBank;
import org.hepscan.strategy.proposal.CandidatePool;
import org.hepscan.surrogate.MlpSpec;
import org.hepscan.surrogate.SurrogateCatalog;
import org.hepscan.surrogate.SurrogateSpec;
import org.hepscan.surrogate.Task;
import org.hepscan.training.TrainingSpec;

/**
 * The options every active-learning strategy (mls, dnnr, dnnc) shares, checked once when the
 * spec is read; the papers' values as defaults:
 * <pre>
 *   initial: 100                   # uniform points before the first model
 *   batch: 100                     # K, oracle calls per iteration
 *   candidates: 100000             # L, surrogate predictions per iteration
 *   random_fraction: 0.1           # share of K drawn uniformly, to keep exploring
 *   score_on_executors_above: 200000   # pools larger than this are scored on the executors
 *   staleness: 1                   # 1: pipelined rounds, batch k+1 is chosen while batch k is
 *                                  # evaluated, by the model trained through k-1, so executors
 *                                  # never wait for training; 0: train on every batch first
 *   model: {type: mlp, hidden: [100, 100, 100, 100], epochs: 1000, ...}
 *   jumps: {fraction: 0.5, best: 100, sigma: [0.1, 0.333]}   # see CandidatePool
 *   training: {device: auto, gpus_per_task: 1, ...}
 *                                  # where the networks train: cpu, gpu or auto (GPU executors
 *                                  # when the cluster has them); see TrainingSpec
 * </pre>
 */
public record LearnedOptions(ParameterSpace space, int initial, int batch, double randomFraction, int scoreOnExecutorsAbove,
                             int staleness, CandidatePool pool, TrainingSpec training) {
  static final List<String> KEYS = List.of("name", "initial", "batch", "candidates", "random_fraction",
      "score_on_executors_above", "model", "jumps", "training", "staleness");

  /**
   * Reads the shared options of section {@code o}, which may also hold {@code ownKeys} (the
   * strategy's own, read by it); any other key is an error.
   */
  public static LearnedOptions parse(Options o, ParameterSpace space, List<String> ownKeys, int defaultInitial, int defaultBatch,
                              int defaultCandidates) {
    return parse(o, space, ownKeys, defaultInitial, defaultBatch, defaultCandidates, 0.1);
  }

  /** As above, for a strategy whose batches are by default {@code defaultRandomFraction} random. */
  public static LearnedOptions parse(Options o, ParameterSpace space, List<String> ownKeys, int defaultInitial, int defaultBatch,
                              int defaultCandidates, double defaultRandomFraction) {
    List<String> allowed = new ArrayList<>(KEYS);
    allowed.addAll(ownKeys);
    o.allowOnly(allowed);
    int batch = (int) o.integer("batch", defaultBatch, 1, Integer.MAX_VALUE);
    int initial = (int) o.integer("initial", defaultInitial, 1, Integer.MAX_VALUE);
    double randomFraction = o.number("random_fraction", defaultRandomFraction, 0, 1);
    int scoreAbove = (int) o.integer("score_on_executors_above", 200_000, 0, Integer.MAX_VALUE);
    TrainingSpec training = TrainingSpec.parse(o.has("training") ? o.section("training") : Options.empty(o.pathOf("training")));
    CandidatePool pool = CandidatePool.parse(o, space.dimension(), defaultCandidates);
    int staleness = staleness(o);
    if (pool.size() < batch) {
      throw new ConfigException(o.pathOf("candidates"), "the pool of " + pool.size()
          + " candidates must be at least the batch of " + batch + " it is chosen from");
    }
    return new LearnedOptions(space, initial, batch, randomFraction, scoreAbove, staleness, pool, training);
  }

  private static int staleness(Options o) {
    if (!o.has("staleness")) {
      return 1;
    }
    long v = o.integer("staleness");
    if (v != 0 && v != 1) {
      // one training runs at a time: a model two rounds old would buy no more overlap
      throw new ConfigException(o.pathOf("staleness"), "expected 0 (train on every batch before choosing the next) or 1"
          + " (pipelined: batch k+1 is chosen while batch k is evaluated, by the model trained through k-1); got " + v);
    }
    return (int) v;
  }

  /** The spec of the model section at {@code key} of {@code o} (absent: the defaults) for {@code task}, trained as {@code training:} says. */
  public SurrogateSpec model(Options o, String key, Task task) {
    return model(o, key, task, training, Map.of());
  }

  /** The model section at {@code key} of {@code o}, {@code mlpDefaults} under it when it is an mlp, parsed for {@code task}. */
  static SurrogateSpec model(Options o, String key, Task task, TrainingSpec training, Map<String, Object> mlpDefaults) {
    Options section = o.has(key) ? o.section(key) : Options.empty(o.pathOf(key));
    if (!mlpDefaults.isEmpty() && section.string("type", MlpSpec.TYPE).equals(MlpSpec.TYPE)) {
      section = section.withDefaults(mlpDefaults);
    }
    return SurrogateCatalog.parse(section, task, training);
  }

  public int dimension() {
    return space.dimension();
  }

  /** A model bank for this strategy's models, scoring pools as {@code score_on_executors_above} says. */
  public ModelBank bank() {
    return new ModelBank(space, scoreOnExecutorsAbove);
  }

  /** Points iteration {@code iteration} asks for: {@code initial} in the first, {@code batch} after. */
  public int batchSize(int iteration) {
    return iteration == 1 ? initial : batch;
  }

  /** The number of uniformly random points in a batch of {@code k}. */
  public int randomShare(int k) {
    return (int) Math.round(randomFraction * k);
  }
}
