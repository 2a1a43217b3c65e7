package org.hepscan.strategy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.hepscan.config.ConfigException;
import org.hepscan.config.Options;
import org.hepscan.oracle.Evaluation;
import org.hepscan.space.ParameterSpace;
import org.hepscan.store.Json;
import org.hepscan.strategy.api.Column;
import org.hepscan.strategy.api.ColumnValues;
import org.hepscan.strategy.api.History;
import org.hepscan.strategy.api.NamedProvider;
import org.hepscan.strategy.api.PerIteration;
import org.hepscan.strategy.api.Proposal;
import org.hepscan.strategy.api.Strategy;
import org.hepscan.strategy.api.StrategyConfig;
import org.hepscan.strategy.nested.Bound;
import org.hepscan.strategy.nested.Evidence;
import org.hepscan.strategy.nested.InsertionRanks;
import org.hepscan.strategy.nested.Walkers;

/**
 * Nested sampling (Skilling 2004) with the evidence: {@code live} points drawn from the prior
 * (the scan's unit cube), then, batch after batch, the {@code batch} lowest-likelihood live
 * points die together and are replaced by points drawn from the {@link Bound} of the
 * survivors that beat the highest of them; log Z, its error and the information H follow
 * ({@link Evidence}). The likelihood is the spec's (its constraints' log-likelihoods added);
 * an invalid or failed call has L = 0 and never replaces anything.
 *
 * <p>Parallel on the cluster: an iteration's batch is the candidates of one Spark job. How
 * many it sends is its estimate of how many it needs (the replacements still missing over the
 * share of the last batch's candidates that beat their threshold), at least {@code batch}. When a batch brings fewer
 * than the replacements needed, the same dead points wait for the next batch; candidates
 * beyond those needed that also beat the next threshold replace the next dead points (they
 * are uniform draws from a region that holds the next one, so they serve it unbiased).
 * Every replacement is thus a uniform draw above the threshold of the points it replaces,
 * whatever the batch sizes. Live points tied with the batch's highest die with it: a plateau
 * (the invalid calls' L = 0, a likelihood with steps) is one level, whose q points leave n - q
 * of n live points' volume; when the tie holds every live point (a likelihood flat above the
 * threshold) the run stops and says so.
 *
 * <pre>
 * strategy:
 *   name: nested
 *   live: 500        # live points
 *   batch: 50        # live points replaced at once (k); at most a fifth of live
 *   bound: auto      # auto (multi up to 5-D, single above) | none | single | multi (ellipsoids), see Bound
 *   enlarge: 1.25    # volume factor of each bounding ellipsoid
 *   dlogz: 0.01      # stop when the live points could add at most this to log Z
 *   max_batch: 10000 # candidates one iteration sends at most
 *   sample: auto     # auto (unif up to 10-D, rslice above) | unif (draws from the bound) | rwalk | rslice (walkers, see Walkers)
 *   walks: 20 + D    # rwalk: Metropolis steps per replacement
 *   slices: 5 D      # rslice: slices per replacement (PolyChord's num_repeats)
 * </pre>
 *
 * <p>With {@code sample: rwalk} or {@code rslice} each dead point of a batch gets a walker
 * that starts at a surviving live point and moves above the threshold ({@link Walkers}: one
 * call per walker per iteration, the batch being the walkers still moving); where it ends
 * replaces the dead point. A replacement then costs about the same number of calls however
 * small the constrained region has become, where a draw from a bound costs the inverse of
 * its acceptance, and a bound that misses part of the region biases log Z upward: one
 * ellipsoid fitted to 450 points in 30-D does (bench nested-evidence). Too few moves bias it
 * upward too (replacements stay near the live points they started from, and the live set
 * shrinks faster than the bookkeeping says), less so the more moves. {@code slices: 5 D} is
 * PolyChord's default number of slices per replacement ({@code num_repeats}); fewer left a
 * bias in 30-D that seeds 1-3 alone had hidden (bench nested-evidence has the figures).
 *
 * <p>Output: a {@code loglstar} column (the log-likelihood a candidate had to beat; null for
 * the first draw from the prior); {@code log_z}, {@code log_z_error}, {@code information},
 * {@code dead_points} in progress.json; the stop reason "the remaining evidence is below
 * dlogz". The dead points' log weights (log L dX) are in the checkpoint, in dying order.
 *
 * <p>A check of the run itself (Fowlie, Handley and Su 2020, "Nested sampling cross-checks
 * using order statistics"): a replacement drawn as nested sampling requires, uniformly above
 * the threshold, falls at a uniform rank among the survivors' likelihoods. {@code
 * insertion_ks_p} in progress.json is the Kolmogorov-Smirnov p-value of the run's insertion
 * ranks against that uniform law ({@code insertions} of them). A small value says that the
 * replacements were not drawn from the constrained prior, or that the likelihood has plateaus
 * (a cut-only constraint gives one, and nested sampling's volumes assume none), and that log
 * Z should not be trusted as it stands. A sampler that only correlates each replacement with
 * the live point it started from leaves the ranks uniform: the check does not see that.
 */
