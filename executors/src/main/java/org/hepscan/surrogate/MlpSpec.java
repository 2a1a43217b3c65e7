package org.hepscan.surrogate;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.spark.sql.SparkSession;
import org.hepscan.config.ConfigException;
import org.hepscan.config.Options;
import org.hepscan.surrogate.param.Param;
import org.hepscan.surrogate.param.ParamValues;
import org.hepscan.training.TrainingSpec;

/**
 * A multilayer perceptron (DJL, PyTorch engine) read from a strategy's {@code model:}
 * section with {@code type: mlp}. The defaults are the papers' network: four hidden layers
 * of 100 ReLU units, Adam with learning rate 1e-3 and betas 0.9/0.999, 1000 epochs; MSE
 * with a linear output for regression, binary cross-entropy with a sigmoid output for a
 * classifier.
 *
 * <p>{@code batch_size} defaults to auto (0): an eighth of the training rows, at least 32
 * and at most 128. Active-learning sets are small (hundreds to tens of thousands of rows),
 * so a small batch gives Adam enough steps per epoch, and below about 128 rows DJL's fixed
 * cost per step (some tens of microseconds of JNI calls) dominates the arithmetic (10k
 * rows x 50 epochs at 128: 3-5 s on one core). A fixed 128 gave the first trainings of a
 * scan one step per epoch: on the 7-D shell bench (100 initial points, papers/001's 3 x 50
 * network, 1000 epochs) the regressor then sent its first three batches to O ~ 10 instead
 * of 2, and dnnr was 17-20 % efficient at 1000 calls; at 32 rows per step, 33 %. {@code min_steps} (default
 * 0, no floor) raises the epochs of a training on few rows so that Adam takes at least that
 * many steps: a scan that sets a low epoch count for its late, large training sets still
 * trains its first, small ones enough.
 *
 * <p>{@code ensemble: N} (default 1) trains N networks that differ in their seeds (initial
 * weights and batch order) on the same rows, as N parallel tasks of one Spark job; the
 * model predicts their mean, with their spread (sample standard deviation) as its std:
 * small where the rows pinned the networks down, large where they extrapolate. Where the
 * networks train (CPU or GPU, which Spark resources) is the strategy's {@code training:}
 * section ({@link TrainingSpec}), shared by all its models.
 *
 * <p>The spec is its checked hyperparameter values ({@link MlpParams}, each declared once)
 * and the training section; training on Spark is {@link MlpEstimator}'s, the bytes of a
 * trained model {@link MlpCodec}'s.
 */
public final class MlpSpec implements SurrogateSpec {
  private static final long serialVersionUID = 2L;

  public static final String TYPE = "mlp";
  /** The keys a model section of this type may have. */
  public static final List<String> KEYS = keys();
  /** Member i of an ensemble trains with seed + i times this odd constant (so member 0 is the single network). */
  static final long MEMBER_SEED_STEP = 0x9E3779B97F4A7C15L;
  public static final String[] ACTIVATIONS = MlpParams.ACTIVATIONS.toArray(String[]::new);

  private final Task task;
  private final ParamValues values;
  private final TrainingSpec training;

  private MlpSpec(Task task, ParamValues values, TrainingSpec training) {
    if (task == Task.DENSITY) {
      throw new IllegalArgumentException("an mlp learns targets; a density task needs a density model");
    }
    this.task = task;
    this.values = values;
    this.training = Objects.requireNonNull(training, "training");
  }

  private static List<String> keys() {
    List<String> k = new ArrayList<>();
    k.add("type");
    k.addAll(MlpParams.SET.keys());
    return List.copyOf(k);
  }

  /** Reads a {@code model:} section (its {@code type}, when present, must be mlp), to train as the defaults say. */
  public static MlpSpec parse(Options o, Task task) {
    return parse(o, task, TrainingSpec.defaults());
  }

  /** Reads a {@code model:} section of a strategy whose {@code training:} section is {@code training}. */
  public static MlpSpec parse(Options o, Task task, TrainingSpec training) {
    if (o.has("device")) {
      throw new ConfigException(o.pathOf("device"), "the device is chosen for all of a strategy's models in "
          + training.pathOf("device") + " (cpu, gpu or auto)");
    }
    o.allowOnly(KEYS);
    if (o.has("type")) {
      o.choice("type", TYPE, TYPE);
    }
    if (task == Task.DENSITY) {
      throw new ConfigException(o.pathOf("type"), "an mlp learns targets; a density task needs a density model");
    }
    return new MlpSpec(task, MlpParams.SET.parse(o, task), training);
  }

  public static Builder builder(Task task) {
    return new Builder(task);
  }

  public Builder toBuilder() {
    return new Builder(task).values(values.asMap()).training(training);
  }

