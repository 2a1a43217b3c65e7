package org.hepscan.strategy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.hepscan.config.ConfigException;
import org.hepscan.config.Options;
import org.hepscan.oracle.Evaluation;
import org.hepscan.space.Parameter;
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
import org.hepscan.surrogate.Task;
import org.hepscan.surrogate.TrainingSet;
import org.hepscan.surrogate.flow.FlowDensity;
import org.hepscan.surrogate.flow.FlowSpec;
import org.hepscan.training.TrainingSpec;

/**
 * The iterative flow sampler of papers/000 (sec. II.B, III): a normalizing flow (a
 * rational-quadratic spline flow, {@link FlowSpec}) learns the density of the in-target
 * points found so far; the next batch is drawn from it (origin {@code flow}) and, for a
 * {@code random_fraction} share, uniformly (origin {@code random}); the flow is trained
 * afresh on the grown set, and so on. A flow that knows the allowed region proposes mostly
 * inside it, without a candidate pool or a threshold.
 *
 * <p>Faithful by construction, not by luck. The batch's proposal density is the mixture
 * q(u) = r + (1 - r) f(u) (r the random fraction, f the flow, u in the unit cube); every row
 * records log q in the column {@code log_q}. Trained on the in-target points as they come,
 * a flow learns where earlier flows sent the scan, and an early imbalance between regions
 * would last (each flow is a fixed point of the next); with {@code reweight: true} (the
 * default) each in-target point weighs 1/q, so every flow learns the target region itself,
 * uniformly, whatever proposed its points. With r > 0 no weight exceeds 1/r. The same
 * weights make the scan's in-target sample exactly uniform over the region in the mean:
 * weight a row by {@code exp(-log_q)} when histogramming it.
 *
 * <p>Capped, so that the sample is even where the flow is sure. A flow trained on a few
 * hundred points in many dimensions is peaked: drawn from as it is, it sends most points
 * to its peaks, and the in-target points follow its shape instead of the region's. Its density is therefore capped at its
 * {@code density_cap} quantile over its own draws: a draw u is kept with probability
 * min(1, cap / f(u)) (draws are cheap; oracle calls are not), so the flow's points follow
 * min(f, cap), flat wherever the flow is confident and as the flow elsewhere; {@code
 * log_q} is of that density.
 *
 * <p>A sign parameter's coordinate is two halves of [0, 1]; its rows sit at 0.25 and 0.75,
 * so the flow learns them spread uniformly over their half (dequantized, as papers/000
 * preprocesses signed M1, M2 and mu), not as two spikes.
 *
 * <pre>
 * strategy:
 *   name: flow
 *   initial: 1000          # uniform points before the first flow
 *   batch: 500             # oracle calls per iteration
 *   random_fraction: 0.1   # r: share of each batch drawn uniformly, to keep exploring
 *   min_points: 100        # in-target points before the first flow (fewer: uniform batches)
 *   reweight: true         # train on in-target points weighted by 1/q (see above); false: unweighted, as papers/000
 *   density_cap: 0.5       # cap the flow's density at this quantile over its draws (see above); 1: uncapped, as papers/000
 *   staleness: 1           # 1: batch k+1 is drawn while batch k is evaluated; 0: train on every batch first
 *   model: {type: flow, transforms: 3, hidden: 64, bins: 10, bound: 2, epochs: 300, batch_size: 1024}
 *   training: {device: auto}   # where the flow trains; see TrainingSpec
 * </pre>
 */
public final class FlowStrategy implements BankedStrategy {
  static final String FLOW = "flow";
  static final Column LOG_Q = new Column("log_q", Column.Type.DOUBLE,
      "log of the density (in the unit cube of the free parameters; uniform = 0) of the mixture that proposed the row;"
          + " exp(-log_q) weighs the row so that the in-target rows are uniform over the region");

  public record Config(ParameterSpace space, int initial, int batch, double randomFraction, int minPoints, boolean reweight,
                       double densityCap, int staleness, FlowSpec model) implements StrategyConfig {
    static final List<String> KEYS = List.of("name", "initial", "batch", "random_fraction", "min_points", "reweight",
        "density_cap", "staleness", "model", "training");

    public static Config parse(Options o, ParameterSpace space) {
      o.allowOnly(KEYS);
      int initial = (int) o.integer("initial", 1000, 1, Integer.MAX_VALUE);
      int batch = (int) o.integer("batch", 500, 1, Integer.MAX_VALUE);
      double randomFraction = o.number("random_fraction", 0.1, 0, 1);
      int minPoints = (int) o.integer("min_points", 100, 2, Integer.MAX_VALUE);
      boolean reweight = o.bool("reweight", true);
      double densityCap = o.number("density_cap", 0.5, 0.01, 1);
      int staleness = (int) o.integer("staleness", 1, 0, 1);
      TrainingSpec training = TrainingSpec.parse(o.has("training") ? o.section("training") : Options.empty(o.pathOf("training")));
      Options model = o.has("model") ? o.section("model") : Options.empty(o.pathOf("model"));
      String type = model.string("type", FlowDensity.TYPE);
      if (!type.equals(FlowDensity.TYPE)) {
        throw new ConfigException(model.pathOf("type"), "the flow strategy samples from a flow; its model is of type flow, not "
            + type + " (leave type out)");
      }
      return new Config(space, initial, batch, randomFraction, minPoints, reweight, densityCap, staleness,
          FlowSpec.parse(model, Task.DENSITY, training));
    }

    @Override
    public String name() {
      return FLOW;
    }

    @Override
    public Strategy newStrategy() {
      return new FlowStrategy(this);
    }
  }

