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
import org.hepscan.strategy.api.Proposal;
import org.hepscan.strategy.api.ScanContext;
import org.hepscan.strategy.api.StrategyConfig;
import org.hepscan.strategy.api.StrategyProvider;
import org.hepscan.surrogate.TrainingSet;

/**
 * DNNR, the regressor loop of MLscanner (papers/004 sec. 2.1, 3.1): a network learns the
 * constrained observables (or the log-likelihood itself); of a pool of L candidates, K are
 * sent to the oracle: 90 % drawn uniformly from those predicted above the likelihood
 * threshold, 10 % uniformly random. Drawing uniformly among the predicted-inside points,
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
 *   model: {loss: mae}      # papers/004 sec. 3.1 uses MAE; hidden 4 x 100 ReLU, 1000 epochs
 * </pre>
 */
public final class DnnrStrategy extends LearningStrategy {
  static final String REGRESSOR = "regressor";
  /**
   * Older rows replayed per new row in a partial training. With one (the new rows and as
   * many old ones) the 2-D shell bench alternated 95 % / 80 % between full and partial
   * iterations: the network forgot the ring; with four the partial iterations hold up.
   */
  static final int REPLAY = 4;

  private final boolean learnLogL;
  private final double threshold;
  private final int fullEvery;
  private List<String> outputs = List.of();
  private int lastFull;

  public static final class Provider implements StrategyProvider {
    @Override
    public String name() {
      return "dnnr";
    }

    @Override
    public StrategyConfig parse(Options o, ParameterSpace space) {
      return LearningStrategy.config(name(), o, space, DnnrStrategy::new);
    }
  }

  public DnnrStrategy(Options o, ParameterSpace space) {
    super(o, space, List.of("learn", "threshold", "full_every"), 1000, 500, 50_000);
    this.learnLogL = o.choice("learn", "observables", "observables", "loglike").equals("loglike");
    this.threshold = o.has("threshold") ? likelihood(o, "threshold") : Double.NaN;
    this.fullEvery = (int) o.integer("full_every", 2, 1, Integer.MAX_VALUE);
    declare(REGRESSOR, modelOptions, org.hepscan.surrogate.Task.REGRESSION);
  }

  @Override
  public String name() {
    return "dnnr";
  }

  @Override
  public void start(ScanContext context) {
    super.start(context);
    outputs = learnLogL ? List.of(LOGLIKE) : constrained();
    outputs(REGRESSOR, outputs);
  }

  @Override
  protected void train(History history, SplittableRandom rng) {
    int k = history.iterations();
    boolean full = !has(REGRESSOR) || lastFull == 0 || k - lastFull >= fullEvery;
    List<Evaluation> rows;
    if (full) {
      rows = history.all();
    } else {
      rows = new ArrayList<>();
      List<Evaluation> older = new ArrayList<>();
      for (int i = 1; i <= k; i++) {
        (i > lastFull ? rows : older).addAll(history.iteration(i));
      }
      int replay = Math.min(REPLAY * rows.size(), older.size());
      for (int i : Selection.sample(java.util.stream.IntStream.range(0, older.size()).toArray(), replay, rng)) {
        rows.add(older.get(i));
      }
    }
    TrainingSet data = observables(rows, outputs);
    if (data == null) {
      return;
    }
    fit(REGRESSOR, data, rng, !full, 0);
    if (full) {
      lastFull = k;
    }
  }

  @Override
  protected List<Proposal> proposeLearned(History history, int k, SplittableRandom rng) {
    int random = randomShare(k);
    int wanted = k - random;
    double[][] pool = pool(history, rng);
    double[][] predicted = score(REGRESSOR, pool).mean();
    double[] logL;
    boolean[] inside;
    if (learnLogL) {
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
      logL = logLikelihood(predicted, outputs);
      if (Double.isNaN(threshold)) {
        inside = passes(predicted, outputs);
      } else {
        double cut = Math.log(threshold);
        inside = new boolean[pool.length];
        for (int i = 0; i < logL.length; i++) {
          inside[i] = logL[i] >= cut;
        }
      }
    }
    int[] in = java.util.stream.IntStream.range(0, pool.length).filter(i -> inside[i]).toArray();
    int[] idx = in.length >= wanted ? Selection.sample(in, wanted, rng) : Selection.fillWithBest(in, logL, wanted);
    List<Proposal> out = new ArrayList<>(take(pool, idx, "proposed"));
    out.addAll(RandomStrategy.uniform(k - out.size(), dimension, rng));
    double[][] units = out.stream().map(Proposal::unit).toArray(double[][]::new);
    expectObservables(score(REGRESSOR, units).mean(), outputs);
    return out;
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

  @Override
  protected JsonNode extraState() {
    return JsonNodeFactory.instance.objectNode().put("last_full", lastFull);
  }

  @Override
  protected void restoreExtra(JsonNode extra) {
    lastFull = extra == null ? 0 : extra.path("last_full").asInt(0);
  }
}