public final class NestedStrategy implements Strategy {
  public static final String NAME = "nested";
  /**
   * The origin of a candidate sent to the oracle to check a filter (ml-nested's audit of
   * the candidates its models turned away): its answer is recorded and learned from, but it
   * never replaces a dead point, since it was not drawn uniformly from the bound.
   */
  public static final String AUDIT = "audit";
  static final Column LOGLSTAR = new Column("loglstar", Column.Type.DOUBLE,
      "the log-likelihood this candidate had to beat to replace a dead point; null for the first draw from the prior");

  /** The {@code strategy:} section, checked. */
  public record Config(ParameterSpace space, int live, int batch, String bound, double enlarge, double dlogz, int maxBatch,
                       String sample, int walks, int slices)
      implements StrategyConfig {
    static final List<String> KEYS = List.of("name", "live", "batch", "bound", "enlarge", "dlogz", "max_batch", "sample", "walks", "slices");
    /** How replacements are drawn: {@code unif} from the bound, {@code rwalk} or {@code rslice} by walkers from live points. */
    public static final List<String> SAMPLES = List.of("auto", "unif", "rwalk", "rslice");
    /** Dimensions up to which {@code sample: auto} is {@code unif}; {@code rslice} above (dynesty's threshold, 10). */
    public static final int UNIFORM_UP_TO = 10;

    public static Config parse(Options o, ParameterSpace space) {
      return parse(o, space, List.of());
    }

    /** Reads the sampler's options of section {@code o}, which may also hold {@code ownKeys} (a strategy built over it reads them). */
    public static Config parse(Options o, ParameterSpace space, List<String> ownKeys) {
      List<String> allowed = new ArrayList<>(KEYS);
      allowed.addAll(ownKeys);
      o.allowOnly(allowed);
      int live = (int) o.integer("live", 500, 2 * space.dimension() + 2, 10_000_000);
      int batch = (int) o.integer("batch", Math.max(1, Math.min(50, live / 5)), 1, Integer.MAX_VALUE);
      if (batch > live / 5) {
        throw new ConfigException(o.pathOf("batch"), "at most a fifth of live (" + live / 5 + "): the survivors of a batch"
            + " are what the next bound is fitted to; got " + batch);
      }
      String bound = o.choice("bound", "auto", Bound.NAMES.toArray(String[]::new));
      double enlarge = o.number("enlarge", 1.25, 1, 100);
      double dlogz = o.number("dlogz", 0.01, 1e-9, 1e6);
      int maxBatch = (int) o.integer("max_batch", 10_000, 1, Integer.MAX_VALUE);
      if (maxBatch < batch) {
        throw new ConfigException(o.pathOf("max_batch"), "at least batch (" + batch + "); got " + maxBatch);
      }
      String sample = o.choice("sample", "auto", SAMPLES.toArray(String[]::new));
      int walks = (int) o.integer("walks", 20 + space.dimension(), 1, 1_000_000);
      int slices = (int) o.integer("slices", 5 * space.dimension(), 1, 1_000_000);
      return new Config(space, live, batch, bound, enlarge, dlogz, maxBatch, sample, walks, slices);
    }

    /** What {@code sample} means in this space: {@code unif}, {@code rwalk} or {@code rslice}. */
    public String sampler() {
      return sample.equals("auto") ? (space.dimension() <= UNIFORM_UP_TO ? "unif" : "rslice") : sample;
    }

    /** This configuration drawing as {@code sample} says. */
    public Config withSample(String sample) {
      return new Config(space, live, batch, bound, enlarge, dlogz, maxBatch, sample, walks, slices);
    }

    @Override
    public String name() {
      return NAME;
    }

    @Override
    public Strategy newStrategy() {
      return new NestedStrategy(this);
    }
  }

