package org.hepscan.strategy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.hepscan.config.ConfigException;
import org.hepscan.config.Options;
import org.hepscan.oracle.Evaluation;
import org.hepscan.oracle.Status;
import org.hepscan.space.ParameterSpace;
import org.hepscan.store.Json;
import org.hepscan.strategy.api.Column;
import org.hepscan.strategy.api.ColumnValues;
import org.hepscan.strategy.api.History;
import org.hepscan.strategy.api.NamedProvider;
import org.hepscan.strategy.api.Proposal;
import org.hepscan.strategy.api.ScanContext;
import org.hepscan.strategy.api.Strategy;
import org.hepscan.strategy.api.StrategyConfig;
import org.hepscan.strategy.model.ModelBank;
import org.hepscan.strategy.model.TrainingRows;
import org.hepscan.strategy.nested.Bound;
import org.hepscan.strategy.proposal.WeightedDraw;
import org.hepscan.surrogate.SurrogateSpec;
import org.hepscan.surrogate.Task;
import org.hepscan.surrogate.TrainingSet;
import org.hepscan.target.Target;
import org.hepscan.training.TrainingSpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * ML-assisted nested sampling (papers/002 sec. 4, Fig. 17): {@link NestedStrategy}'s
 * sampler, with a classifier (will the codes give an answer?) and a regressor (of the
 * log-likelihood) from the model bank filtering the candidates drawn from its bound: a
 * candidate goes to the oracle only when it is predicted valid and predicted to beat the
 * threshold L* less a margin. The oracle still decides every point that enters the live set;
 * the filter only spares calls that would have been rejected.
 *
 * <p>The paper's tallies: T1 counts passed candidates the oracle found invalid, T2 those it
 * found below L*; when T1 reaches {@code retrain_invalid} (N1) or T2 reaches {@code
 * retrain_below} (N2) both models are trained again on every answer so far.
 *
 * <p>What the paper leaves open is the filter's false negatives, the one way it can bias log
 * Z and the posterior: a region above L* that the models turn away is never drawn, the live
 * points leave it, and the bound may lose it for good. Three guards:
 * <ul>
 *   <li>the margin is {@code margin} standard errors of the regressor, measured on the
 *       answers above L* (in sample after a training, then on each new batch): the points it
 *       must not turn away. It follows what the network can resolve there rather than a fixed
 *       number of log-L units;</li>
 *   <li>the filter works only while the sampler's own acceptance (the share of candidates
 *       from the bound above L*) is below {@code engage_below}: where most candidates pass
 *       anyway, a filter saves little and risks the most;</li>
 *   <li>each filtered batch holds an {@code audit} share of turned-away candidates, drawn
 *       with probability growing towards the cut and sent anyway (they never replace a dead
 *       point, {@link NestedStrategy#AUDIT}); weighted by the inverse of their draw
 *       probability (Hansen-Hurwitz) they estimate the share of above-L* candidates the
 *       filter turned away ({@code missed_share}). Above {@code max_missed} over at least
 *       {@link #MIN_AUDITS} audits, the margin grows by half and the models retrain.</li>
 * </ul>
 *
 * <pre>
 * strategy:
 *   name: ml-nested
 *   live: 500, batch: 50, bound: auto, enlarge: 1.25, dlogz: 0.01, max_batch: 10000   # as nested
 *   candidates: 10000      # drawn from the bound and scored per pool
 *   max_candidates: 200000 # scored per iteration at most, pool after pool, to fill the batch
 *   valid_cut: 0.5         # predicted probability of a valid answer below which a candidate is dropped
 *   margin: 3              # standard errors of the regressor above L* a candidate may be predicted below L*
 *   engage_below: 0.3      # filter only while the sampler's acceptance is below this
 *   clip_below: 20         # learn: loglike: log-L more than this below L* is learned as L* - clip_below
 *   audit: 0.05            # share of each filtered batch sent from the turned-away candidates
 *   max_missed: 0.01       # estimated share of above-L* candidates turned away that widens the margin
 *   retrain_invalid: 100   # N1: passed candidates found invalid before the models retrain
 *   retrain_below: 500     # N2: passed candidates found below L* before the models retrain
 *   learn: observables     # the regressor learns the constrained observables, log L follows from the target
 *                          # (papers/002: steadier than learning log L); loglike: log L itself, clipped below
 *                          # L* - clip_below (what a likelihood computed in place gets anyway)
 *   classifier: {}         # any classifier of the model bank; default mlp, 20000 steps at most per training
 *   regressor: {}          # any regressor; default as the classifier, an ensemble of 5 (its mean is compared with L*)
 *   training: {}           # see TrainingSpec
 * </pre>
 * The first draw of {@code live} points from the prior is the models' first training set.
 */
public final class MlNestedStrategy implements BankedStrategy {
  private static final Logger LOG = LoggerFactory.getLogger(MlNestedStrategy.class);
  public static final String NAME = "ml-nested";
  static final String CLASSIFIER = "classifier";
  static final String REGRESSOR = "regressor";
  /** Audits a window needs before its missed share may raise the margin: fewer say too little. */
  static final int MIN_AUDITS = 20;
  /** Relative draw probability of the farthest turned-away candidates against those at the cut. */
  static final double AUDIT_FLOOR = 1e-3;
  public static final Map<String, Object> MODEL_DEFAULTS = Map.of("max_steps", 20_000);
  /**
   * The regressor's defaults: an ensemble of {@link #REGRESSOR_ENSEMBLE} networks, whose mean
   * prediction is what the filter compares with L*. The calls a filtered iteration wastes are
   * the candidates the regressor wrongly puts above L* (late in a run the band above L* is as
   * narrow as the network's error); averaging networks trained from different starting weights
   * removes much of that error where one network is unsure. The members train as parallel
   * tasks, so on a cluster a training takes the time of one (bench ml-nested has the calls
   * and the wall times).
   */
  public static final int REGRESSOR_ENSEMBLE = 5;
  public static final Map<String, Object> REGRESSOR_DEFAULTS = withEnsemble(MODEL_DEFAULTS, REGRESSOR_ENSEMBLE);

  private static Map<String, Object> withEnsemble(Map<String, Object> defaults, int members) {
    Map<String, Object> m = new LinkedHashMap<>(defaults);
    m.put("ensemble", members);
    return Map.copyOf(m);
  }

  /** The {@code strategy:} section, checked. */
  public record Config(NestedStrategy.Config nested, int candidates, int maxCandidates, double validCut, double margin,
                       double engageBelow, double clipBelow, double audit, double maxMissed, int retrainInvalid, int retrainBelow, boolean learnLogL,
                       SurrogateSpec classifier, SurrogateSpec regressor) implements StrategyConfig {
    static final List<String> KEYS = List.of("candidates", "max_candidates", "valid_cut", "margin", "engage_below", "clip_below", "audit",
        "max_missed", "retrain_invalid", "retrain_below", "learn", "classifier", "regressor", "training");

    public static Config parse(Options o, ParameterSpace space) {
      NestedStrategy.Config nested = NestedStrategy.Config.parse(o, space, KEYS);
      if (!nested.sample().equals("auto") && !nested.sample().equals("unif")) {
        throw new ConfigException(o.pathOf("sample"), "ml-nested filters uniform draws from the bound (sample: unif); a walker's"
            + " next point waits for its last answer, which leaves nothing to filter. Use strategy nested for " + nested.sample());
      }
      nested = nested.withSample("unif"); // also above 10-D, where nested's auto walks
      int candidates = (int) o.integer("candidates", 10_000, 1, 100_000_000);
      int maxCandidates = (int) o.integer("max_candidates", Math.max(200_000, candidates), 1, Integer.MAX_VALUE);
      if (maxCandidates < candidates) {
        throw new ConfigException(o.pathOf("max_candidates"), "at least candidates (" + candidates + "); got " + maxCandidates);
      }
      double validCut = o.number("valid_cut", 0.5, 0, 1);
      double margin = o.number("margin", 3, 0, 1e6);
      double engageBelow = o.number("engage_below", 0.3, 0, 1);
      double clipBelow = o.number("clip_below", 20, 1e-6, 1e12);
      double audit = o.number("audit", 0.05, 0, 0.5);
      double maxMissed = o.number("max_missed", 0.01, 0, 1);
      int retrainInvalid = (int) o.integer("retrain_invalid", 100, 1, Integer.MAX_VALUE);
      int retrainBelow = (int) o.integer("retrain_below", 500, 1, Integer.MAX_VALUE);
      boolean learnLogL = o.choice("learn", "observables", "observables", "loglike").equals("loglike");
      TrainingSpec training = TrainingSpec.parse(o.has("training") ? o.section("training") : Options.empty(o.pathOf("training")));
      return new Config(nested, candidates, maxCandidates, validCut, margin, engageBelow, clipBelow, audit, maxMissed, retrainInvalid,
          retrainBelow, learnLogL, model(o, CLASSIFIER, Task.CLASSIFICATION, training), model(o, REGRESSOR, Task.REGRESSION, training));
    }

    /** The model at {@code key}: an mlp gets this strategy's step cap unless it sets its own (it retrains often). */
    private static SurrogateSpec model(Options o, String key, Task task, TrainingSpec training) {
      return LearnedOptions.model(o, key, task, training, task == Task.REGRESSION ? REGRESSOR_DEFAULTS : MODEL_DEFAULTS);
    }

    @Override
    public String name() {
      return NAME;
    }

    @Override
    public Strategy newStrategy() {
      return new MlNestedStrategy(this);
    }
  }

  public static final class Provider extends NamedProvider {
    public Provider() {
      super(NAME, Config::parse);
    }
  }

  /** What was sent in one iteration: the threshold and the pools' counts, for the tallies once the answers are in. */
  private record Sent(double threshold, int scored, int passed, double[] auditProbability, boolean filtered) {
  }

  private final Config config;
  private final NestedStrategy nested;
  private final ModelBank bank;
  private Target target;
  private List<String> outputs = List.of(TrainingRows.LOGLIKE);
  private boolean learnLogL = true;
  private final Map<Integer, Sent> sent = new LinkedHashMap<>();
  // ---- checkpointed
  /** The margin in standard errors of the regressor: {@code margin}, grown when the audits find misses. */
  private double marginErrors;
  /** The regressor's standard error above L* (log-L): in sample after a training, then out of sample. */
  private double errorScale = Double.NaN;
  private double residualSquares;
  private long residuals;
  /** The sampler's acceptance without the filter: measured on plain batches, estimated from the pools on filtered ones. */
  private double rawAcceptance = 1;
  private int t1;
  private int t2;
  /** Candidates sent unfiltered since the last training while the filter would have been worth it. */
  private int unfilteredRows;
  private int trainings;
  /** Missed-share estimate over the window since the margin last changed, and over the run. */
  private final Window window = new Window();
  private final Window run = new Window();
  private long scored;
  private long passed;
  private long audited;
  private long filteredBatches;
  /** Share of the last filtered batch's passed candidates that the oracle found above L*. */
  private double precision = Double.NaN;

  /** Estimated above-threshold candidates among those passed and those turned away, and the audits behind them. */
  private static final class Window {
    double found;
    double missed;
    long audits;

    double missedShare() {
      return found + missed > 0 ? missed / (found + missed) : 0;
    }

    void clear() {
      found = 0;
      missed = 0;
      audits = 0;
    }

    ObjectNode toJson() {
      return JsonNodeFactory.instance.objectNode().put("found", found).put("missed", missed).put("audits", audits);
    }

    void read(JsonNode n) {
      found = n.get("found").doubleValue();
      missed = n.get("missed").doubleValue();
      audits = n.get("audits").longValue();
    }
  }

  public MlNestedStrategy(Config config) {
    this.config = config;
    this.nested = new NestedStrategy(config.nested());
    this.bank = new ModelBank(config.nested().space(), Integer.MAX_VALUE)
        .declare(CLASSIFIER, config.classifier()).declare(REGRESSOR, config.regressor());
    this.marginErrors = config.margin();
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public void start(ScanContext context) {
    bank.start(context);
    target = context.target();
    // without constrained observables (a likelihood computed in place) there is only log L to learn
    learnLogL = config.learnLogL() || target == null || target.observables().isEmpty();
    outputs = learnLogL ? List.of(TrainingRows.LOGLIKE) : List.copyOf(target.observables());
    bank.outputs(REGRESSOR, outputs);
    bank.outputs(CLASSIFIER, List.of("valid"));
  }

  @Override
  public int batchSize(int iteration) {
    return nested.batchSize(iteration);
  }

  /** The margin in log-L now; NaN when the filter must not be used (no model, or one too unsure to tell L* from the clipped floor). */
  private double marginLogL() {
    double m = marginErrors * errorScale;
    return Double.isFinite(m) && m < config.clipBelow() / 2 ? m : Double.NaN;
  }

  @Override
  public List<Proposal> propose(History history, int iteration, int k, SplittableRandom rng) {
    bank.forget(iteration);
    bank.at(iteration);
    sent.keySet().removeIf(i -> i >= iteration);
    double margin = marginLogL();
    if (!nested.started() || !bank.has(REGRESSOR) || rawAcceptance >= config.engageBelow() || Double.isNaN(margin) || k < 2) {
      return nested.propose(history, iteration, k, rng);
    }
    Bound bound = nested.bound(iteration);
    double cut = nested.threshold() - margin;
    int audits = config.audit() > 0 ? Math.min(k - 1, Math.max(1, (int) Math.round(config.audit() * k))) : 0;
    List<double[]> pass = new ArrayList<>();
    List<double[]> rejects = new ArrayList<>();
    List<Double> rejectPredicted = new ArrayList<>();
    int scoredHere = 0;
    while (pass.size() < k - audits && scoredHere < config.maxCandidates()) {
      int n = Math.min(config.candidates(), config.maxCandidates() - scoredHere);
      double[][] pool = new double[n][];
      for (int i = 0; i < n; i++) {
        pool[i] = bound.sample(rng);
      }
      scoredHere += n;
      double[] predicted = predictedLogL(pool);
      double[] valid = validProbability(pool);
      for (int i = 0; i < n; i++) {
        if (valid[i] >= config.validCut() && predicted[i] >= cut) {
          pass.add(pool[i]);
        } else {
          rejects.add(pool[i]);
          // an invalid-looking candidate counts as far from passing as the classifier is sure
          rejectPredicted.add(valid[i] >= config.validCut() ? predicted[i] : cut - config.clipBelow() * (1 - valid[i]));
        }
      }
    }
    if (pass.isEmpty() || rejects.isEmpty()) {
      // nothing the models like, or nothing they turn away: a plain batch, unbiased whatever the models say
      return nested.propose(history, iteration, k, rng);
    }
    scored += scoredHere;
    passed += pass.size();
    filteredBatches++;
    List<Proposal> out = new ArrayList<>(k);
    // passed candidates are iid draws from the bound: the first ones are a uniform choice among them
    for (int i = 0; i < Math.min(k - audits, pass.size()); i++) {
      out.add(new Proposal(pass.get(i), NAME));
    }
    // the rest audits the turned-away candidates, drawn with replacement in proportion to how close they came
    double[] w = new double[rejects.size()];
    for (int i = 0; i < w.length; i++) {
      w[i] = Math.max(AUDIT_FLOOR, Math.exp(-(cut - rejectPredicted.get(i)) / Math.max(margin, 1e-9)));
    }
    WeightedDraw closeness = new WeightedDraw(w);
    double[] probability = new double[k - out.size()];
    for (int j = 0; j < probability.length; j++) {
      int i = closeness.draw(rng);
      probability[j] = closeness.probability(i);
      out.add(new Proposal(rejects.get(i), NestedStrategy.AUDIT));
    }
    sent.put(iteration, new Sent(nested.threshold(), scoredHere, pass.size(), probability, true));
    return out;
  }

  private double[] predictedLogL(double[][] x) {
    double[][] p = bank.score(REGRESSOR, x).mean();
    if (!learnLogL) {
      return target.on(outputs).logLikelihood(p);
    }
    double[] out = new double[x.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = p[i][0];
    }
    return out;
  }

  private double[] validProbability(double[][] x) {
    double[] out = new double[x.length];
    if (!bank.has(CLASSIFIER)) {
      Arrays.fill(out, 1);
      return out;
    }
    double[][] p = bank.score(CLASSIFIER, x).mean();
    for (int i = 0; i < out.length; i++) {
      out[i] = p[i][0];
    }
    return out;
  }

  @Override
  public void learn(History history, SplittableRandom rng) {
    int k = history.iterations();
    bank.at(k);
    boolean first = !nested.started();
    double threshold = nested.threshold();
    nested.learn(history, rng);
    if (first) {
      train(history, rng, "the first draw from the prior");
      return;
    }
    Sent s = sent.remove(k);
    List<Evaluation> batch = history.latest();
    if (s == null) {
      rawAcceptance = nested.acceptance();
      if (rawAcceptance < config.engageBelow()) {
        unfilteredRows += batch.size();
      }
    } else {
      tally(s, batch);
    }
    measureResiduals(history, batch, threshold);
    String why = null;
    if (window.audits >= MIN_AUDITS && window.missedShare() > config.maxMissed()) {
      why = String.format(java.util.Locale.ROOT, "the audits estimate that the filter turned away %.1f %% of the candidates above"
          + " L* (max_missed %s); margin %s -> %s standard errors", 100 * window.missedShare(), Options.fmt(config.maxMissed()),
          Options.fmt(marginErrors), Options.fmt(1.5 * marginErrors));
      LOG.info("ml-nested: {}", why);
      marginErrors *= 1.5;
      window.clear();
    } else if (t1 >= config.retrainInvalid()) {
      why = "T1 = " + t1 + " passed candidates were invalid (retrain_invalid " + config.retrainInvalid() + ")";
    } else if (t2 >= config.retrainBelow()) {
      why = "T2 = " + t2 + " passed candidates were below L* (retrain_below " + config.retrainBelow() + ")";
    } else if (unfilteredRows >= config.retrainBelow()) {
      // the filter would be worth it but the models are too unsure (or have not been asked): learn from what came since
      why = unfilteredRows + " candidates were sent unfiltered while the acceptance was below engage_below";
    }
    if (why != null) {
      train(history, rng, why);
    }
  }

  /** T1, T2, the filter's precision and the estimates of above-L* candidates it passed and turned away. */
  private void tally(Sent s, List<Evaluation> batch) {
    int passSent = 0;
    int passAbove = 0;
    double auditAbove = 0;
    int j = 0;
    for (Evaluation e : batch) {
      boolean valid = valid(e);
      boolean above = valid && e.loglike() > s.threshold();
      if (NestedStrategy.AUDIT.equals(e.point().origin())) {
        // Hansen-Hurwitz: an audit stands for 1 / (its draw probability) turned-away candidates, averaged over the audits
        if (above) {
          auditAbove += 1 / s.auditProbability()[j];
        }
        j++;
      } else {
        passSent++;
        passAbove += above ? 1 : 0;
        t1 += valid ? 0 : 1;
        t2 += valid && !above ? 1 : 0;
      }
    }
    precision = passSent == 0 ? Double.NaN : passAbove / (double) passSent;
    double found = passSent == 0 ? 0 : s.passed() * precision;
    double missed = j == 0 ? 0 : auditAbove / j;
    for (Window w : new Window[] {window, run}) {
      w.found += found;
      w.missed += missed;
      w.audits += j;
    }
    audited += j;
    rawAcceptance = (found + missed) / s.scored();
  }

  /**
   * Out-of-sample errors of the regressor on the batch's answers above L*: what the margin is
   * measured in. Those are the points a filter must not turn away, and where the regressor's
   * error matters; far below L* its error is larger (a steep likelihood) and of no account.
   */
  private void measureResiduals(History history, List<Evaluation> batch, double threshold) {
    if (!bank.has(REGRESSOR)) {
      return;
    }
    double[] sum = squaredErrorsAbove(history, batch, threshold);
    if (sum[1] == 0) {
      return;
    }
    residualSquares += sum[0];
    residuals += (long) sum[1];
    double outOfSample = Math.sqrt(residualSquares / residuals);
    errorScale = Double.isNaN(errorScale) ? outOfSample : Math.max(errorScale, outOfSample);
  }

  /**
   * The sum of the regressor's squared errors of log L over the valid {@code rows} above
   * {@code threshold}, and their number; a prediction below the clipped floor counts as the
   * floor, which is what a log-L regressor learned.
   */
  private double[] squaredErrorsAbove(History history, List<Evaluation> rows, double threshold) {
    List<double[]> x = new ArrayList<>();
    List<Double> y = new ArrayList<>();
    for (Evaluation e : rows) {
      if (valid(e) && e.loglike() > threshold) {
        x.add(history.unit(e));
        y.add(e.loglike());
      }
    }
    if (x.isEmpty()) {
      return new double[] {0, 0};
    }
    double[] p = predictedLogL(x.toArray(double[][]::new));
    double sum = 0;
    for (int i = 0; i < p.length; i++) {
      double r = y.get(i) - Math.max(p[i], threshold - config.clipBelow());
      sum += r * r;
    }
    return new double[] {sum, p.length};
  }

  /**
   * The regressor's rows: every answer above the clipped floor, and as many of the latest
   * ones below it (at least twice the live points). Candidates come from the bound, which
   * shrinks as L* rises, so the latest answers below the floor are where the filter must say
   * "far below"; the early ones far outside would only dilute the network's steps.
   */
  private List<Evaluation> regressorRows(List<Evaluation> rows, double floor) {
    List<Evaluation> out = new ArrayList<>();
    for (Evaluation e : rows) {
      if (valid(e) && e.loglike() >= floor) {
        out.add(e);
      }
    }
    int below = Math.max(out.size(), 2 * config.nested().live());
    for (int i = rows.size() - 1; i >= 0 && below > 0; i--) {
      Evaluation e = rows.get(i);
      if (valid(e) && e.loglike() < floor) {
        out.add(e);
        below--;
      }
    }
    return out;
  }

  private static boolean valid(Evaluation e) {
    return e.status() == Status.OK && Double.isFinite(e.loglike());
  }

  /**
   * Trains both models on every answer so far (the classifier only once both classes are
   * there), resets the tallies, and measures the regressor's error above L* in sample, which
   * the out-of-sample errors of the next batches can only raise.
   */
  private void train(History history, SplittableRandom rng, String why) {
    List<Evaluation> rows = history.all();
    double floor = nested.threshold() - config.clipBelow();
    List<Evaluation> near = regressorRows(rows, floor);
    LOG.debug("ml-nested trains its models on {} rows (the regressor on {}): {}", rows.size(), near.size(), why);
    TrainingSet data = TrainingRows.observables(history.space(), near, outputs);
    if (data == null) {
      return;
    }
    if (learnLogL) {
      // below L* - clip_below the exact value does not matter to the filter: the network spends itself near the threshold
      for (double[] y : data.y()) {
        y[0] = Math.max(y[0], floor);
      }
    }
    boolean warm = trainings > 0;
    bank.fit(REGRESSOR, data, TrainingRows.inTargetOf(near, outputs), rng, warm && bank.has(REGRESSOR), 0);
    if (rows.stream().anyMatch(e -> !valid(e))) {
      TrainingSet labels = TrainingRows.labelled(history.space(), rows, MlNestedStrategy::valid);
      if (labels != null) {
        boolean[] invalid = new boolean[rows.size()];
        for (int i = 0; i < invalid.length; i++) {
          invalid[i] = !valid(rows.get(i));
        }
        bank.fit(CLASSIFIER, labels, invalid, rng, warm && bank.has(CLASSIFIER), 0);
      }
    }
    trainings++;
    t1 = 0;
    t2 = 0;
    unfilteredRows = 0;
    residualSquares = 0;
    residuals = 0;
    double[] sum = squaredErrorsAbove(history, rows, nested.threshold());
    errorScale = sum[1] == 0 ? Double.NaN : Math.sqrt(sum[0] / sum[1]);
  }

  @Override
  public String stopReason(History history) {
    return nested.stopReason(history);
  }

  @Override
  public Map<String, Object> results() {
    Map<String, Object> r = new LinkedHashMap<>(nested.results());
    if (!r.isEmpty()) {
      r.put("filtered_batches", filteredBatches);
      r.put("candidates_scored", scored);
      r.put("candidates_passed", passed);
      r.put("audited", audited);
      r.put("missed_share", run.missedShare());
      r.put("margin_errors", marginErrors);
      r.put("trainings", trainings);
    }
    return r;
  }

  @Override
  public Map<String, Double> metrics(int iteration) {
    Map<String, Double> m = new LinkedHashMap<>(nested.metrics(iteration));
    m.put("t1_invalid", (double) t1);
    m.put("t2_below", (double) t2);
    m.put("raw_acceptance", rawAcceptance);
    if (!Double.isNaN(marginLogL())) {
      m.put("margin_logl", marginLogL());
    }
    m.put("missed_share", window.missedShare());
    if (!Double.isNaN(precision)) {
      m.put("filter_precision", precision);
    }
    return m;
  }

  @Override
  public List<Column> columns() {
    return nested.columns();
  }

  @Override
  public ColumnValues columnValues(int iteration, List<Evaluation> batch) {
    return nested.columnValues(iteration, batch);
  }

  @Override
  public ModelBank bank() {
    return bank;
  }

  /** The sampler's state (live points, evidence) and the filter's (margin, error scale, tallies, estimates). */
  @Override
  public JsonNode state() {
    JsonNode n = nested.state();
    if (n == null) {
      return null;
    }
    ObjectNode s = JsonNodeFactory.instance.objectNode();
    s.set("nested", n);
    s.put("margin_errors", marginErrors);
    s.set("error_scale", Json.number(errorScale));
    s.put("residual_squares", residualSquares).put("residuals", residuals).put("raw_acceptance", rawAcceptance);
    s.put("t1", t1).put("t2", t2).put("unfiltered_rows", unfilteredRows).put("trainings", trainings).put("scored", scored).put("passed", passed)
        .put("audited", audited).put("filtered_batches", filteredBatches);
    s.set("window", window.toJson());
    s.set("run", run.toJson());
    return s;
  }

  @Override
  public void restore(JsonNode s) {
    if (s == null || s.isNull()) {
      return;
    }
    nested.restore(s.get("nested"));
    marginErrors = s.get("margin_errors").doubleValue();
    errorScale = Json.toDouble(s.get("error_scale"));
    residualSquares = s.get("residual_squares").doubleValue();
    residuals = s.get("residuals").longValue();
    rawAcceptance = s.get("raw_acceptance").doubleValue();
    t1 = s.get("t1").intValue();
    t2 = s.get("t2").intValue();
    unfilteredRows = s.get("unfiltered_rows").intValue();
    trainings = s.get("trainings").intValue();
    scored = s.get("scored").longValue();
    passed = s.get("passed").longValue();
    audited = s.get("audited").longValue();
    filteredBatches = s.get("filtered_batches").longValue();
    window.read(s.get("window"));
    run.read(s.get("run"));
  }

  /** The dead points' log weights, as {@link NestedStrategy#deadLogWeights}. */
  public double[] deadLogWeights() {
    return nested.deadLogWeights();
  }
}
