package org.hepscan.strategy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.hepscan.config.ConfigException;
import org.hepscan.config.Options;
import org.hepscan.oracle.Evaluation;
import org.hepscan.space.Parameter;
import org.hepscan.space.ParameterSpace;
import org.hepscan.strategy.api.Column;
import org.hepscan.strategy.api.ColumnValues;
import org.hepscan.strategy.api.History;
import org.hepscan.strategy.api.NamedProvider;
import org.hepscan.strategy.api.Proposal;
import org.hepscan.strategy.api.Strategy;
import org.hepscan.strategy.api.StrategyConfig;
import org.hepscan.strategy.proposal.Candidates;

/**
 * K Metropolis chains advanced in parallel: each iteration proposes one Gaussian step per
 * chain (in the unit cube, reflected at its faces so the proposal stays symmetric), the
 * K proposals are evaluated in one Spark job, and each chain accepts or rejects its own.
 * The target density is exp(log-likelihood of the scan's target); a chain that sits
 * where the likelihood is zero accepts any move, so chains started outside the allowed
 * region wander until they find it. Each step starts where the last answer left its chain,
 * so the rounds are never pipelined ({@link #staleness()} 0).
 *
 * <p>The first iteration evaluates {@code initial} uniform points and starts the chains at
 * the best {@code chains} of them.
 *
 * <p>Its rows carry two columns of their own: {@code chain} (long), the index (from 0) of the
 * chain whose step the row is, and {@code accepted} (boolean), whether that chain moved to
 * it. Both are null in the first iteration's uniform points, which are no step of a chain.
 * Every later iteration has one row per chain, row c being chain c's proposal; the share of
 * {@code accepted} rows is the {@code acceptance_rate} of progress.json.
 *
 * <pre>
 * strategy:
 *   name: mcmc
 *   chains: 50
 *   initial: 500              # at least chains; default chains
 *   proposal_width: 0.05      # step sigma as a fraction of each range; or {m0: 0.02, m12: 0.05}
 * </pre>
 */
public final class McmcStrategy implements Strategy {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(McmcStrategy.class);
  private final int dimension;
  private final int chains;
  private final int initial;
  private final double[] width;

  private double[][] position;
  private double[] loglike;
  private long[] accepted;
  private long[] steps;
  private double[][] pending;
  /** The iteration {@link #learn} judged last, and per chain whether it accepted that step (null: the uniform start). */
  private int judgedIteration;
  private boolean[] judgedAccepted;

  static final Column CHAIN = Column.ofLong("chain",
      "the index (from 0) of the chain this point is a proposed step of; null for the uniform start points");
  static final Column ACCEPTED = Column.ofBoolean("accepted",
      "whether the chain moved to this point (Metropolis acceptance); null for the uniform start points");

  /** The {@code strategy:} section, checked: the chains, the uniform start, the step widths (fractions of each range). */
  public record Config(int dimension, int chains, int initial, double[] width) implements StrategyConfig {
    public Config {
      width = width.clone();
    }

    @Override
    public double[] width() {
      return width.clone();
    }

    public static Config parse(Options o, ParameterSpace space) {
      if (o.has("batch")) {
        throw new ConfigException(o.pathOf("batch"), "mcmc evaluates one proposal per chain per iteration; set strategy.chains instead of batch");
      }
      o.allowOnly("name", "chains", "initial", "proposal_width");
      int chains = (int) o.integer("chains", 20, 1, Integer.MAX_VALUE);
      int initial = (int) o.integer("initial", chains, 1, Integer.MAX_VALUE);
      if (initial < chains) {
        throw new ConfigException(o.pathOf("initial"), "the " + chains + " chains start at the best initial points, so initial must be at least chains (" + chains + "), got " + initial);
      }
      return new Config(space.dimension(), chains, initial, widths(o, space));
    }

    @Override
    public String name() {
      return "mcmc";
    }

    @Override
    public Strategy newStrategy() {
      return new McmcStrategy(this);
    }
  }

  public static final class Provider extends NamedProvider {
    public Provider() {
      super("mcmc", Config::parse);
    }
  }

  public McmcStrategy(Config c) {
    this.dimension = c.dimension();
    this.chains = c.chains();
    this.initial = c.initial();
    this.width = c.width();
  }

  private static double[] widths(Options o, ParameterSpace space) {
    List<Parameter> free = space.freeParameters();
    double[] w = new double[free.size()];
    Object raw = o.raw("proposal_width");
    if (raw instanceof Map<?, ?>) {
      Options per = o.section("proposal_width");
      per.allowOnly(free.stream().map(Parameter::name).toList());
      for (int i = 0; i < w.length; i++) {
        w[i] = checkWidth(per, free.get(i).name(), per.number(free.get(i).name(), 0.05));
      }
    } else {
      double all = checkWidth(o, "proposal_width", o.number("proposal_width", 0.05));
      java.util.Arrays.fill(w, all);
    }
    return w;
  }

  private static double checkWidth(Options o, String key, double v) {
    if (!(v > 0 && v <= 1)) {
      throw new ConfigException(o.pathOf(key), "expected a step width in (0, 1] as a fraction of the parameter's range, got " + Options.fmt(v));
    }
    return v;
  }

  @Override
  public String name() {
    return "mcmc";
  }

  @Override
  public int batchSize(int iteration) {
    return position == null ? initial : position.length;
  }

