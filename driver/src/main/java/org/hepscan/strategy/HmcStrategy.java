package org.hepscan.strategy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.hepscan.config.ConfigException;
import org.hepscan.config.Options;
import org.hepscan.oracle.Evaluation;
import org.hepscan.space.ParameterSpace;
import org.hepscan.strategy.api.Column;
import org.hepscan.strategy.api.ColumnValues;
import org.hepscan.strategy.api.History;
import org.hepscan.strategy.api.NamedProvider;
import org.hepscan.strategy.api.PerIteration;
import org.hepscan.strategy.api.Proposal;
import org.hepscan.strategy.api.ScanContext;
import org.hepscan.strategy.api.Strategy;
import org.hepscan.strategy.api.StrategyConfig;
import org.hepscan.strategy.model.ModelBank;
import org.hepscan.strategy.model.TrainingRows;
import org.hepscan.strategy.proposal.Leapfrog;
import org.hepscan.surrogate.MlpSpec;
import org.hepscan.surrogate.Surrogate;
import org.hepscan.surrogate.SurrogateCatalog;
import org.hepscan.surrogate.SurrogateSpec;
import org.hepscan.surrogate.Task;
import org.hepscan.surrogate.TrainingSet;
import org.hepscan.training.TrainingSpec;

/**
 * Hamiltonian Monte Carlo on a learned likelihood (papers/000 sec. II.C): a classifier
 * network L-hat(u) learns whether a point is in target (L2 loss, sigmoid output, batch
 * norm: papers/000 eq. II.2 and Table V), and chains sample the density L-hat with the
 * potential V = -log L-hat (the prior is uniform in the unit cube). Each transition draws a
 * Gaussian momentum, runs {@code steps} leapfrog steps of {@code step_size} and accepts the
 * end by the change of H = V + p^2 / 2; a coordinate that leaves [0, 1] is reflected and its
 * momentum reversed (a reflecting wall keeps H, so the walls cost no rejections). All
 * chains move together: one batched gradient of the network per leapfrog step.
 *
 * <p>Chains start at in-target points found (drawn from the first model's training rows),
 * burn in ({@code burn_in} transitions, adapting the step size towards an acceptance of
 * 0.65 with {@code adapt: true}; a tenth of that again for each new network), and then
 * every iteration each chain advances
 * {@code thinning} transitions per point it sends to the oracle (origin {@code hmc}, column
 * {@code chain}); a {@code random_fraction} share of the batch is uniform (origin
 * {@code random}). The network is retrained on every row after each batch and the chains go
 * on from where they stand. The chains' positions and step size are in the checkpoint;
 * what a batch moved them to takes effect when the batch is learned, so a resumed scan
 * repeats an uninterrupted one.
 *
 * <pre>
 * strategy:
 *   name: hmc
 *   initial: 1000          # uniform points before the first network
 *   batch: 500
 *   random_fraction: 0.1
 *   chains: 100            # papers/000 Table V
 *   step_size: 0.025       # in units of each coordinate's standard deviation under the uniform
 *                          # prior (1/sqrt(12) of its range), as the paper's standardized inputs
 *   steps: 12              # leapfrog steps per transition
 *   burn_in: 1000          # transitions before the first point is sent (and a tenth of it after each retraining)
 *   thinning: 10           # transitions between two points of a chain
 *   adapt: true            # adapt the step size during burn-in (false: the paper's fixed step, in units as above)
 *   min_points: 10         # in-target points before the first network
 *   balance: none          # undersample: train on as many out-of-target rows as there are in-target ones
 *   model: {hidden: [49, 49, 49, 49, 49], activation: relu, batch_norm: true, output: sigmoid,
 *           loss: mse, epochs: 100, min_steps: 1000}
 *                          # papers/000 Table V's cMSSM network (5 x 49, batch norm, L2 loss, sigmoid
 *                          # output) with ReLU inside: with its sigmoid hidden layers the network of
 *                          # the first few hundred B2 points predicted 0 everywhere and the chains
 *                          # wandered uniformly; more steps than its 50 epochs for the small early sets
 * </pre>
 */
