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
import org.hepscan.store.Json;
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
 * the best {@code chains} of them. A scan with start rows ({@code strategy.start_from}) that
 * hold at least {@code chains} in-target points starts the chains at the best of those
 * instead, with no uniform points (papers/004 started emcee's 300 walkers at 300 in-target
 * points); with fewer, the uniform points are evaluated and the chains start at the best of
 * both.
 *
 * <p>{@code move: stretch} replaces the Gaussian steps with the affine-invariant ensemble
 * sampler of emcee (Goodman and Weare 2010; Foreman-Mackey et al. 2013), the MCMC of
 * papers/004: the chains are walkers in two halves, and an iteration moves one half, each
 * walker k to Y = X_j + z (X_k - X_j) with X_j a walker of the other half and z drawn from
 * g(z) ~ 1/sqrt(z) on [1/a, a] ({@code stretch_scale} a, 2 as in emcee), accepted with
 * probability min(1, z^(d-1) L(Y) / L(X_k)). Its steps follow the shape of the region the
 * walkers span, with no width to tune. A proposal outside the scanned ranges is rejected
 * without calling the oracle (the prior is zero there), so an iteration evaluates at most
 * half the walkers. emcee asks for at least twice as many walkers as dimensions; so does this.
 *
 * <p>Its rows carry two columns of their own: {@code chain} (long), the index (from 0) of the
 * chain whose step the row is, and {@code accepted} (boolean), whether that chain moved to
 * it. Both are null in the first iteration's uniform points, which are no step of a chain.
 * Every later iteration has one row per chain, row c being chain c's proposal (with the
 * stretch move, one row per walker of the half that moved whose proposal stayed inside the
 * ranges); {@code acceptance_rate} in progress.json is the share of steps accepted, a
 * stretch out of the ranges counting as a rejected step.
 *
 * <pre>
 * strategy:
 *   name: mcmc
 *   chains: 50
 *   initial: 500              # at least chains; default chains
 *   proposal_width: 0.05      # step sigma as a fraction of each range; or {m0: 0.02, m12: 0.05}
 *   move: metropolis          # or stretch (then no proposal_width; stretch_scale: 2)
 * </pre>
 */
public final class McmcStrategy implements Strategy {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(McmcStrategy.class);
  private final int dimension;
  private final int chains;
  private final int initial;
  private final double[] width;
  private final boolean stretch;
  private final double scale;

  private double[][] position;
  private double[] loglike;
  private long[] accepted;
  private long[] steps;
  private double[][] pending;
  /** Stretch: the walker of each pending proposal, its z, and the half that moves next (0: the first). */
  private int[] pendingWalker;
  private double[] pendingZ;
  private int half;
  /** The iteration {@link #learn} judged last, and per chain whether it accepted that step (null: the uniform start). */
  private int judgedIteration;
  private boolean[] judgedAccepted;
  /** Stretch: the walker of each row of the judged batch. */
  private int[] judgedWalker;

  static final Column CHAIN = Column.ofLong("chain",
      "the index (from 0) of the chain this point is a proposed step of; null for the uniform start points");
  static final Column ACCEPTED = Column.ofBoolean("accepted",
      "whether the chain moved to this point (Metropolis acceptance); null for the uniform start points");