  public static final class Provider extends NamedProvider {
    public Provider() {
      super(FLOW, Config::parse);
    }
  }

  private final Config config;
  private final ModelBank bank;
  private final boolean[] sign;
  /** log q of every row of each proposed batch, in proposal order; a batch without an entry was uniform (log q = 0). */
  private final Map<Integer, double[]> logQ = new TreeMap<>();
  /** How many rows of each batch, not yet judged, the flow drew (the first ones). */
  private final PerIteration<Integer> fromFlow = new PerIteration<>();
  /** Share of the flow's draws in the last judged batch that were in target. */
  private final Map<Integer, Double> flowInTarget = new TreeMap<>();

  public FlowStrategy(Config config) {
    this.config = config;
    this.bank = new ModelBank(config.space(), Integer.MAX_VALUE).declare(FLOW, config.model());
    List<Parameter> free = config.space().freeParameters();
    this.sign = new boolean[free.size()];
    for (int j = 0; j < sign.length; j++) {
      sign[j] = free.get(j).kind() == Parameter.Kind.SIGN;
    }
  }

  @Override
  public String name() {
    return FLOW;
  }

  @Override
  public void start(ScanContext context) {
    bank.start(context);
    bank.outputs(FLOW, List.of("log_density"));
  }

  @Override
  public int staleness() {
    return config.staleness();
  }

  @Override
  public int batchSize(int iteration) {
    return iteration == 1 ? config.initial() : config.batch();
  }

  @Override
  public List<Column> columns() {
    return List.of(LOG_Q);
  }

  @Override
  public List<Proposal> propose(History history, int iteration, int k, SplittableRandom rng) {
    bank.at(iteration);
    if (!bank.has(FLOW)) {
      logQ.remove(iteration);
      fromFlow.put(iteration, 0);
      return RandomStrategy.uniform(k, sign.length, rng);
    }
    double r = config.randomFraction();
    int random = (int) Math.round(r * k);
    Capped drawn = capped(k - random, rng);
    List<Proposal> out = new ArrayList<>(k);
    for (double[] u : drawn.points()) {
      out.add(new Proposal(u, "flow"));
    }
    out.addAll(RandomStrategy.uniform(random, sign.length, rng));
    // the capped draws' log-densities are known from drawing them; only the others are asked
    int known = drawn.logF() == null ? 0 : drawn.logF().length;
    double[] logF = new double[k];
    if (known > 0) {
      System.arraycopy(drawn.logF(), 0, logF, 0, known);
    }
    double[][] rest = out.subList(known, k).stream().map(Proposal::unit).toArray(double[][]::new);
    if (rest.length > 0) {
      System.arraycopy(bank.logDensity(FLOW, rest), 0, logF, known, rest.length);
    }
    double[] lq = new double[k];
    for (int i = 0; i < k; i++) {
      // the density the flow's part was drawn from: min(f, cap) / A, A = its normalisation
      double logCapped = Math.min(logF[i], drawn.logCap()) - drawn.logAcceptance();
      lq[i] = logMixture(r, logCapped);
    }
    logQ.put(iteration, lq);
    fromFlow.put(iteration, k - random);
    return out;
  }

  /**
   * {@code n} points from the flow with its density capped: a draw u is kept with probability
   * min(1, cap / f(u)), so the points follow min(f, cap) / A. The cap is the {@code
   * density_cap} quantile of f over a first round of draws (none at 1); A, the share of
   * draws kept, is the integral of min(f, cap) (estimated over every round).
   */
  private Capped capped(int n, SplittableRandom rng) {
    if (n == 0) {
      return new Capped(List.of(), null, Double.POSITIVE_INFINITY, 0);
    }
    if (config.densityCap() >= 1) {
      return new Capped(List.of(bank.sample(FLOW, n, rng)), null, Double.POSITIVE_INFINITY, 0);
    }
    List<double[]> kept = new ArrayList<>(n);
    double[] keptLogF = new double[n];
    double logCap = Double.NaN;
    long drawn = 0;
    long accepted = 0;
    // every draw below the cap is kept, so at least density_cap of them: rounds of twice what that needs
    int round = (int) Math.min(1 << 20, Math.max(1000, Math.ceil(2.0 * n / config.densityCap())));
    for (int rounds = 0; kept.size() < n; rounds++) {
      if (rounds == 1000) {
        throw new IllegalStateException("the flow kept only " + kept.size() + " of " + drawn + " draws under its density cap");
      }
      double[][] x = bank.sample(FLOW, round, rng);
      double[] lf = bank.logDensity(FLOW, x);
      if (Double.isNaN(logCap)) {
        double[] sorted = lf.clone();
        java.util.Arrays.sort(sorted);
        logCap = sorted[(int) Math.floor(config.densityCap() * (sorted.length - 1))];
      }
      for (int i = 0; i < x.length; i++) {
        drawn++;
        if (rng.nextDouble() < Math.exp(Math.min(0, logCap - lf[i]))) {
          accepted++;
          if (kept.size() < n) {
            keptLogF[kept.size()] = lf[i];
            kept.add(x[i]);
          }
        }
      }
    }
    // over every draw, those kept beyond the n needed included
    return new Capped(kept, keptLogF, logCap, Math.log((double) accepted / drawn));
  }