  public static final class Provider extends NamedProvider {
    public Provider() {
      super(NAME, Config::parse);
    }
  }

  /** A candidate that beat a threshold: its point, log-likelihood and id. */
  private record Point(double[] unit, double logL, long id) {
  }

  private final Config config;
  private final int dimension;
  // ---- the live set and the batch of dead points being replaced (null before the prior draw is back)
  private double[][] live;
  private double[] liveL;
  private long[] liveId;
  /** Indices into live of the points dying now, lowest first, and the likelihood their replacements must beat. */
  private int[] dying;
  private double threshold;
  private final List<Point> replacements = new ArrayList<>();
  private final List<Point> reserve = new ArrayList<>();
  private Evidence evidence = new Evidence();
  /** Share of the last judged batch's candidates that beat their threshold, smoothed. */
  private double acceptance = 0.5;
  private int pieces;
  private final List<Long> deadIds = new ArrayList<>();
  private final List<Double> deadLogWeights = new ArrayList<>();
  /** The threshold of each proposed batch not yet written, for its loglstar column. */
  private final PerIteration<Double> proposedThreshold = new PerIteration<>();
  /** The replacements' ranks among the survivors: the run's own check. */
  private final InsertionRanks insertions = new InsertionRanks();
  /** The walkers of {@code sample: rwalk} or {@code rslice}; null when replacements are drawn from the bound. */
  private final Walkers walk;