public final class HmcStrategy implements BankedStrategy {
  static final String CLASSIFIER = "classifier";
  static final Column CHAIN = Column.ofLong("chain",
      "the index (from 0) of the HMC chain this point is a state of; null for uniform points");
  static final double TARGET_ACCEPTANCE = 0.65;
  private static final double UNIFORM_STD = 1 / Math.sqrt(12);

  static final Map<String, Object> MODEL_DEFAULTS = modelDefaults();

  private static Map<String, Object> modelDefaults() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("hidden", List.of(49, 49, 49, 49, 49));
    m.put("activation", "relu");
    m.put("batch_norm", true);
    m.put("output", "sigmoid");
    m.put("loss", "mse");
    m.put("epochs", 100);
    m.put("min_steps", 1000);
    return m;
  }

  public record Config(ParameterSpace space, int initial, int batch, double randomFraction, int chains, double stepSize,
                       int steps, int burnIn, int thinning, boolean adapt, int minPoints, String balance, SurrogateSpec classifier)
      implements StrategyConfig {
    static final List<String> KEYS = List.of("name", "initial", "batch", "random_fraction", "chains", "step_size", "steps",
        "burn_in", "thinning", "adapt", "min_points", "balance", "model", "training");

    public static Config parse(Options o, ParameterSpace space) {
      o.allowOnly(KEYS);
      int initial = (int) o.integer("initial", 1000, 1, Integer.MAX_VALUE);
      int batch = (int) o.integer("batch", 500, 1, Integer.MAX_VALUE);
      double randomFraction = o.number("random_fraction", 0.1, 0, 1);
      int chains = (int) o.integer("chains", 100, 1, 1_000_000);
      double stepSize = o.number("step_size", 0.025, 1e-6, 10);
      int steps = (int) o.integer("steps", 12, 1, 10_000);
      int burnIn = (int) o.integer("burn_in", 1000, 0, 10_000_000);
      int thinning = (int) o.integer("thinning", 10, 1, 1_000_000);
      boolean adapt = o.bool("adapt", true);
      int minPoints = (int) o.integer("min_points", 10, 1, Integer.MAX_VALUE);
      String balance = o.choice("balance", "none", "none", "undersample");
      TrainingSpec training = TrainingSpec.parse(o.has("training") ? o.section("training") : Options.empty(o.pathOf("training")));
      Options section = o.has("model") ? o.section("model") : Options.empty(o.pathOf("model"));
      String type = section.string("type", MlpSpec.TYPE);
      if (!type.equals(MlpSpec.TYPE)) {
        throw new ConfigException(section.pathOf("type"), "hmc follows the gradient of its classifier, and a " + type
            + " has none; use type mlp (the default)");
      }
      SurrogateSpec spec = SurrogateCatalog.parse(section.withDefaults(MODEL_DEFAULTS), Task.CLASSIFICATION, training);
      return new Config(space, initial, batch, randomFraction, chains, stepSize, steps, burnIn, thinning, adapt, minPoints, balance,
          spec);
    }

    @Override
    public String name() {
      return "hmc";
    }

    @Override
    public Strategy newStrategy() {
      return new HmcStrategy(this);
    }
  }

  public static final class Provider extends NamedProvider {
    public Provider() {
      super("hmc", Config::parse);
    }
  }

  /** Where the chains stand, their step size and counts: what a learned batch commits. */
  private record Chains(double[][] position, double stepSize, boolean burnedIn, long accepted, long transitions) {
  }

  private final Config config;
  private final ModelBank bank;
  private final int dimension;
  private Chains committed;
  /** What proposing each batch moved the chains to; committed when the batch is learned. */
  private final Map<Integer, Chains> pending = new TreeMap<>();
  /** The chain of every row of a proposed batch (-1: uniform), until the batch is written. */
  private final PerIteration<int[]> chainOf = new PerIteration<>();
  private final PerIteration<double[]> acceptance = new PerIteration<>();

  public HmcStrategy(Config config) {
    this.config = config;
    this.dimension = config.space().dimension();
    this.bank = new ModelBank(config.space(), Integer.MAX_VALUE).declare(CLASSIFIER, config.classifier());
  }

  @Override
  public String name() {
    return "hmc";
  }

  @Override
  public void start(ScanContext context) {
    bank.start(context);
    bank.outputs(CLASSIFIER, List.of("in_target"));
  }

  /** The chains go on from the states the last batch moved them to: every batch is learned before the next is drawn. */
  @Override
  public int staleness() {
    return 0;
  }

  @Override
  public int batchSize(int iteration) {
    return iteration == 1 ? config.initial() : config.batch();
  }

  @Override
  public List<Column> columns() {
    return List.of(CHAIN);
  }

  @Override
  public List<Proposal> propose(History history, int iteration, int k, SplittableRandom rng) {
    bank.forget(iteration);
    bank.at(iteration);
    pending.remove(iteration);
    if (!bank.has(CLASSIFIER)) {
      chainOf.put(iteration, filled(k, -1));
      return RandomStrategy.uniform(k, dimension, rng);
    }
    Surrogate model = bank.model(CLASSIFIER);
    Chains c = committed != null ? committed : startChains(history, rng);
    double[][] x = copy(c.position());
    double step = c.stepSize();
    long accepted = c.accepted();
    long transitions = c.transitions();
    int n = x.length;
    // Burn in once; after that each new network gets a tenth of it again, with the step
    // adapted anew: a network trained on more points is sharper, and the step that suited
    // the first one is rejected more and more often
    int warm = c.burnedIn() ? Math.max(1, config.burnIn() / 10) : config.burnIn();
    double logStep = Math.log(step);
    for (int t = 0; t < warm; t++) {
      double rate = transition(model, x, step, rng);
      if (config.adapt()) {
        // Robbins-Monro on log step: shrink after rejections, grow after acceptances
        logStep += (rate - TARGET_ACCEPTANCE) / Math.sqrt(t + 1.0);
        logStep = Math.max(Math.log(1e-5), Math.min(Math.log(1.0), logStep));
        step = Math.exp(logStep);
      }
    }
    int random = (int) Math.round(config.randomFraction() * k);
    int fromChains = k - random;
    List<Proposal> out = new ArrayList<>(k);
    int[] chain = new int[k];
    double acc = 0;
    int moves = 0;
    // when a batch takes a part of a round of states, the chains that give it rotate over the
    // iterations: always the first ones would send the others' states less often
    int first = (int) ((long) iteration * fromChains % n);
    while (out.size() < fromChains) {
      for (int t = 0; t < config.thinning(); t++) {
        acc += transition(model, x, step, rng) * n;
        moves += n;
      }
      for (int r = 0; r < n && out.size() < fromChains; r++) {
        int i = (first + r) % n;
        chain[out.size()] = i;
        out.add(new Proposal(x[i].clone(), "hmc"));
      }
    }
    for (int i = fromChains; i < k; i++) {
      chain[i] = -1;
    }
    out.addAll(RandomStrategy.uniform(random, dimension, rng));
    chainOf.put(iteration, chain);
    acceptance.put(iteration, new double[] {moves == 0 ? Double.NaN : acc / moves, step});
    pending.put(iteration, new Chains(x, step, true, accepted + Math.round(acc), transitions + moves));
    bank.expectInTarget(model.predict(out.stream().map(Proposal::unit).toArray(double[][]::new)));
    return out;
  }

  /** {@code chains} starting points drawn among the in-target rows so far (with repetition when fewer). */
  private Chains startChains(History history, SplittableRandom rng) {
    List<double[]> in = new ArrayList<>();
    for (Evaluation e : history.all()) {
      if (e.inTarget()) {
        in.add(history.unit(e));
      }
    }
    double[][] x = new double[config.chains()][];
    for (int c = 0; c < x.length; c++) {
      x[c] = in.isEmpty() ? org.hepscan.strategy.proposal.Candidates.uniform(1, dimension, rng)[0] : in.get(rng.nextInt(in.size())).clone();
    }
    return new Chains(x, config.stepSize() * UNIFORM_STD, false, 0, 0);
  }

  private double transition(Surrogate model, double[][] x, double step, SplittableRandom rng) {
    return Leapfrog.transition(model, x, step, config.steps(), rng);
  }

  @Override
  public void learn(History history, SplittableRandom rng) {
    int it = history.iterations();
    bank.at(it);
    Chains moved = pending.remove(it);
    pending.keySet().removeIf(i -> i < it);
    if (moved != null) {
      committed = moved;
    }
    if (history.inTarget() < config.minPoints()) {
      return;
    }
    List<Evaluation> rows = config.balance().equals("undersample") ? DnncStrategy.undersample(history.all(), rng) : history.all();
    TrainingSet data = TrainingRows.labelled(history.space(), rows, Evaluation::inTarget);
    if (data != null) {
      bank.fit(CLASSIFIER, data, rng, false, 0);
    }
  }

  /** The classifier's out-of-sample quality on the batch, and the share of the chains' points in target (papers/000 Table IV). */
  @Override
  public Map<String, Double> modelQuality(int iteration, List<Evaluation> batch) {
    Map<String, Double> q = new LinkedHashMap<>(bank.quality(iteration, batch));
    int[] chain = chainOf.get(iteration);
    if (chain != null) {
      long n = 0;
      long in = 0;
      for (int i = 0; i < Math.min(chain.length, batch.size()); i++) {
        if (chain[i] >= 0) {
          n++;
          in += batch.get(i).inTarget() ? 1 : 0;
        }
      }
      if (n > 0) {
        q.put("chain_in_target", (double) in / n);
      }
    }
    return q;
  }

  @Override
  public ColumnValues columnValues(int iteration, List<Evaluation> batch) {
    int[] chain = chainOf.take(iteration);
    List<Long> v = new ArrayList<>(batch.size());
    for (int i = 0; i < batch.size(); i++) {
      v.add(chain != null && i < chain.length && chain[i] >= 0 ? (long) chain[i] : null);
    }
    return new ColumnValues().put(CHAIN.name(), v);
  }

  @Override
  public Map<String, Double> metrics(int iteration) {
    double[] a = acceptance.take(iteration);
    if (a == null) {
      return Map.of();
    }
    return Map.of("acceptance_rate", a[0], "step_size", a[1]);
  }

  @Override
  public ModelBank bank() {
    return bank;
  }

  @Override
  public JsonNode state() {
    if (committed == null) {
      return null;
    }
    ObjectNode s = JsonNodeFactory.instance.objectNode();
    ArrayNode pos = s.putArray("positions");
    for (double[] x : committed.position()) {
      ArrayNode a = pos.addArray();
      for (double v : x) {
        a.add(v);
      }
    }
    s.put("step_size", committed.stepSize());
    s.put("burned_in", committed.burnedIn());
    s.put("accepted", committed.accepted());
    s.put("transitions", committed.transitions());
    return s;
  }

  @Override
  public void restore(JsonNode state) {
    if (state == null || state.isNull()) {
      committed = null;
      return;
    }
    JsonNode pos = state.get("positions");
    double[][] x = new double[pos.size()][dimension];
    for (int c = 0; c < x.length; c++) {
      if (pos.get(c).size() != dimension) {
        throw new IllegalStateException("checkpoint chain " + c + " has " + pos.get(c).size() + " coordinates, the space has "
            + dimension);
      }
      for (int j = 0; j < dimension; j++) {
        x[c][j] = pos.get(c).get(j).doubleValue();
      }
    }
    committed = new Chains(x, state.get("step_size").doubleValue(), state.get("burned_in").booleanValue(),
        state.get("accepted").longValue(), state.get("transitions").longValue());
  }

  private static double[][] copy(double[][] a) {
    double[][] b = new double[a.length][];
    for (int i = 0; i < a.length; i++) {
      b[i] = a[i].clone();
    }
    return b;
  }

  private static int[] filled(int n, int v) {
    int[] a = new int[n];
    java.util.Arrays.fill(a, v);
    return a;
  }
}
