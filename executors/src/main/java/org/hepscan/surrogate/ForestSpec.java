package org.hepscan.surrogate;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.hepscan.config.ConfigException;
import org.hepscan.config.Options;

/**
 * A Spark MLlib tree ensemble read from a {@code model:} section: {@code random-forest}
 * (bagged trees, RandomForestRegressor/Classifier) or {@code gbt} (gradient-boosted trees,
 * GBTRegressor/Classifier). For example
 * <pre>{type: random-forest, trees: 100, max_depth: 10, max_bins: 64}</pre>
 *
 * <p>Keys (all but {@code type} optional):
 * <ul>
 * <li>{@code trees}: trees in the forest; for gbt the number of boosting iterations.
 * <li>{@code max_depth} (0-30, MLlib's limit), {@code max_bins} (candidate thresholds per
 *     input), {@code min_instances_per_node}, {@code min_info_gain}.
 * <li>{@code subsampling_rate} (0-1]: fraction of rows each tree sees.
 * <li>{@code feature_subset_strategy}: inputs tried per split: auto, all, onethird, sqrt,
 *     log2, a fraction in (0, 1] or a whole number of inputs.
 * <li>{@code step_size} (gbt only): learning rate (shrinkage) in (0, 1].
 * </ul>
 *
 * <p>Defaults are chosen for a few thousand to a million rows in at most about 20
 * unit-cube dimensions, where a surrogate has to resolve a smooth but curved response:
 * <ul>
 * <li>random-forest: 100 trees (the variance of the average flattens out around there and
 *     the cost is linear in trees); depth 10 (up to 1024 leaves per tree: fine enough for
 *     thousands of rows, and MLlib's cost per level doubles, so deeper trees only pay with
 *     hundreds of thousands of rows — raise it then); 64 bins (thresholds every ~1/64 of
 *     the unit interval, twice MLlib's default resolution for continuous inputs, at twice
 *     the histogram cost); 1 row per leaf (bagging averages the noise out);
 *     subsampling 1.0 (the bootstrap already resamples); feature subsets "auto" (MLlib:
 *     one third of the inputs for regression, sqrt for classification).
 * <li>gbt: 100 iterations at step size 0.1 (the usual shrinkage trade-off: small steps
 *     generalize better, 100 of them are enough at 0.1); depth 5 (boosting wants weak,
 *     shallow learners; depth 5 still models interactions of several inputs);
 *     min 5 rows per node and subsampling 0.8 (stochastic gradient boosting: less
 *     overfitting for a small price); all inputs per split.
 * </ul>
 *
 * <p>GBT classification in MLlib is binary only (hepscan classifies in/out of target: that
 * is enough); multi-output regression trains one MLlib model per output column.
 */
public final class ForestSpec implements SurrogateSpec {
  private static final long serialVersionUID = 1L;

  public static final String RANDOM_FOREST = "random-forest";
  public static final String GBT = "gbt";

  private static final List<String> COMMON_KEYS = List.of("type", "trees", "max_depth", "max_bins",
      "min_instances_per_node", "min_info_gain", "subsampling_rate", "feature_subset_strategy");
  private static final List<String> STRATEGY_WORDS = List.of("auto", "all", "onethird", "sqrt", "log2");

  private final String type;
  private final Task task;
  private final int trees;
  private final int maxDepth;
  private final int maxBins;
  private final int minInstancesPerNode;
  private final double minInfoGain;
  private final double subsamplingRate;
  private final String featureSubsetStrategy;
  private final double stepSize;

  /** All hyperparameters given; {@link #parse} fills in the defaults and checks ranges. */
  public ForestSpec(String type, Task task, int trees, int maxDepth, int maxBins, int minInstancesPerNode,
      double minInfoGain, double subsamplingRate, String featureSubsetStrategy, double stepSize) {
    if (!RANDOM_FOREST.equals(type) && !GBT.equals(type)) {
      throw new IllegalArgumentException("not a tree ensemble type: " + type);
    }
    this.type = type;
    this.task = task;
    this.trees = trees;
    this.maxDepth = maxDepth;
    this.maxBins = maxBins;
    this.minInstancesPerNode = minInstancesPerNode;
    this.minInfoGain = minInfoGain;
    this.subsamplingRate = subsamplingRate;
    this.featureSubsetStrategy = featureSubsetStrategy;
    this.stepSize = stepSize;
  }