  // ---- SurrogateSpec ---------------------------------------------------------------

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public Task task() {
    return task;
  }

  /** See {@link MlpEstimator#fit}. */
  @Override
  public Surrogate fit(SparkSession spark, TrainingSet data, long seed, Surrogate warmStart, int epochs) {
    return new MlpEstimator(this).fit(spark, data, seed, warmStart, epochs);
  }

  /** See {@link MlpEstimator#prepare}. */
  @Override
  public void prepare(SparkSession spark) {
    new MlpEstimator(this).prepare(spark);
  }

  /**
   * Trains one network in this JVM (an ensemble's member i is {@code train(data,
   * memberSeed(seed, i), ...)}): on the GPU DJL sees when the training device is gpu, or
   * auto and there is one, else on the CPU. What tests without Spark call.
   */
  public MlpSurrogate train(TrainingSet data, long seed, Surrogate warmStart, int epochs) {
    return new MlpEstimator(this).train(data, seed, warmStart, epochs);
  }

  /** Reads a network's or an ensemble's bytes (an envelope, or a format from before it). */
  @Override
  public Surrogate load(byte[] bytes) {
    return MlpCodec.read(bytes);
  }

  /** type, task, every hyperparameter in declaration order, device: what provenance shows and a model stores. */
  @Override
  public Map<String, Object> describe() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("type", TYPE);
    m.put("task", task.name().toLowerCase());
    m.putAll(values.asMap());
    m.put("device", training.device().key());
    return m;
  }

  @Override
  public String toString() {
    return "MlpSpec" + describe();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof MlpSpec s && describe().equals(s.describe());
  }

  @Override
  public int hashCode() {
    return describe().hashCode();
  }

  // ---- accessors -------------------------------------------------------------------

  /** The value of hyperparameter {@code p}. */
  <T> T get(Param<T> p) {
    return values.get(p);
  }

  public int[] hidden() {
    return get(MlpParams.HIDDEN).stream().mapToInt(Integer::intValue).toArray();
  }

  public String activation() {
    return get(MlpParams.ACTIVATION);
  }

  public double dropout() {
    return get(MlpParams.DROPOUT);
  }

  public boolean batchNorm() {
    return get(MlpParams.BATCH_NORM);
  }

  public String output() {
    return get(MlpParams.OUTPUT);
  }

  public String loss() {
    return get(MlpParams.LOSS);
  }

  public double learningRate() {
    return get(MlpParams.LEARNING_RATE);
  }

  public double beta1() {
    return get(MlpParams.BETA1);
  }

  public double beta2() {
    return get(MlpParams.BETA2);
  }

  public int epochs() {
    return get(MlpParams.EPOCHS);
  }

  /** The {@code batch_size} as given; 0 is auto: see {@link #batchSizeFor}. */
  public int batchSize() {
    return get(MlpParams.BATCH_SIZE);
  }

  /** Rows per optimizer step on {@code rows} training rows: {@code batch_size}, or when auto ceil(rows / 8) within [32, 128]. */
  public int batchSizeFor(int rows) {
    int b = batchSize();
    return b > 0 ? b : AUTO_BATCH.applyAsInt(rows);
  }

  /** batch_size auto: 8 steps per epoch, 32 to 128 rows per step (more steps below 256 rows, fewer above 1024). */
  static final java.util.function.IntUnaryOperator AUTO_BATCH = rows -> (int) Math.min(128, Math.max(32, (rows + 7L) / 8));

  /** At least this many optimizer steps per training, whatever the epochs: see {@link #epochsFor}. */
  public int minSteps() {
    return get(MlpParams.MIN_STEPS);
  }

  /** At most this many optimizer steps per training (0: no cap): see {@link #epochsFor}. */
  public int maxSteps() {
    return get(MlpParams.MAX_STEPS);
  }

  /**
   * The epochs a training on {@code rows} rows runs: {@code requested}, raised so that the
   * optimizer takes at least {@code min_steps} steps, lowered so that it takes at most
   * {@code max_steps} (never below one epoch). An epoch count fit for tens of thousands of
   * rows is a few hundred Adam steps on the first few hundred, too few for a classifier to
   * find a rare class; a step floor trains small sets enough without making large ones
   * slower. The cap is the other end: with it, a training on a long history costs what one
   * on {@code max_steps} rows' worth of batches does.
   */
  public int epochsFor(int rows, int requested) {
    if (rows <= 0) {
      return requested;
    }
    int batchSize = Math.min(batchSizeFor(rows), rows);
    long stepsPerEpoch = (rows + (long) batchSize - 1) / batchSize;
    long epochs = requested;
    if (minSteps() > 0) {
      epochs = Math.max(epochs, (minSteps() + stepsPerEpoch - 1) / stepsPerEpoch);
    }
    if (maxSteps() > 0) {
      epochs = Math.min(epochs, Math.max(1, maxSteps() / stepsPerEpoch));
    }
    return (int) Math.min(epochs, Integer.MAX_VALUE);
  }

  public boolean standardize() {
    return get(MlpParams.STANDARDIZE);
  }

  /** cpu, gpu or auto: {@link #training()}'s device. */
  public String device() {
    return training.device().key();
  }

  @Override
  public int maxRows() {
    return training.maxRows();
  }

  public TrainingSpec training() {
    return training;
  }

  /** Networks trained and averaged; 1 for a single network. */
  public int ensemble() {
    return get(MlpParams.ENSEMBLE);
  }

  /** The spec of one network of this one: the same, with ensemble 1. */
  MlpSpec member() {
    return ensemble() == 1 ? this : toBuilder().ensemble(1).build();
  }

  /** The seed member {@code i} of an ensemble trains with when the ensemble's is {@code seed}. */
  public static long memberSeed(long seed, int i) {
    return seed + i * MEMBER_SEED_STEP;
  }

  /** Whether regression targets are standardized: with a sigmoid output they must stay in [0, 1]. */
  boolean scalesTargets() {
    return standardize() && task == Task.REGRESSION && "linear".equals(output());
  }

  /**
   * Programmatic construction, for tests and code that does not start from YAML: values are
   * checked by the same declarations as a YAML section's, when {@link #build} is called.
   */
  public static final class Builder {
    private final Task task;
    private final Map<String, Object> values = new LinkedHashMap<>();
    private TrainingSpec training = TrainingSpec.defaults();

    private Builder(Task task) {
      this.task = Objects.requireNonNull(task, "task");
    }

    /** Sets {@code p}; null restores its default for the task. */
    <T> Builder set(Param<T> p, T value) {
      if (value == null) {
        values.remove(p.name());
      } else {
        values.put(p.name(), value);
      }
      return this;
    }

    /** Hyperparameters by key as plain values (a description, a stored model); other keys are ignored. */
    Builder values(Map<String, ?> plain) {
      for (String key : MlpParams.SET.keys()) {
        if (plain.get(key) != null) {
          values.put(key, plain.get(key));
        }
      }
      return this;
    }

    public Builder hidden(int... h) {
      List<Integer> l = new ArrayList<>(h.length);
      for (int v : h) {
        l.add(v);
      }
      return set(MlpParams.HIDDEN, List.copyOf(l));
    }

    public Builder activation(String a) {
      return set(MlpParams.ACTIVATION, a);
    }

    public Builder dropout(double d) {
      return set(MlpParams.DROPOUT, d);
    }

    public Builder batchNorm(boolean b) {
      return set(MlpParams.BATCH_NORM, b);
    }

    /** linear or sigmoid; null for the task's default. */
    public Builder output(String o) {
      return set(MlpParams.OUTPUT, o);
    }

    /** mse, mae or bce; null for the task's default. */
    public Builder loss(String l) {
      return set(MlpParams.LOSS, l);
    }

    public Builder learningRate(double lr) {
      return set(MlpParams.LEARNING_RATE, lr);
    }

    public Builder beta1(double b) {
      return set(MlpParams.BETA1, b);
    }

    public Builder beta2(double b) {
      return set(MlpParams.BETA2, b);
    }

    public Builder epochs(int e) {
      return set(MlpParams.EPOCHS, e);
    }

    public Builder batchSize(int b) {
      return set(MlpParams.BATCH_SIZE, b);
    }

    /** 0 (the default) for no floor. */
    public Builder minSteps(int s) {
      return set(MlpParams.MIN_STEPS, s);
    }

    /** 0 (the default) for no cap. */
    public Builder maxSteps(int s) {
      return set(MlpParams.MAX_STEPS, s);
    }

    public Builder standardize(boolean s) {
      return set(MlpParams.STANDARDIZE, s);
    }

    /** cpu, gpu or auto, keeping the rest of the training section. */
    public Builder device(String d) {
      if (!List.of("cpu", "gpu", "auto").contains(d)) {
        throw new IllegalArgumentException("device must be cpu, gpu or auto: " + d);
      }
      this.training = training.withDevice(TrainingSpec.Device.of(d));
      return this;
    }

    public Builder training(TrainingSpec t) {
      this.training = Objects.requireNonNull(t, "training");
      return this;
    }

    public Builder ensemble(int n) {
      return set(MlpParams.ENSEMBLE, n);
    }

    public MlpSpec build() {
      return new MlpSpec(task, MlpParams.SET.check(values, task), training);
    }
  }
}
