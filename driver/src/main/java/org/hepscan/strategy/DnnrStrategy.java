package org.hepscan.strategy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.hepscan.config.ConfigException;
import org.hepscan.config.Options;
import org.hepscan.oracle.Evaluation;
import org.hepscan.space.ParameterSpace;
import org.hepscan.strategy.api.History;
import org.hepscan.strategy.api.NamedProvider;
import org.hepscan.strategy.api.Proposal;
import org.hepscan.strategy.api.ScanContext;
import org.hepscan.strategy.api.Strategy;
import org.hepscan.strategy.api.StrategyConfig;
import org.hepscan.strategy.model.ModelBank;
import org.hepscan.strategy.model.TrainingRows;
import org.hepscan.strategy.proposal.Selection;
import org.hepscan.strategy.proposal.SelectionRules;
import org.hepscan.surrogate.SurrogateSpec;
import org.hepscan.surrogate.Task;
import org.hepscan.surrogate.TrainingSet;
import org.hepscan.target.Target;

/**
 * DNNR, the regressor loop of MLscanner (papers/004 sec. 2.1, 3.1): a network learns the
 * constrained observables (or the log-likelihood itself); of a pool of L candidates, K are
 * sent to the oracle: 90 % drawn from those predicted above the likelihood threshold
 * (uniformly in the paper; by default here weighted to where the in-target sample is thin,
 * {@code inside: sparse}), 10 % uniformly random. Drawing uniformly among the predicted-inside points,
 * rather than the best ones, is what spreads the sample evenly over disconnected regions.
 *
 * <p>Every {@code full_every} iterations the network is trained afresh on all points; in
 * between it continues from its weights on the points new since the last full training,
 * replayed with four times as many older points drawn at random, so that it does not forget
 * the regions it is no longer sampling.
 *
 * <pre>
 * strategy:
 *   name: dnnr
 *   initial: 1000
 *   batch: 500              # K
 *   candidates: 50000       # L
 *   random_fraction: 0.1
 *   learn: observables      # or loglike
 *   threshold: 0.9          # likelihood a candidate must be predicted above; default: the
 *                           # target's own rule applied to the predicted observables
 *   full_every: 2
 *   inside: sparse          # sparse | uniform: which predicted-inside candidates go to the oracle: drawn
 *   inside_weights: {neighbours: 30, power: 2, cap: 0.98}
 *                           # by the volume the in-target points found leave around them (default since
 *                           # issue 16), or uniformly (papers/004); see SelectionRules.DEFAULT_INSIDE
 *   model: {loss: mae}      # papers/004 sec. 3.1 uses MAE; hidden 4 x 100 ReLU, 1000 epochs. {ensemble: 5}
 *                           # puts more of the chosen points in target but covers less of the region's
 *                           # far parts on B6: one network stays the default (bench dnnr-ensemble.md)
 * </pre>
 * The options every learned strategy shares are in {@link LearnedOptions}.
 */
public final class DnnrStrategy implements LearnedStrategy {
  static final String REGRESSOR = "regressor";
  /**
   * Older rows replayed per new row in a partial training. With one (the new rows and as
   * many old ones) the 2-D shell bench alternated 95 % / 80 % between full and partial
   * iterations: the network forgot the ring; with four the partial iterations hold up.
   */
  static final int REPLAY = 4;

  /** The {@code strategy:} section, checked; {@code threshold} is NaN when the target's own rule decides. */
  public record Config(LearnedOptions common, boolean learnLogL, double threshold, int fullEvery, SelectionRules.Inside inside,
                       SurrogateSpec regressor)
      implements StrategyConfig {
    public static Config parse(Options o, ParameterSpace space) {
      LearnedOptions common = LearnedOptions.parse(o, space, List.of("learn", "threshold", "full_every", "inside", "inside_weights"),
          1000, 500, 50_000);
      SelectionRules.Inside inside = SelectionRules.Inside.parse(o);
      boolean learnLogL = o.choice("learn", "observables", "observables", "loglike").equals("loglike");
      double threshold = o.has("threshold") ? likelihood(o, "threshold") : Double.NaN;
      int fullEvery = (int) o.integer("full_every", 2, 1, Integer.MAX_VALUE);
      return new Config(common, learnLogL, threshold, fullEvery, inside, common.model(o, "model", Task.REGRESSION));
    }

    @Override
    public String name() {
      return "dnnr";
    }

    @Override
    public Strategy newStrategy() {
      return new DnnrStrategy(this);
    }
  }

  public static final class Provider extends NamedProvider {
    public Provider() {
      super("dnnr", Config::parse);
    }
  }

  private final Config config;
  private final LearnedOptions common;
  private final ModelBank bank;
  private Target target;
  private List<String> outputs = List.of();
  private int lastFull;

