package org.hepscan.strategy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.hepscan.config.ConfigException;
import org.hepscan.config.Options;
import org.hepscan.oracle.Evaluation;
import org.hepscan.oracle.Status;
import org.hepscan.space.Parameter;
import org.hepscan.space.ParameterSpace;
import org.hepscan.strategy.api.History;
import org.hepscan.strategy.api.Proposal;
import org.hepscan.strategy.api.ScanContext;
import org.hepscan.strategy.api.Strategy;
import org.hepscan.strategy.api.StrategyConfig;
import org.hepscan.strategy.api.TrainedModel;
import org.hepscan.surrogate.CandidateScorer;
import org.hepscan.surrogate.ModelQuality;
import org.hepscan.surrogate.Prediction;
import org.hepscan.surrogate.Surrogate;
import org.hepscan.surrogate.SurrogateCatalog;
import org.hepscan.surrogate.SurrogateSpec;
import org.hepscan.surrogate.Task;
import org.hepscan.surrogate.TrainingSet;
import org.hepscan.target.Constraint;
import org.hepscan.training.TrainingSpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the active-learning strategies (mls, dnnr, dnnc) share: the random start, the
 * common options, training and scoring of named surrogates on the cluster, the honest
 * out-of-sample quality of the model that chose each batch, and the models in the
 * checkpoint so that a resumed scan proposes what an uninterrupted one would.
 *
 * <p>Common options (the papers' values as defaults):
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
 *   jumps: {fraction: 0.5, best: 100, sigma: [0.1, 0.333]}
 *                                  # share of the pool drawn as Gaussian jumps around the best
 *                                  # points so far (papers/004 sec. 3.4); default 0 up to 5
 *                                  # dimensions, 0.5 above
 *   training: {device: auto, gpus_per_task: 1, ...}
 *                                  # where the networks train: cpu, gpu or auto (GPU executors
 *                                  # when the cluster has them); see TrainingSpec
 * </pre>
 * A subclass is one method: which models it trains on what ({@link #train}) and how it
 * turns their scores into a batch ({@link #proposeLearned}).
 */
public abstract class LearningStrategy implements Strategy {
  private static final Logger LOG = LoggerFactory.getLogger(LearningStrategy.class);
  static final List<String> COMMON_KEYS = List.of("name", "initial", "batch", "candidates", "random_fraction",
      "score_on_executors_above", "model", "jumps", "training", "staleness");

  /** The output name of a model that learns the log-likelihood itself. */
  public static final String LOGLIKE = "loglike";

  protected final ParameterSpace space;
  protected final int dimension;
  protected final int initial;
  protected final int batch;
  protected final int candidates;
  protected final double randomFraction;
  protected final int scoreOnExecutorsAbove;
  protected final Options modelOptions;
  /** Where every model of this strategy trains: the {@code training:} section. */
  protected final TrainingSpec training;
  protected final double jumpFraction;
  protected final int jumpCentres;
  protected final double jumpSigmaMin;
  protected final double jumpSigmaMax;
  protected final int staleness;
  protected ScanContext context;

  private final Map<String, TrainedModel> models = new LinkedHashMap<>();
  private final Map<String, SurrogateSpec> specs = new LinkedHashMap<>();
  private final Map<String, List<String>> outputNames = new LinkedHashMap<>();
  /** What the model predicted for each batch proposed and not yet measured, by iteration. */
  private final Map<Integer, Expectation> expected = new java.util.TreeMap<>();
  /** The iteration whose proposal or training runs now: what this strategy's Spark jobs are labelled with. */
  private int working;

  protected LearningStrategy(Options o, ParameterSpace space, List<String> ownKeys, int defaultInitial, int defaultBatch,
                             int defaultCandidates) {
    List<String> allowed = new ArrayList<>(COMMON_KEYS);
    allowed.addAll(ownKeys);
    o.allowOnly(allowed);
    this.space = space;
    this.dimension = space.dimension();
    this.batch = (int) o.integer("batch", defaultBatch, 1, Integer.MAX_VALUE);
    this.initial = (int) o.integer("initial", defaultInitial, 1, Integer.MAX_VALUE);
    this.candidates = (int) o.integer("candidates", defaultCandidates, 1, 100_000_000);
    this.randomFraction = o.number("random_fraction", 0.1, 0, 1);
    this.scoreOnExecutorsAbove = (int) o.integer("score_on_executors_above", 200_000, 0, Integer.MAX_VALUE);
    this.modelOptions = o.has("model") ? o.section("model") : Options.empty(o.pathOf("model"));
    this.training = TrainingSpec.parse(o.has("training") ? o.section("training") : Options.empty(o.pathOf("training")));
    Options j = o.has("jumps") ? o.section("jumps").allowOnly("fraction", "best", "sigma") : Options.empty(o.pathOf("jumps"));
    this.jumpFraction = j.number("fraction", dimension > 5 ? 0.5 : 0.0, 0, 1);
    this.jumpCentres = (int) j.integer("best", 100, 1, Integer.MAX_VALUE);
    double[] sigma = j.has("sigma") ? j.numbers("sigma", 2) : new double[] {0.1, 1.0 / 3};
    if (!(sigma[0] > 0 && sigma[0] <= sigma[1] && sigma[1] <= 1)) {
      throw new ConfigException(j.pathOf("sigma"), "expected [min, max] with 0 < min <= max <= 1 (fractions of each range), got ["
          + Options.fmt(sigma[0]) + ", " + Options.fmt(sigma[1]) + "]");
    }
    this.jumpSigmaMin = sigma[0];
    this.jumpSigmaMax = sigma[1];
    this.staleness = staleness(o);
    if (candidates < batch) {
      throw new ConfigException(o.pathOf("candidates"), "the pool of " + candidates
          + " candidates must be at least the batch of " + batch + " it is chosen from");
    }
  }

  /**
   * The config of a learning strategy: its section checked now by building the strategy once
   * (models declared, every option read), then a fresh one per run from the same section.
   */
  static StrategyConfig config(String name, Options o, ParameterSpace space,
                               java.util.function.BiFunction<Options, ParameterSpace, Strategy> make) {
    make.apply(o, space);
    return new StrategyConfig() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public Strategy newStrategy() {
        return make.apply(o, space);
      }
    };
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

  /**
   * Declares a model this strategy trains; called from the subclass constructor so that bad
   * options fail early. The first one declared is the model that proposals need.
   */
  protected final SurrogateSpec declare(String name, Options section, Task task) {
    SurrogateSpec spec = SurrogateCatalog.parse(section, task, training);
    specs.put(name, spec);
    outputNames.put(name, List.of());
    return spec;
  }

  /** Names the outputs of model {@code name} (known once the target is, in {@link #start}). */
  protected final void outputs(String name, List<String> outputs) {
    outputNames.put(name, List.copyOf(outputs));
  }

  /** Also checks that the cluster can train the models as the {@code training:} section asks, before any oracle call. */
  @Override
  public void start(ScanContext context) {
    this.context = context;
    for (SurrogateSpec spec : specs.values()) {
      spec.prepare(context.spark());
    }
  }

  @Override
  public int staleness() {
    return staleness;
  }

  @Override
  public int batchSize(int iteration) {
    return iteration == 1 ? initial : batch;
  }

  @Override
  public final List<Proposal> propose(History history, int iteration, int k, SplittableRandom rng) {
    // a batch proposed again (after a resume) replaces what an earlier proposal expected of it
    expected.remove(iteration);
    working = iteration;
    if (!ready()) {
      return RandomStrategy.uniform(k, dimension, rng);
    }
    List<Proposal> out = proposeLearned(history, k, rng);
    if (out.size() != k) {
      throw new IllegalStateException(name() + " proposed " + out.size() + " points, " + k + " were asked for");
    }
    return out;
  }

  @Override
  public final void learn(History history, SplittableRandom rng) {
    working = history.iterations();
    train(history, rng);
  }

  /** The iteration whose batch is being proposed, or whose results are being learned, now. */
  protected final int iteration() {
    return working;
  }

  /** True once the first declared model, the one {@link #proposeLearned} scores with, is trained. */
  protected boolean ready() {
    return !specs.isEmpty() && models.containsKey(specs.keySet().iterator().next());
  }

  /** Exactly {@code k} proposals chosen with the trained models. */
  protected abstract List<Proposal> proposeLearned(History history, int k, SplittableRandom rng);

  /** Trains (or retrains) the models on the history, which now includes the latest iteration. */
  protected abstract void train(History history, SplittableRandom rng);

  // ---- models --------------------------------------------------------------------------------

  /** Trains model {@code name} on {@code data}, replacing (and closing) its previous version. */
  protected final Surrogate fit(String name, TrainingSet data, SplittableRandom rng, boolean warm, int epochs) {
    SurrogateSpec spec = specs.get(name);
    TrainedModel old = models.get(name);
    Surrogate model;
    try (var label = context.label(working, "train " + name + " on " + data.size() + " rows")) {
      model = spec.fit(context.spark(), data, rng.nextLong(), warm && old != null ? old.model() : null, epochs);
    }
    models.put(name, new TrainedModel(name, spec, model, space.freeParameters().stream().map(Parameter::name).toList(),
        outputNames.get(name)));
    if (old != null) {
      old.model().close();
    }
    return model;
  }

  protected final boolean has(String name) {
    return models.containsKey(name);
  }

  /** Scores {@code x} with model {@code name}: in this JVM for small pools, on the executors above the configured size. */
  protected final Prediction score(String name, double[][] x) {
    TrainedModel m = models.get(name);
    try (var label = context.label(working, "score " + x.length + " candidates with the " + name)) {
      return CandidateScorer.score(context.spark(), m.spec(), m.model(), x, scoreOnExecutorsAbove);
    }
  }

  @Override
  public Map<String, TrainedModel> models() {
    return java.util.Collections.unmodifiableMap(models);
  }

  // ---- training sets -------------------------------------------------------------------------

  /** Unit-cube inputs and the named observables of every OK evaluation where all of them are finite. */
  protected final TrainingSet observables(List<Evaluation> rows, List<String> names) {
    List<double[]> x = new ArrayList<>();
    List<double[]> y = new ArrayList<>();
    for (Evaluation e : rows) {
      double[] v = values(e, names);
      if (v != null) {
        x.add(space.toUnit(e.point().values()));
        y.add(v);
      }
    }
    return x.isEmpty() ? null : new TrainingSet(x.toArray(double[][]::new), y.toArray(double[][]::new), Task.REGRESSION);
  }

  /** The named values of an OK evaluation; null when it is not OK or any of them is not finite. */
  protected static double[] values(Evaluation e, List<String> names) {
    if (e.status() != Status.OK) {
      return null;
    }
    double[] v = new double[names.size()];
    for (int j = 0; j < v.length; j++) {
      v[j] = value(e, names.get(j));
      if (!Double.isFinite(v[j])) {
        return null;
      }
    }
    return v;
  }

  /** The name {@code loglike} means the evaluation's log-likelihood under the target; any other, an observable. */
  protected static double value(Evaluation e, String name) {
    return LOGLIKE.equals(name) ? e.loglike() : e.observable(name);
  }

  /** Unit-cube inputs of every evaluation, labelled 1 where {@code label} holds. */
  protected final TrainingSet labelled(List<Evaluation> rows, java.util.function.Predicate<Evaluation> label) {
    double[][] x = new double[rows.size()][];
    double[] y = new double[rows.size()];
    for (int i = 0; i < x.length; i++) {
      x[i] = space.toUnit(rows.get(i).point().values());
      y[i] = label.test(rows.get(i)) ? 1 : 0;
    }
    return x.length == 0 ? null : TrainingSet.of(x, y, Task.CLASSIFICATION);
  }

  /** Log-likelihood of each row of predicted observables (columns in {@code names} order) under the scan's target. */
  protected final double[] logLikelihood(double[][] predicted, List<String> names) {
    List<Constraint> cs = context.target().constraints();
    int[] col = new int[cs.size()];
    for (int c = 0; c < col.length; c++) {
      col[c] = names.indexOf(cs.get(c).observable());
    }
    double[] out = new double[predicted.length];
    for (int i = 0; i < out.length; i++) {
      double s = 0;
      for (int c = 0; c < col.length; c++) {
        s += cs.get(c).logLikelihood(predicted[i][col[c]]);
      }
      out[i] = Double.isNaN(s) ? Double.NEGATIVE_INFINITY : s;
    }
    return out;
  }

  /** Whether each row of predicted observables passes every constraint of the target. */
  protected final boolean[] passes(double[][] predicted, List<String> names) {
    List<Constraint> cs = context.target().constraints();
    boolean[] out = new boolean[predicted.length];
    for (int i = 0; i < out.length; i++) {
      boolean in = true;
      for (int c = 0; c < cs.size() && in; c++) {
        in = cs.get(c).passes(predicted[i][names.indexOf(cs.get(c).observable())]);
      }
      out[i] = in;
    }
    return out;
  }

  /** The observables the target constrains, in its order: what regressors learn by default. */
  protected final List<String> constrained() {
    return List.copyOf(context == null ? List.of() : context.target().observables());
  }

  // ---- proposals -----------------------------------------------------------------------------

  /**
   * A pool of {@link #candidates} points: uniform, except the configured share of Gaussian
   * jumps around the {@code best} points by log-likelihood (when there are any).
   */
  protected final double[][] pool(History history, SplittableRandom rng) {
    int jumps = (int) Math.round(jumpFraction * candidates);
    double[][] centres = jumps > 0 ? best(history, jumpCentres) : new double[0][];
    if (centres.length == 0) {
      return Candidates.uniform(candidates, dimension, rng);
    }
    double[][] u = Candidates.uniform(candidates - jumps, dimension, rng);
    double[][] g = Candidates.jumps(centres, jumps, jumpSigmaMin, jumpSigmaMax, rng);
    double[][] all = java.util.Arrays.copyOf(u, candidates);
    System.arraycopy(g, 0, all, u.length, g.length);
    return all;
  }

  /** Unit-cube coordinates of the {@code n} evaluations with the highest finite log-likelihood (ties by id). */
  protected final double[][] best(History history, int n) {
    return history.all().stream()
        .filter(e -> e.loglike() > Double.NEGATIVE_INFINITY && !Double.isNaN(e.loglike()))
        .sorted(java.util.Comparator.comparingDouble(Evaluation::loglike).reversed().thenComparingLong(Evaluation::id))
        .limit(n)
        .map(e -> space.toUnit(e.point().values()))
        .toArray(double[][]::new);
  }

  /** The points at {@code idx} of {@code pool}, labelled with {@code origin}. */
  protected static List<Proposal> take(double[][] pool, int[] idx, String origin) {
    List<Proposal> out = new ArrayList<>(idx.length);
    for (int i : idx) {
      out.add(new Proposal(pool[i].clone(), origin));
    }
    return out;
  }

  /** The number of uniformly random points in a batch of {@code k}. */
  protected final int randomShare(int k) {
    return (int) Math.round(randomFraction * k);
  }

  // ---- out-of-sample quality -----------------------------------------------------------------

  /**
   * Records what the model predicted for each point of the batch being proposed (in
   * proposal order), so that {@link #learn} can score the model against the oracle's
   * answers before it retrains: the honest out-of-sample quality.
   */
  protected final void expectObservables(double[][] predicted, List<String> names) {
    expected.put(working, new Expectation(predicted, names, null));
  }

  /** As {@link #expectObservables}, for a classifier's probability of being in target. */
  protected final void expectInTarget(double[] probability) {
    expected.put(working, new Expectation(null, null, probability));
  }

  private final class Expectation {
    final double[][] predicted;
    final List<String> names;
    final double[] probability;

    Expectation(double[][] predicted, List<String> names, double[] probability) {
      this.predicted = predicted;
      this.names = names;
      this.probability = probability;
    }

    Map<String, Double> measure(List<Evaluation> batch) {
      try {
        if (probability != null) {
          int n = Math.min(batch.size(), probability.length);
          double[] label = new double[n];
          for (int i = 0; i < n; i++) {
            label[i] = batch.get(i).inTarget() ? 1 : 0;
          }
          return ModelQuality.classification(context.spark(), java.util.Arrays.copyOf(probability, n), label, 0.5);
        }
        List<double[]> p = new ArrayList<>();
        List<double[]> a = new ArrayList<>();
        for (int i = 0; i < Math.min(batch.size(), predicted.length); i++) {
          double[] v = values(batch.get(i), names);
          if (v != null) {
            p.add(predicted[i]);
            a.add(v);
          }
        }
        return ModelQuality.regression(context.spark(), p.toArray(double[][]::new), a.toArray(double[][]::new), names);
      } catch (RuntimeException e) {
        // a quality figure is worth a log line, never the scan
        LOG.warn("could not measure the surrogate's quality on the last batch: {}", e.toString());
        return Map.of();
      }
    }
  }

  /**
   * Scores the model that chose batch {@code iteration} against the oracle's answers, before
   * anything learns from them: the honest out-of-sample quality.
   */
  @Override
  public Map<String, Double> modelQuality(int iteration, List<Evaluation> batch) {
    Expectation e = expected.remove(iteration);
    // batches proposed before this one and never measured (none in a normal run) are stale
    expected.keySet().removeIf(i -> i < iteration);
    if (e == null) {
      return Map.of();
    }
    try (var label = context.label(iteration, "measure the model on its " + batch.size() + " points")) {
      return e.measure(batch);
    }
  }

  // ---- checkpoint ----------------------------------------------------------------------------

  @Override
  public JsonNode state() {
    ObjectNode s = JsonNodeFactory.instance.objectNode();
    ObjectNode m = s.putObject("models");
    models.forEach((name, t) -> m.put(name, Base64.getEncoder().encodeToString(t.model().toBytes())));
    JsonNode extra = extraState();
    if (extra != null) {
      s.set("extra", extra);
    }
    return s;
  }

  @Override
  public void restore(JsonNode state) {
    if (state == null) {
      return;
    }
    JsonNode m = state.path("models");
    m.fieldNames().forEachRemaining(name -> {
      SurrogateSpec spec = specs.get(name);
      if (spec == null) {
        throw new IllegalStateException("the checkpoint holds a model '" + name + "' that " + name() + " does not train");
      }
      Surrogate model = spec.load(Base64.getDecoder().decode(m.get(name).asText()));
      models.put(name, new TrainedModel(name, spec, model, space.freeParameters().stream().map(Parameter::name).toList(),
          outputNames.get(name)));
    });
    restoreExtra(state.get("extra"));
  }

  /** Subclass state beyond the models (e.g. the iteration of the last full retraining); null when none. */
  protected JsonNode extraState() {
    return null;
  }

  protected void restoreExtra(JsonNode extra) {
  }
}