  @Override
  public List<Proposal> propose(History history, int iteration, int k, SplittableRandom rng) {
    if (position == null) {
      return RandomStrategy.uniform(k, dimension, rng);
    }
    int n = Math.min(k, position.length);
    pending = new double[n][];
    List<Proposal> out = new ArrayList<>(n);
    for (int c = 0; c < n; c++) {
      double[] x = new double[dimension];
      for (int d = 0; d < dimension; d++) {
        x[d] = Candidates.reflect(position[c][d] + width[d] * rng.nextGaussian());
      }
      pending[c] = x;
      out.add(new Proposal(x.clone(), "mcmc"));
    }
    return out;
  }

  @Override
  public void learn(History history, SplittableRandom rng) {
    List<Evaluation> latest = history.latest();
    judgedIteration = history.iterations();
    judgedAccepted = null;
    if (position == null) {
      startChains(history, latest);
      return;
    }
    judgedAccepted = new boolean[Math.min(pending.length, latest.size())];
    for (int c = 0; c < pending.length && c < latest.size(); c++) {
      double proposed = latest.get(c).loglike();
      double current = loglike[c];
      boolean accept = current == Double.NEGATIVE_INFINITY
          || proposed >= current
          || Math.log(rng.nextDouble()) < proposed - current;
      steps[c]++;
      judgedAccepted[c] = accept;
      if (accept) {
        position[c] = pending[c];
        loglike[c] = proposed;
        accepted[c]++;
      }
    }
    pending = null;
  }

  private void startChains(History history, List<Evaluation> first) {
    List<Evaluation> best = new ArrayList<>(first);
    best.sort(Comparator.comparingDouble(Evaluation::loglike).reversed().thenComparingLong(Evaluation::id));
    int n = Math.min(chains, best.size());
    if (n < chains) {
      LOG.warn("only {} of the {} chains start: the first iteration was cut to {} points (by stop.max_evaluations)", n, chains, best.size());
    }
    position = new double[n][];
    loglike = new double[n];
    accepted = new long[n];
    steps = new long[n];
    for (int c = 0; c < n; c++) {
      position[c] = history.unit(best.get(c));
      loglike[c] = best.get(c).loglike();
    }
  }



  /** The fraction of proposals accepted so far, over all chains; NaN before the first step. */
  public double acceptanceRate() {
    if (steps == null) {
      return Double.NaN;
    }
    long a = 0;
    long s = 0;
    for (int c = 0; c < steps.length; c++) {
      a += accepted[c];
      s += steps[c];
    }
    return s == 0 ? Double.NaN : (double) a / s;
  }

  @Override
  public List<Column> columns() {
    return List.of(CHAIN, ACCEPTED);
  }

  /** Row c of a chain step's batch is chain c's proposal; learn (staleness 0: before this call) decided whether it was accepted. */
  @Override
  public ColumnValues columnValues(int iteration, List<Evaluation> batch) {
    if (iteration != judgedIteration) {
      throw new IllegalStateException("mcmc was asked for the columns of iteration " + iteration + " after judging iteration "
          + judgedIteration + ": the loop must let it learn a batch before writing it");
    }
    if (judgedAccepted == null) {
      return ColumnValues.NONE;
    }
    List<Long> chain = new ArrayList<>(batch.size());
    List<Boolean> accept = new ArrayList<>(batch.size());
    for (int row = 0; row < batch.size(); row++) {
      chain.add(row < judgedAccepted.length ? (long) row : null);
      accept.add(row < judgedAccepted.length ? judgedAccepted[row] : null);
    }
    return new ColumnValues().put(CHAIN.name(), chain).put(ACCEPTED.name(), accept);
  }

  @Override
  public Map<String, Double> metrics(int iteration) {
    return Map.of("acceptance_rate", acceptanceRate());
  }

  @Override
  public JsonNode state() {
    if (position == null) {
      return null;
    }
    JsonNodeFactory f = JsonNodeFactory.instance;
    ArrayNode list = f.arrayNode();
    for (int c = 0; c < position.length; c++) {
      ObjectNode chain = list.addObject();
      ArrayNode pos = chain.putArray("position");
      for (double v : position[c]) {
        pos.add(v);
      }
      // JSON has no infinities: a chain still outside the target region (-Infinity) is written as text.
      if (Double.isFinite(loglike[c])) {
        chain.put("loglike", loglike[c]);
      } else {
        chain.put("loglike", Double.toString(loglike[c]));
      }
      chain.put("accepted", accepted[c]);
      chain.put("steps", steps[c]);
    }
    ObjectNode state = f.objectNode();
    state.set("chains", list);
    return state;
  }

  @Override
  public void restore(JsonNode state) {
    if (state == null || state.isNull()) {
      return;
    }
    JsonNode list = state.get("chains");
    int n = list.size();
    position = new double[n][];
    loglike = new double[n];
    accepted = new long[n];
    steps = new long[n];
    for (int c = 0; c < n; c++) {
      JsonNode chain = list.get(c);
      JsonNode pos = chain.get("position");
      if (pos.size() != dimension) {
        throw new IllegalStateException("checkpoint chain " + c + " has " + pos.size() + " coordinates, the space has " + dimension);
      }
      position[c] = new double[dimension];
      for (int d = 0; d < dimension; d++) {
        position[c][d] = pos.get(d).doubleValue();
      }
      JsonNode l = chain.get("loglike");
      loglike[c] = l.isTextual() ? Double.parseDouble(l.textValue()) : l.doubleValue();
      accepted[c] = chain.get("accepted").longValue();
      steps[c] = chain.get("steps").longValue();
    }
  }
}