  public DnnrStrategy(Config config) {
    this.config = config;
    this.common = config.common();
    this.bank = common.bank().declare(REGRESSOR, config.regressor());
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
    return "dnnr";
  }

  @Override
  public void start(ScanContext context) {
    bank.start(context);
    target = context.target();
    outputs = config.learnLogL() ? List.of(TrainingRows.LOGLIKE) : List.copyOf(target.observables());
    bank.outputs(REGRESSOR, outputs);
  }

  @Override
  public void learn(History history, SplittableRandom rng) {
    int k = history.iterations();
    bank.at(k);
    boolean full = !bank.has(REGRESSOR) || lastFull == 0 || k - lastFull >= config.fullEvery();
    List<Evaluation> rows;
    if (full) {
      rows = history.all();
    } else {
      rows = new ArrayList<>();
      List<Evaluation> older = new ArrayList<>(history.start()); // start rows are older than any iteration
      for (int i = 1; i <= k; i++) {
        (i > lastFull ? rows : older).addAll(history.iteration(i));
      }
      int replay = Math.min(REPLAY * rows.size(), older.size());
      for (int i : Selection.sample(java.util.stream.IntStream.range(0, older.size()).toArray(), replay, rng)) {
        rows.add(older.get(i));
      }
    }
    TrainingSet data = TrainingRows.observables(history.space(), rows, outputs);
    if (data == null) {
      return;
    }
    bank.fit(REGRESSOR, data, TrainingRows.inTargetOf(rows, outputs), rng, !full, 0);
    if (full) {
      lastFull = k;
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
    double[][] pool = common.pool().draw(history, rng);
    double[][] predicted = bank.score(REGRESSOR, pool).mean();
    double threshold = config.threshold();
    double[] logL;
    boolean[] inside;
    if (config.learnLogL()) {
      logL = new double[pool.length];
      for (int i = 0; i < logL.length; i++) {
        logL[i] = predicted[i][0];
      }
      double cut = Double.isNaN(threshold) ? lowestInTarget(history) : Math.log(threshold);
      inside = new boolean[pool.length];
      for (int i = 0; i < logL.length; i++) {
        inside[i] = logL[i] >= cut;
      }
    } else {
      logL = target.on(outputs).logLikelihood(predicted);
      if (Double.isNaN(threshold)) {
        inside = target.on(outputs).passes(predicted);
      } else {
        double cut = Math.log(threshold);
        inside = new boolean[pool.length];
        for (int i = 0; i < logL.length; i++) {
          inside[i] = logL[i] >= cut;
        }
      }
    }
    int[] in = java.util.stream.IntStream.range(0, pool.length).filter(i -> inside[i]).toArray();
    int[] idx = in.length >= wanted ? config.inside().draw(in, wanted, rng, pool, config.inside().sparse() ? found(history) : null)
        : Selection.fillWithBest(in, logL, wanted);
    List<Proposal> out = new ArrayList<>(Proposal.all(pool, idx, "proposed"));
    out.addAll(RandomStrategy.uniform(k - out.size(), common.dimension(), rng));
    double[][] units = out.stream().map(Proposal::unit).toArray(double[][]::new);
    bank.expectObservables(bank.score(REGRESSOR, units), outputs);
    return out;
  }

  /** Unit-cube coordinates of the in-target points found so far. */
  static double[][] found(History history) {
    return history.inTargetUnits();
  }

  /**
   * Without a threshold, a log-likelihood regressor calls a candidate inside when it is
   * predicted at least as likely as the least likely in-target point seen so far.
   */
  private static double lowestInTarget(History history) {
    double min = Double.POSITIVE_INFINITY;
    for (Evaluation e : history.all()) {
      if (e.inTarget() && e.loglike() < min) {
        min = e.loglike();
      }
    }
    if (min == Double.POSITIVE_INFINITY) {
      // nothing in target yet: the best tenth of what was seen
      double[] ll = history.all().stream().mapToDouble(Evaluation::loglike).filter(Double::isFinite).sorted().toArray();
      return ll.length == 0 ? Double.NEGATIVE_INFINITY : ll[(int) (0.9 * (ll.length - 1))];
    }
    return min;
  }

  /** A likelihood value in (0, 1] read from key {@code key}. */
  static double likelihood(Options o, String key) {
    double v = o.number(key);
    if (!(v > 0 && v <= 1)) {
      throw new ConfigException(o.pathOf(key), "expected a likelihood in (0, 1], got " + Options.fmt(v));
    }
    return v;
  }


  /** The iteration of the last full training; the models themselves are checkpointed apart. */
  @Override
  public JsonNode state() {
    return JsonNodeFactory.instance.objectNode().put("last_full", lastFull);
  }

  @Override
  public void restore(JsonNode state) {
    lastFull = state == null ? 0 : state.path("last_full").asInt(0);
  }
}