  /** Points drawn under the cap, their log-densities (null when not computed), the log of the cap, and the log of the share of draws kept. */
  private record Capped(List<double[]> points, double[] logF, double logCap, double logAcceptance) {
  }

  /** log(r + (1 - r) exp(logF)), without overflow. */
  static double logMixture(double r, double logF) {
    if (r <= 0) {
      return logF;
    }
    if (r >= 1 || logF == Double.NEGATIVE_INFINITY) {
      return Math.log(r);
    }
    double a = Math.log(r);
    double b = Math.log1p(-r) + logF;
    double max = Math.max(a, b);
    return max + Math.log(Math.exp(a - max) + Math.exp(b - max));
  }

  @Override
  public void learn(History history, SplittableRandom rng) {
    bank.at(history.iterations());
    List<double[]> x = new ArrayList<>();
    List<Double> w = new ArrayList<>();
    collect(history.start(), null, history, rng, x, w);
    for (int it = 1; it <= history.iterations(); it++) {
      collect(history.iteration(it), logQ.get(it), history, rng, x, w);
    }
    if (x.size() < config.minPoints()) {
      return;
    }
    double[] weights = null;
    if (config.reweight()) {
      weights = new double[w.size()];
      double mean = 0;
      for (double v : w) {
        mean += v;
      }
      mean /= w.size();
      for (int i = 0; i < weights.length; i++) {
        weights[i] = w.get(i) / mean; // mean 1: the loss keeps the scale of an unweighted one
      }
    }
    bank.fit(FLOW, TrainingSet.density(x.toArray(double[][]::new), weights), rng, false, 0);
  }

  /**
   * The in-target rows of one batch as unit-cube points (sign coordinates spread over their
   * half) with their weights 1/q; {@code lq} null or of another length: the batch was uniform.
   */
  private void collect(List<Evaluation> rows, double[] lq, History history, SplittableRandom rng, List<double[]> x,
      List<Double> w) {
    boolean known = lq != null && lq.length == rows.size();
    for (int i = 0; i < rows.size(); i++) {
      Evaluation e = rows.get(i);
      if (!e.inTarget()) {
        continue;
      }
      double[] u = history.unit(e).clone();
      for (int j = 0; j < u.length; j++) {
        if (sign[j]) {
          u[j] = (u[j] < 0.5 ? 0 : 0.5) + 0.5 * rng.nextDouble();
        }
      }
      x.add(u);
      w.add(known ? Math.exp(-lq[i]) : 1.0);
    }
  }

  /** The share of the flow's draws in target, per batch: the figure of papers/000 Table IV. */
  @Override
  public Map<String, Double> modelQuality(int iteration, List<Evaluation> batch) {
    Integer n = fromFlow.take(iteration);
    if (n == null || n == 0) {
      return Map.of();
    }
    long in = 0;
    for (int i = 0; i < Math.min(n, batch.size()); i++) {
      in += batch.get(i).inTarget() ? 1 : 0;
    }
    return Map.of("flow_in_target", (double) in / Math.min(n, batch.size()));
  }

  @Override
  public ColumnValues columnValues(int iteration, List<Evaluation> batch) {
    double[] lq = logQ.get(iteration);
    double[] v = new double[batch.size()];
    for (int i = 0; i < v.length; i++) {
      v[i] = lq != null && i < lq.length ? lq[i] : 0.0;
    }
    return new ColumnValues().put(LOG_Q.name(), v);
  }

  @Override
  public ModelBank bank() {
    return bank;
  }

  /** Every batch's log q: the weights of the next flows' training rows. */
  @Override
  public JsonNode state() {
    if (logQ.isEmpty()) {
      return null;
    }
    ObjectNode state = JsonNodeFactory.instance.objectNode();
    ObjectNode batches = state.putObject("log_q");
    logQ.forEach((it, lq) -> {
      ArrayNode a = batches.putArray(Integer.toString(it));
      for (double v : lq) {
        a.add(v);
      }
    });
    return state;
  }

  @Override
  public void restore(JsonNode state) {
    logQ.clear();
    if (state == null || state.isNull() || state.get("log_q") == null) {
      return;
    }
    Iterator<Map.Entry<String, JsonNode>> it = state.get("log_q").fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      double[] lq = new double[e.getValue().size()];
      for (int i = 0; i < lq.length; i++) {
        lq[i] = e.getValue().get(i).doubleValue();
      }
      logQ.put(Integer.parseInt(e.getKey()), lq);
    }
  }
}