  /**
   * The {@code strategy:} section, checked: the chains, the uniform start, the step widths
   * (fractions of each range) of the Metropolis move, or the stretch move and its scale.
   */
  public record Config(int dimension, int chains, int initial, double[] width, String move, double stretchScale)
      implements StrategyConfig {
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
      o.allowOnly("name", "chains", "initial", "proposal_width", "move", "stretch_scale");
      int chains = (int) o.integer("chains", 20, 1, Integer.MAX_VALUE);
      int initial = (int) o.integer("initial", chains, 1, Integer.MAX_VALUE);
      if (initial < chains) {
        throw new ConfigException(o.pathOf("initial"), "the " + chains + " chains start at the best initial points, so initial must be at least chains (" + chains + "), got " + initial);
      }
      String move = o.string("move", "metropolis");
      if (move.equals("stretch")) {
        if (o.has("proposal_width")) {
          throw new ConfigException(o.pathOf("proposal_width"), "the stretch move has no step width (its steps follow the walkers);"
              + " leave proposal_width out, or set stretch_scale (default 2)");
        }
        int least = Math.max(4, 2 * space.dimension());
        if (chains < least) {
          throw new ConfigException(o.pathOf("chains"), "the stretch move needs at least twice as many walkers as free parameters ("
              + least + " for " + space.dimension() + "), so that each half spans the space; got " + chains);
        }
        double a = o.number("stretch_scale", 2.0);
        if (!(a > 1 && a <= 10)) {
          throw new ConfigException(o.pathOf("stretch_scale"), "expected a in (1, 10] (z is drawn from [1/a, a]; emcee uses 2), got "
              + Options.fmt(a));
        }
        double[] none = new double[space.dimension()];
        return new Config(space.dimension(), chains, initial, none, move, a);
      }
      if (!move.equals("metropolis")) {
        throw new ConfigException(o.pathOf("move"), "unknown move '" + move + "'; known: metropolis (Gaussian steps), stretch"
            + " (emcee's affine-invariant ensemble)");
      }
      if (o.has("stretch_scale")) {
        throw new ConfigException(o.pathOf("stretch_scale"), "only the stretch move has a scale; set move: stretch");
      }
      return new Config(space.dimension(), chains, initial, widths(o, space), move, 2.0);
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
    this.stretch = c.move().equals("stretch");
    this.scale = c.stretchScale();
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
  public void start(org.hepscan.strategy.api.ScanContext context) {
    if (position != null) {
      return; // resumed: the chains are where the checkpoint left them
    }
    List<Evaluation> inside = context.start().stream().filter(Evaluation::inTarget).toList();
    if (inside.size() >= chains) {
      startChains(context.space(), inside);
      if (stretch) {
        prepareStretch(org.hepscan.scan.Rngs.forIteration(context.seed(), 0, org.hepscan.scan.Rngs.Stream.LEARN));
      }
    }
  }

  @Override
  public int batchSize(int iteration) {
    return position == null ? initial : stretch ? pending.length : position.length;
  }

  @Override
  public List<Proposal> propose(History history, int iteration, int k, SplittableRandom rng) {
    if (position == null) {
      return RandomStrategy.uniform(k, dimension, rng);
    }
    if (stretch) {
      // drawn by learn, which also decided the walkers whose stretch left the ranges
      List<Proposal> out = new ArrayList<>();
      for (int r = 0; r < Math.min(k, pending.length); r++) {
        out.add(new Proposal(pending[r].clone(), "mcmc"));
      }
      return out;
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
      List<Evaluation> candidates = new ArrayList<>(history.start());
      candidates.addAll(latest);
      startChains(history.space(), candidates);
      if (stretch) {
        prepareStretch(rng);
      }
      return;
    }
    if (stretch) {
      learnStretch(latest, rng);
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

  /** Judges the half that moved: row r of the batch is walker pendingWalker[r]'s proposal; then draws the other half's. */
  private void learnStretch(List<Evaluation> latest, SplittableRandom rng) {
    int n = Math.min(pending.length, latest.size());
    judgedAccepted = new boolean[n];
    judgedWalker = new int[n];
    for (int r = 0; r < n; r++) {
      int w = pendingWalker[r];
      double proposed = latest.get(r).loglike();
      double current = loglike[w];
      double logRatio = (dimension - 1) * Math.log(pendingZ[r]) + proposed - current;
      // as the Metropolis chains: a walker where the likelihood is zero takes any step, until it finds the region
      boolean accept = current == Double.NEGATIVE_INFINITY
          || proposed > Double.NEGATIVE_INFINITY && (logRatio >= 0 || Math.log(rng.nextDouble()) < logRatio);
      steps[w]++;
      judgedAccepted[r] = accept;
      judgedWalker[r] = w;
      if (accept) {
        position[w] = pending[r];
        loglike[w] = proposed;
        accepted[w]++;
      }
    }
    half = 1 - half;
    prepareStretch(rng);
  }

  /**
   * The stretch proposals of the half that moves next. A proposal outside the unit cube is
   * rejected here (its walker stays, a step taken); should a whole half leave it, the other
   * half is drawn, and so on: with walkers inside, half of all z are below 1 and land
   * between two walkers, inside the cube.
   */
  private void prepareStretch(SplittableRandom rng) {
    int n = position.length;
    int cut = n / 2;
    for (int attempt = 0; attempt < 10_000; attempt++) {
      int from = half == 0 ? 0 : cut;
      int to = half == 0 ? cut : n;
      int otherFrom = half == 0 ? cut : 0;
      int otherSize = half == 0 ? n - cut : cut;
      List<double[]> points = new ArrayList<>();
      List<Integer> walkers = new ArrayList<>();
      List<Double> zs = new ArrayList<>();
      for (int w = from; w < to; w++) {
        double[] xj = position[otherFrom + rng.nextInt(otherSize)];
        double u = rng.nextDouble();
        double z = Math.pow((scale - 1) * u + 1, 2) / scale; // g(z) ~ 1/sqrt(z) on [1/a, a]
        double[] y = new double[dimension];
        boolean inside = true;
        for (int d = 0; d < dimension; d++) {
          y[d] = xj[d] + z * (position[w][d] - xj[d]);
          inside &= y[d] >= 0 && y[d] <= 1;
        }
        if (inside) {
          points.add(y);
          walkers.add(w);
          zs.add(z);
        } else {
          steps[w]++; // rejected: the prior is zero outside the ranges
        }
      }
      if (!points.isEmpty()) {
        pending = points.toArray(new double[0][]);
        pendingWalker = walkers.stream().mapToInt(Integer::intValue).toArray();
        pendingZ = zs.stream().mapToDouble(Double::doubleValue).toArray();
        return;
      }
      half = 1 - half;
    }
    throw new IllegalStateException("no stretch proposal of the " + n + " walkers stays inside the scanned ranges");
  }

  private void startChains(ParameterSpace space, List<Evaluation> first) {
    List<Evaluation> best = new ArrayList<>(first);
    best.sort(Comparator.comparingDouble(Evaluation::loglike).reversed().thenComparingLong(Evaluation::id));
    int n = Math.min(chains, best.size());
    if (n < chains) {
      LOG.warn("only {} of the {} chains start: the first iteration was cut to {} points (by stop.max_evaluations)", n, chains,
          best.size());
    }
    position = new double[n][];
    loglike = new double[n];
    accepted = new long[n];
    steps = new long[n];
    for (int c = 0; c < n; c++) {
      position[c] = space.toUnit(best.get(c).point().values());
      loglike[c] = best.get(c).loglike();
    }
  }



  /** Where each chain (walker) is now, in the unit cube; empty before the chains start. */
  double[][] walkers() {
    if (position == null) {
      return new double[0][];
    }
    double[][] w = new double[position.length][];
    for (int c = 0; c < w.length; c++) {
      w[c] = position[c].clone();
    }
    return w;
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
      chain.add(row < judgedAccepted.length ? (long) (stretch ? judgedWalker[row] : row) : null);
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
      // a chain still outside the target region has -Infinity, which JSON writes as text
      chain.set("loglike", Json.number(loglike[c]));
      chain.put("accepted", accepted[c]);
      chain.put("steps", steps[c]);
    }
    ObjectNode state = f.objectNode();
    state.set("chains", list);
    if (stretch && pending != null) {
      // the next half's proposals were drawn when the last batch was learned: a resumed scan evaluates the same ones
      state.put("half", half);
      ArrayNode next = state.putArray("pending");
      for (int r = 0; r < pending.length; r++) {
        ObjectNode p = next.addObject();
        p.put("walker", pendingWalker[r]);
        p.put("z", pendingZ[r]);
        ArrayNode y = p.putArray("point");
        for (double v : pending[r]) {
          y.add(v);
        }
      }
    }
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
      loglike[c] = Json.toDouble(chain.get("loglike"));
      accepted[c] = chain.get("accepted").longValue();
      steps[c] = chain.get("steps").longValue();
    }
    if (stretch) {
      JsonNode next = state.get("pending");
      if (next == null) {
        throw new IllegalStateException("the checkpoint has no pending stretch proposals: it was written by the Metropolis move");
      }
      half = state.get("half").intValue();
      pending = new double[next.size()][dimension];
      pendingWalker = new int[next.size()];
      pendingZ = new double[next.size()];
      for (int r = 0; r < next.size(); r++) {
        pendingWalker[r] = next.get(r).get("walker").intValue();
        pendingZ[r] = next.get(r).get("z").doubleValue();
        for (int d = 0; d < dimension; d++) {
          pending[r][d] = next.get(r).get("point").get(d).doubleValue();
        }
      }
    }
  }
}