  /** Reads a {@code model:} section whose type is random-forest or gbt. */
  public static ForestSpec parse(Options o, Task task) {
    String type = o.choice("type", null, RANDOM_FOREST, GBT);
    if (type == null) {
      throw new ConfigException(o.pathOf("type"), "missing; this key is required (random-forest or gbt)");
    }
    boolean gbt = GBT.equals(type);
    List<String> allowed = new ArrayList<>(COMMON_KEYS);
    if (gbt) {
      allowed.add("step_size");
    }
    o.allowOnly(allowed);
    int trees = (int) o.integer("trees", 100, 1, 10_000);
    int maxDepth = (int) o.integer("max_depth", gbt ? 5 : 10, 0, 30);
    int maxBins = (int) o.integer("max_bins", 64, 2, 65_536);
    int minInstances = (int) o.integer("min_instances_per_node", gbt ? 5 : 1, 1, Integer.MAX_VALUE);
    double minInfoGain = o.number("min_info_gain", 0.0, 0.0, Double.MAX_VALUE);
    double subsampling = o.number("subsampling_rate", gbt ? 0.8 : 1.0, 0.0, 1.0);
    if (subsampling <= 0) {
      throw new ConfigException(o.pathOf("subsampling_rate"), "expected a fraction above 0 and at most 1, got 0");
    }
    String strategy = featureSubsetStrategy(o, gbt ? "all" : "auto");
    double stepSize = gbt ? o.number("step_size", 0.1, 0.0, 1.0) : 0.1;
    if (gbt && stepSize <= 0) {
      throw new ConfigException(o.pathOf("step_size"), "expected a learning rate above 0 and at most 1, got 0");
    }
    return new ForestSpec(type, task, trees, maxDepth, maxBins, minInstances, minInfoGain, subsampling, strategy,
        stepSize);
  }

  /** A word MLlib knows, a fraction in (0, 1], or a whole number of inputs, as MLlib's string. */
  private static String featureSubsetStrategy(Options o, String fallback) {
    String key = "feature_subset_strategy";
    if (!o.has(key)) {
      return fallback;
    }
    Object raw = o.raw(key);
    String expected = "expected one of " + String.join(", ", STRATEGY_WORDS)
        + ", a fraction in (0, 1] or a whole number of inputs";
    if (raw instanceof String s) {
      String w = s.trim().toLowerCase(Locale.ROOT);
      if (STRATEGY_WORDS.contains(w)) {
        return w;
      }
      throw new ConfigException(o.pathOf(key), expected + "; got '" + s + "'");
    }
    if (raw instanceof Integer || raw instanceof Long || raw instanceof java.math.BigInteger) {
      long n = o.integer(key); // as YAML wrote it, 1 means one input, 1.0 all of them
      if (n >= 1 && n <= Integer.MAX_VALUE) {
        return Long.toString(n);
      }
      throw new ConfigException(o.pathOf(key), expected + "; got " + n);
    }
    if (raw instanceof Number) {
      double v = o.number(key);
      if (v > 0 && v <= 1) {
        return Double.toString(v);
      }
      throw new ConfigException(o.pathOf(key), expected + "; got " + Options.fmt(v));
    }
    throw new ConfigException(o.pathOf(key), expected + "; got " + Options.describe(raw));
  }

  @Override
  public String type() {
    return type;
  }

  @Override
  public Task task() {
    return task;
  }

  public boolean isGbt() {
    return GBT.equals(type);
  }

  public int trees() {
    return trees;
  }

  public int maxDepth() {
    return maxDepth;
  }

  public int maxBins() {
    return maxBins;
  }

  public int minInstancesPerNode() {
    return minInstancesPerNode;
  }

  public double minInfoGain() {
    return minInfoGain;
  }

  public double subsamplingRate() {
    return subsamplingRate;
  }

  public String featureSubsetStrategy() {
    return featureSubsetStrategy;
  }

  /** The GBT learning rate; unused by a random forest. */
  public double stepSize() {
    return stepSize;
  }

  @Override
  public Surrogate fit(SparkSession spark, TrainingSet data, long seed, Surrogate warmStart, int epochs) {
    return ForestSurrogate.fit(this, spark, data, seed, warmStart, epochs);
  }

  @Override
  public Surrogate load(byte[] bytes) {
    ForestSurrogate s = ForestSurrogate.fromBytes(bytes);
    if (!s.type().equals(type) || s.task() != task) {
      throw new IllegalArgumentException("these bytes hold a " + s.type() + " " + s.task().name().toLowerCase(Locale.ROOT)
          + " model, not a " + type + " " + task.name().toLowerCase(Locale.ROOT) + " one");
    }
    return s;
  }

  @Override
  public Map<String, Object> describe() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("type", type);
    m.put("task", task.name().toLowerCase(Locale.ROOT));
    m.put("trees", trees);
    m.put("max_depth", maxDepth);
    m.put("max_bins", maxBins);
    m.put("min_instances_per_node", minInstancesPerNode);
    m.put("min_info_gain", minInfoGain);
    m.put("subsampling_rate", subsamplingRate);
    m.put("feature_subset_strategy", featureSubsetStrategy);
    if (isGbt()) {
      m.put("step_size", stepSize);
    }
    return m;
  }

  @Override
  public String toString() {
    return "ForestSpec" + describe();
  }
}
