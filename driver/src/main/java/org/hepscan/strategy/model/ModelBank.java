package org.hepscan.strategy.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.hepscan.oracle.Evaluation;
import org.hepscan.space.Parameter;
import org.hepscan.space.ParameterSpace;
import org.hepscan.strategy.api.ScanContext;
import org.hepscan.strategy.api.TrainedModel;
import org.hepscan.surrogate.CandidateScorer;
import org.hepscan.surrogate.DensityModel;
import org.hepscan.surrogate.Differentiable;
import org.hepscan.surrogate.ModelQuality;
import org.hepscan.surrogate.Prediction;
import org.hepscan.surrogate.Surrogate;
import org.hepscan.surrogate.SurrogateSpec;
import org.hepscan.surrogate.TrainingSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The models a strategy holds, as a part it owns rather than a base class it extends:
 * declared by name with their spec (so bad options fail when the spec is read), trained on
 * the cluster, used to score candidate pools (in this JVM for small pools, on the executors
 * for large ones), measured out of sample on the batch each one chose, and handed to the
 * checkpoint and {@code OUTPUT/models/} through {@link #models()}.
 *
 * <p>Every Spark job the bank starts is labelled with the iteration set by {@link #at}, so the
 * Spark UI says which iteration's proposal or training it belongs to.
 *
 * <p>Out-of-sample quality: when a strategy proposes a batch it records what the model
 * expected of each point ({@link #expectObservables}, {@link #expectInTarget}); when the
 * batch's results are in, {@link #quality} scores that expectation against them, before any
 * model learns from them.
 */
public final class ModelBank {
  private static final Logger LOG = LoggerFactory.getLogger(ModelBank.class);

  private final ParameterSpace space;
  private final int scoreOnExecutorsAbove;
  private final Map<String, SurrogateSpec> specs = new LinkedHashMap<>();
  private final Map<String, List<String>> outputNames = new LinkedHashMap<>();
  private final Map<String, Surrogate> models = new LinkedHashMap<>();
  private final Map<Integer, Expectation> expected = new TreeMap<>();
  private ScanContext context;
  private int working;

  /** Pools larger than {@code scoreOnExecutorsAbove} candidates are scored on the executors. */
  public ModelBank(ParameterSpace space, int scoreOnExecutorsAbove) {
    this.space = space;
    this.scoreOnExecutorsAbove = scoreOnExecutorsAbove;
  }

  /** Declares model {@code name}; its outputs are named by {@link #outputs} once the target is known. */
  public ModelBank declare(String name, SurrogateSpec spec) {
    if (specs.putIfAbsent(name, spec) != null) {
      throw new IllegalArgumentException("a model named '" + name + "' is declared twice");
    }
    outputNames.put(name, List.of());
    return this;
  }

  /** Names the outputs of model {@code name}: observables, {@code loglike}, {@code in_target}. */
  public void outputs(String name, List<String> outputs) {
    spec(name);
    outputNames.put(name, List.copyOf(outputs));
  }

  /** Checks, before any oracle call, that the cluster can train every declared model as configured. */
  public void start(ScanContext context) {
    this.context = context;
    for (SurrogateSpec spec : specs.values()) {
      spec.prepare(context.spark());
    }
  }

  /** The iteration whose proposal or training runs now: what the bank's Spark jobs are labelled with. */
  public void at(int iteration) {
    working = iteration;
  }

  public SurrogateSpec spec(String name) {
    SurrogateSpec s = specs.get(name);
    if (s == null) {
      throw new IllegalArgumentException("no model named '" + name + "' is declared; declared: " + specs.keySet());
    }
    return s;
  }

  /** Whether model {@code name} has been trained (or restored). */
  public boolean has(String name) {
    return models.containsKey(name);
  }

  /** The trained model {@code name}. */
  public Surrogate model(String name) {
    Surrogate m = models.get(name);
    if (m == null) {
      throw new IllegalStateException("the " + name + " is not trained yet");
    }
    return m;
  }

  /**
   * Trains model {@code name} on {@code data}, replacing (and closing) its previous version;
   * with {@code warm} it continues from the previous weights. {@code epochs} overrides the
   * spec's count when positive. The seed comes from {@code rng}. A set larger than the
   * model's {@code max_rows} is cut down to it first ({@link RowBudget}; a classifier's
   * positive rows kept first).
   */
  public Surrogate fit(String name, TrainingSet data, SplittableRandom rng, boolean warm, int epochs) {
    return fit(name, data, null, rng, warm, epochs);
  }

  /** As {@link #fit(String, TrainingSet, SplittableRandom, boolean, int)}, with the rows a budget keeps first ({@code priority}, e.g. in target). */
  public Surrogate fit(String name, TrainingSet data, boolean[] priority, SplittableRandom rng, boolean warm, int epochs) {
    SurrogateSpec spec = spec(name);
    Surrogate old = models.get(name);
    Surrogate model;
    RowBudget budget = new RowBudget(spec.maxRows());
    String rows = data.size() + " rows";
    if (budget.applies(data.size())) {
      // drawn only here, so a scan whose history fits the budget trains as it always did
      data = budget.select(data, priority, rng.split());
      rows = data.size() + " of " + rows + " (max_rows)";
    }
    try (var label = context.label(working, "train " + name + " on " + rows)) {
      model = spec.fit(context.spark(), data, rng.nextLong(), warm ? old : null, epochs);
    }
    replace(name, model);
    return model;
  }

  private void replace(String name, Surrogate model) {
    Surrogate old = models.put(name, model);
    if (old != null && old != model) {
      old.close();
    }
  }

  /** Scores {@code x} with model {@code name}: in this JVM for small pools, on the executors above the configured size. */
  public Prediction score(String name, double[][] x) {
    Surrogate m = model(name);
    try (var label = context.label(working, "score " + x.length + " candidates with the " + name)) {
      return CandidateScorer.score(context.spark(), specs.get(name), m, x, scoreOnExecutorsAbove);
    }
  }

  /**
   * d output / d x of model {@code name} at the rows of {@code x} (unit cube), for samplers
   * that follow gradients (HMC); the model must be {@link Differentiable}.
   */
  public double[][] gradient(String name, double[][] x, int output) {
    if (!(model(name) instanceof Differentiable d)) {
      throw new IllegalStateException("the " + name + " (" + spec(name).type() + ") has no gradients with respect to its inputs");
    }
    return d.gradient(x, output);
  }

  /** {@code n} points drawn from density model {@code name} (unit cube); every draw from {@code rng}. */
  public double[][] sample(String name, int n, SplittableRandom rng) {
    return density(name).sample(n, rng);
  }

  /** The log-density of model {@code name} at the rows of {@code x} (unit cube). */
  public double[] logDensity(String name, double[][] x) {
    return density(name).logDensity(x);
  }

  private DensityModel density(String name) {
    if (!(model(name) instanceof DensityModel d)) {
      throw new IllegalStateException("the " + name + " (" + spec(name).type() + ") is not a density model: it cannot sample or give a log-density");
    }
    return d;
  }

  /** The trained models by name (in the order they were first trained), with their inputs and outputs named. */
  public Map<String, TrainedModel> models() {
    List<String> inputs = space.freeParameters().stream().map(Parameter::name).toList();
    Map<String, TrainedModel> out = new LinkedHashMap<>();
    models.forEach((name, m) -> out.put(name, new TrainedModel(name, specs.get(name), m, inputs, outputNames.get(name))));
    return Collections.unmodifiableMap(out);
  }

  /** Puts back model {@code name} from the bytes {@link Surrogate#toBytes()} gave before a restart. */
  public void restore(String name, byte[] bytes) {
    replace(name, spec(name).load(bytes));
  }

  // ---- out-of-sample quality -----------------------------------------------------------------

  /** Records what the models predicted of the observables {@code names} for each point of the batch being proposed, in proposal order. */
  public void expectObservables(Prediction predicted, List<String> names) {
    expected.put(working, new Expectation(predicted.mean(), predicted.std(), names, null));
  }

  /** As {@link #expectObservables}, for a classifier's probability of being in target. */
  public void expectInTarget(Prediction probability) {
    expected.put(working, new Expectation(null, probability.hasStd() ? probability.std() : null, null,
        probability.column(0)));
  }

  /** Forgets what was expected of batch {@code iteration}: it is being proposed again (after a resume). */
  public void forget(int iteration) {
    expected.remove(iteration);
  }

  /**
   * Scores what the models expected of batch {@code iteration} against the oracle's answers
   * {@code batch}, before anything learns from them: the honest out-of-sample quality.
   * Empty for a batch no model chose.
   */
  public Map<String, Double> quality(int iteration, List<Evaluation> batch) {
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

  private final class Expectation {
    final double[][] predicted;
    /** The model's own spread of each prediction (ensembles, forests, BNNs), else null. */
    final double[][] std;
    final List<String> names;
    final double[] probability;

    Expectation(double[][] predicted, double[][] std, List<String> names, double[] probability) {
      this.predicted = predicted;
      this.std = std;
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
          double[] prob = java.util.Arrays.copyOf(probability, n);
          Map<String, Double> q = new LinkedHashMap<>(ModelQuality.classification(context.spark(), prob, label, 0.5));
          if (std != null) {
            double[] s = new double[n];
            for (int i = 0; i < n; i++) {
              s[i] = std[i][0];
            }
            q.putAll(ModelQuality.classificationSpread(prob, s, label, 0.5));
          }
          return q;
        }
        List<double[]> p = new ArrayList<>();
        List<double[]> sd = new ArrayList<>();
        List<double[]> a = new ArrayList<>();
        for (int i = 0; i < Math.min(batch.size(), predicted.length); i++) {
          double[] v = TrainingRows.values(batch.get(i), names);
          if (v != null) {
            p.add(predicted[i]);
            a.add(v);
            if (std != null) {
              sd.add(std[i]);
            }
          }
        }
        double[][] pa = p.toArray(double[][]::new);
        double[][] aa = a.toArray(double[][]::new);
        Map<String, Double> q = new LinkedHashMap<>(ModelQuality.regression(context.spark(), pa, aa, names));
        if (std != null) {
          q.putAll(ModelQuality.regressionSpread(pa, sd.toArray(double[][]::new), aa, names));
        }
        return q;
      } catch (RuntimeException e) {
        // a quality figure is worth a log line, never the scan
        LOG.warn("could not measure the surrogate's quality on the last batch: {}", e.toString());
        return Map.of();
      }
    }
  }
}