  public NestedStrategy(Config config) {
    this.config = config;
    this.dimension = config.space().dimension();
    this.walk = switch (config.sampler()) {
      case "rwalk" -> new Walkers(Walkers.Move.RWALK, dimension, config.walks(), Walkers.initialScale(Walkers.Move.RWALK, dimension));
      case "rslice" -> new Walkers(Walkers.Move.RSLICE, dimension, config.slices(), Walkers.initialScale(Walkers.Move.RSLICE, dimension));
      default -> null;
    };
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public int batchSize(int iteration) {
    if (live == null) {
      return config.live();
    }
    int needed = dying.length - replacements.size();
    if (walk != null) {
      return walk.idle() ? needed : walk.walking(); // one step per walker
    }
    double want = Math.ceil(needed / Math.max(acceptance, 1e-6) * 1.1);
    // never fewer than a batch: a round costs the same for 2 candidates as for 50, and spare
    // candidates serve the next dead points
    return (int) Math.max(config.batch(), Math.min(config.maxBatch(), want));
  }

  @Override
  public List<Proposal> propose(History history, int iteration, int k, SplittableRandom rng) {
    List<Proposal> out = new ArrayList<>(k);
    if (live == null) {
      out.addAll(RandomStrategy.uniform(k, dimension, rng));
      proposedThreshold.put(iteration, null);
      return out;
    }
    if (walk != null) {
      if (walk.idle()) {
        int[] s = survivorIndices();
        walk.start(select(live, s), select(liveL, s), select(liveId, s), threshold, dying.length - replacements.size(), rng);
      }
      if (k > walk.walking()) {
        throw new IllegalStateException(k + " proposals asked of " + walk.walking() + " walkers (batchSize says how many)");
      }
      proposedThreshold.put(iteration, threshold);
      for (double[] x : walk.steps(k, rng)) {
        out.add(new Proposal(x, NAME));
      }
      return out;
    }
    Bound bound = bound(iteration);
    for (int i = 0; i < k; i++) {
      out.add(new Proposal(bound.sample(rng), NAME));
    }
    return out;
  }

  /** Whether the first draw from the prior is back: after it, candidates come from {@link #bound}. */
  public boolean started() {
    return live != null;
  }

  /** Share of the last batch's candidates (audits aside) that beat their threshold, smoothed. */
  public double acceptance() {
    return acceptance;
  }

  /** The log-likelihood a candidate must beat now to replace a dead point. */
  public double threshold() {
    return threshold;
  }

  /**
   * The region iteration {@code iteration} draws its candidates from (fitted to the live
   * points that outlive the dying ones); the threshold they must beat is recorded as that
   * batch's {@code loglstar}. Only after {@link #started}.
   */
  public Bound bound(int iteration) {
    double[][] survivors = survivors();
    // a plateau's deaths can leave too few survivors to fit a bound to: the whole cube is then the honest region
    Bound bound = Bound.of(survivors.length > 2 * dimension + 1 ? config.bound() : "none", survivors, config.enlarge(),
        evidence.logX() - Math.log(live.length));
    pieces = bound.pieces();
    proposedThreshold.put(iteration, threshold);
    return bound;
  }

  @Override
  public void learn(History history, SplittableRandom rng) {
    List<Evaluation> batch = history.latest();
    if (live == null) {
      int n = batch.size();
      if (n <= dimension + 1) {
        throw new IllegalStateException("nested sampling needs more than " + (dimension + 1) + " live points; the first batch had " + n);
      }
      live = new double[n][];
      liveL = new double[n];
      liveId = new long[n];
      for (int i = 0; i < n; i++) {
        Evaluation e = batch.get(i);
        live[i] = history.unit(e);
        liveL[i] = logL(e);
        liveId[i] = e.id();
      }
      chooseDying();
      return;
    }
    if (walk != null) {
      double[] l = new double[batch.size()];
      long[] ids = new long[batch.size()];
      for (int i = 0; i < l.length; i++) {
        l[i] = logL(batch.get(i));
        ids[i] = batch.get(i).id();
      }
      for (Walkers.End end : walk.answer(l, ids, threshold)) {
        replacements.add(new Point(end.unit(), end.logL(), end.id()));
      }
      acceptance = walk.acceptance();
      if (replacements.size() == dying.length) {
        walk.clear();
        replace();
      }
      return;
    }
    int above = 0;
    int draws = 0;
    for (Evaluation e : batch) {
      if (AUDIT.equals(e.point().origin())) {
        continue;
      }
      draws++;
      double l = logL(e);
      if (l > threshold) {
        above++;
        Point p = new Point(history.unit(e), l, e.id());
        (replacements.size() < dying.length ? replacements : reserve).add(p);
      }
    }
    if (draws > 0) {
      acceptance = (above + 0.5) / (draws + 1.0);
    }
    while (replacements.size() == dying.length) {
      replace();
    }
  }

  /** The dying points die (in order, lowest first), their replacements take their places, and the next ones are chosen. */
  private void replace() {
    int n = live.length;
    countInsertions();
    for (int j = 0; j < dying.length; j++) {
      int i = dying[j];
      deadIds.add(liveId[i]);
      deadLogWeights.add(evidence.addDead(liveL[i], n - j));
      Point p = replacements.get(j);
      live[i] = p.unit();
      liveL[i] = p.logL();
      liveId[i] = p.id();
    }
    replacements.clear();
    chooseDying();
    // candidates beyond what the last dead points needed serve the next ones if they beat them too
    List<Point> left = new ArrayList<>(reserve);
    reserve.clear();
    for (Point p : left) {
      if (p.logL() > threshold) {
        (replacements.size() < dying.length ? replacements : reserve).add(p);
      }
    }
  }

  /** Each replacement's rank among the survivors' likelihoods, before they die. */
  private void countInsertions() {
    double[] survivors = select(liveL, survivorIndices());
    Arrays.sort(survivors);
    for (Point p : replacements) {
      insertions.add(survivors, p.logL());
    }
  }

  private void chooseDying() {
    Integer[] order = IntStream.range(0, live.length).boxed().toArray(Integer[]::new);
    Arrays.sort(order, Comparator.<Integer>comparingDouble(i -> liveL[i]).thenComparingInt(i -> i));
    // a first draw cut short by a stop rule has fewer live points than asked: keep the batch at a fifth of them
    int k = Math.min(config.batch(), Math.max(1, live.length / 5));
    // Points tied with the last of them die with it: a plateau (the invalid points' L = 0, or
    // a likelihood with steps) is one level, and the q points on it leave the volume n - q
    // of n live points' worth (log X falls by 1/n + ... + 1/(n-q+1), as for q deaths at once).
    // Killed k at a time with replacements in between, the plateau's points would each count
    // as a shrinkage of 1/n: a first draw 90 % invalid would leave log X at -0.9 where the
    // valid tenth is -2.3.
    double level = liveL[order[k - 1]];
    while (k < live.length && liveL[order[k]] == level) {
      k++;
    }
    dying = new int[k];
    for (int j = 0; j < dying.length; j++) {
      dying[j] = order[j];
    }
    threshold = level;
  }

  /** True when every live point has the same log-likelihood: nothing can beat the threshold, and nothing is left to compress. */
  private boolean plateau() {
    return dying.length == live.length;
  }

  /** The live points that outlive the dying ones: what the bound is fitted to. */
  private double[][] survivors() {
    return select(live, survivorIndices());
  }

  private int[] survivorIndices() {
    boolean[] dies = new boolean[live.length];
    for (int i : dying) {
      dies[i] = true;
    }
    return IntStream.range(0, live.length).filter(i -> !dies[i]).toArray();
  }

  private static double[][] select(double[][] a, int[] idx) {
    return Arrays.stream(idx).mapToObj(i -> a[i]).toArray(double[][]::new);
  }

  private static double[] select(double[] a, int[] idx) {
    return Arrays.stream(idx).mapToDouble(i -> a[i]).toArray();
  }

  private static long[] select(long[] a, int[] idx) {
    return Arrays.stream(idx).mapToLong(i -> a[i]).toArray();
  }

  private static double logL(Evaluation e) {
    double l = e.loglike();
    return Double.isNaN(l) ? Double.NEGATIVE_INFINITY : l;
  }

  @Override
  public String stopReason(History history) {
    if (live != null && plateau()) {
      return threshold == Double.NEGATIVE_INFINITY
          ? "none of the " + live.length + " live points drawn from the prior had a likelihood (every call invalid or failed):"
              + " nested sampling has nothing to compress; the rows' status and message say why each call failed: check the codes or the parameter ranges"
          : String.format(java.util.Locale.ROOT, "every live point has log L = %s: the likelihood is flat above the last"
              + " threshold (a plateau, e.g. a constraint with a cut and no likelihood), so nothing can replace them. log Z is the"
              + " volume left times that L, final; for the posterior inside the cut give the constraint a likelihood (gaussian or"
              + " loglike), or map the region with dnnc or mcmc", Options.fmt(threshold));
    }
    if (live == null || evidence.logZ() == Double.NEGATIVE_INFINITY) {
      return null;
    }
    double max = Arrays.stream(liveL).max().orElse(Double.NEGATIVE_INFINITY);
    double gain = Evidence.logAddExp(evidence.logZ(), evidence.logRemaining(max)) - evidence.logZ();
    return gain < config.dlogz() ? String.format(java.util.Locale.ROOT,
        "the remaining evidence is below dlogz: the live points could add at most %.3g to log Z (dlogz %s)", gain,
        Options.fmt(config.dlogz())) : null;
  }

  @Override
  public Map<String, Object> results() {
    if (live == null) {
      return Map.of();
    }
    double[] z = evidence.withLive(liveL);
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("log_z", z[0]);
    r.put("log_z_error", z[1]);
    r.put("information", z[2]);
    r.put("dead_points", evidence.dead());
    r.put("live_points", live.length);
    r.put("log_x", evidence.logX());
    if (insertions.count() > 0) {
      r.put("insertions", insertions.count());
      r.put("insertion_ks_p", insertions.pValue());
    }
    return r;
  }

  @Override
  public Map<String, Double> metrics(int iteration) {
    Map<String, Double> m = new LinkedHashMap<>();
    m.put("acceptance_rate", acceptance);
    m.put("bound_ellipsoids", (double) pieces);
    if (walk != null) {
      m.put("walk_scale", walk.scale());
    }
    m.put("log_x", evidence.logX());
    return m;
  }

  @Override
  public List<Column> columns() {
    return List.of(LOGLSTAR);
  }

  @Override
  public ColumnValues columnValues(int iteration, List<Evaluation> batch) {
    Double t = proposedThreshold.take(iteration);
    if (t == null) {
      return ColumnValues.NONE;
    }
    double[] v = new double[batch.size()];
    Arrays.fill(v, t);
    return new ColumnValues().put(LOGLSTAR.name(), v);
  }

  /** The log weights log(L dX) of the dead points so far, in dying order (the posterior's, before dividing by Z). */
  public double[] deadLogWeights() {
    return deadLogWeights.stream().mapToDouble(Double::doubleValue).toArray();
  }

  /**
   * The posterior weight of every row that has one, from a checkpoint's {@link #state()}:
   * the dead points' L dX and, for the live points, L X / n (what is left of the prior
   * volume, shared among them), each divided by Z; ids in dying order, the live points last.
   * They sum to 1. Empty for a state that is not nested sampling's (nor ml-nested's).
   */
  public static Map<Long, Double> posteriorWeights(JsonNode state) {
    Map<Long, Double> out = new LinkedHashMap<>();
    if (state != null && state.get("nested") != null) {
      state = state.get("nested"); // a strategy built over this sampler (ml-nested) keeps its state there
    }
    if (state == null || state.get("dead_ids") == null || state.get("live") == null) {
      return out;
    }
    List<Long> ids = new ArrayList<>();
    List<Double> logW = new ArrayList<>();
    for (int i = 0; i < state.get("dead_ids").size(); i++) {
      ids.add(state.get("dead_ids").get(i).longValue());
      logW.add(Json.toDouble(state.get("dead_log_weights").get(i)));
    }
    JsonNode live = state.get("live");
    double share = state.get("evidence").get("log_x").doubleValue() - Math.log(live.size());
    for (JsonNode p : live) {
      ids.add(p.get("id").longValue());
      logW.add(Json.toDouble(p.get("log_l")) + share);
    }
    double logZ = Double.NEGATIVE_INFINITY;
    for (double w : logW) {
      logZ = Evidence.logAddExp(logZ, w);
    }
    for (int i = 0; i < ids.size(); i++) {
      double w = Math.exp(logW.get(i) - logZ);
      if (w > 0) {
        out.merge(ids.get(i), w, Double::sum);
      }
    }
    return out;
  }

  // ---- checkpoint --------------------------------------------------------------------------

  @Override
  public JsonNode state() {
    if (live == null) {
      return null;
    }
    ObjectNode s = JsonNodeFactory.instance.objectNode();
    s.set("live", points(live, liveL, liveId));
    ArrayNode d = s.putArray("dying");
    for (int i : dying) {
      d.add(i);
    }
    s.set("replacements", points(replacements));
    s.set("reserve", points(reserve));
    ObjectNode ev = s.putObject("evidence");
    ev.put("log_x", evidence.logX());
    ev.set("log_z", Json.number(evidence.logZ()));
    ev.put("information", evidence.information());
    ev.put("dead", evidence.dead());
    s.put("acceptance", acceptance);
    s.set("insertion_bins", insertions.toJson());
    if (walk != null) {
      s.set("walk", walk.state());
    }
    ArrayNode ids = s.putArray("dead_ids");
    deadIds.forEach(ids::add);
    ArrayNode w = s.putArray("dead_log_weights");
    for (double x : deadLogWeights) {
      w.add(Json.number(x));
    }
    return s;
  }

  @Override
  public void restore(JsonNode s) {
    if (s == null || s.isNull()) {
      return;
    }
    List<Point> l = points(s.get("live"));
    live = new double[l.size()][];
    liveL = new double[l.size()];
    liveId = new long[l.size()];
    for (int i = 0; i < l.size(); i++) {
      live[i] = l.get(i).unit();
      liveL[i] = l.get(i).logL();
      liveId[i] = l.get(i).id();
    }
    dying = new int[s.get("dying").size()];
    for (int j = 0; j < dying.length; j++) {
      dying[j] = s.get("dying").get(j).intValue();
    }
    threshold = liveL[dying[dying.length - 1]];
    replacements.clear();
    replacements.addAll(points(s.get("replacements")));
    reserve.clear();
    reserve.addAll(points(s.get("reserve")));
    JsonNode ev = s.get("evidence");
    evidence = new Evidence(ev.get("log_x").doubleValue(), Json.toDouble(ev.get("log_z")), ev.get("information").doubleValue(),
        ev.get("dead").longValue());
    acceptance = s.get("acceptance").doubleValue();
    insertions.read(s.get("insertion_bins"));
    deadIds.clear();
    s.get("dead_ids").forEach(n -> deadIds.add(n.longValue()));
    deadLogWeights.clear();
    s.get("dead_log_weights").forEach(n -> deadLogWeights.add(Json.toDouble(n)));
    if (walk != null && s.get("walk") != null) {
      walk.restore(s.get("walk"));
      if (!walk.idle()) {
        walk.reshape(survivors()); // the points the walk began from: no replacement came since
      }
    }
  }

  private ArrayNode points(List<Point> ps) {
    double[][] u = ps.stream().map(Point::unit).toArray(double[][]::new);
    return points(u, ps.stream().mapToDouble(Point::logL).toArray(), ps.stream().mapToLong(Point::id).toArray());
  }

  private static ArrayNode points(double[][] u, double[] l, long[] ids) {
    ArrayNode a = JsonNodeFactory.instance.arrayNode();
    for (int i = 0; i < u.length; i++) {
      ObjectNode p = a.addObject();
      ArrayNode x = p.putArray("unit");
      for (double v : u[i]) {
        x.add(v);
      }
      p.set("log_l", Json.number(l[i]));
      p.put("id", ids[i]);
    }
    return a;
  }

  private List<Point> points(JsonNode a) {
    List<Point> out = new ArrayList<>();
    for (JsonNode p : a) {
      double[] u = new double[dimension];
      if (p.get("unit").size() != dimension) {
        throw new IllegalStateException("a checkpointed live point has " + p.get("unit").size() + " coordinates; the space has " + dimension);
      }
      for (int j = 0; j < dimension; j++) {
        u[j] = p.get("unit").get(j).doubleValue();
      }
      out.add(new Point(u, Json.toDouble(p.get("log_l")), p.get("id").longValue()));
    }
    return out;
  }
}
