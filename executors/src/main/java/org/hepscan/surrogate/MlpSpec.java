package org.hepscan.surrogate;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntSupplier;
import org.apache.spark.sql.SparkSession;
import org.hepscan.config.ConfigException;
import org.hepscan.config.Options;
import org.hepscan.training.TaskDevice;
import org.hepscan.training.TrainingJob;
import org.hepscan.training.TrainingPlan;
import org.hepscan.training.TrainingSpec;

/**
 * A multilayer perceptron (DJL, PyTorch engine) read from a strategy's {@code model:}
 * section with {@code type: mlp}. The defaults are the papers' network: four hidden layers
 * of 100 ReLU units, Adam with learning rate 1e-3 and betas 0.9/0.999, 1000 epochs; MSE
 * with a linear output for regression, binary cross-entropy with a sigmoid output for a
 * classifier.
 *
 * <p>{@code batch_size} defaults to 128: active-learning sets are small (hundreds to tens of
 * thousands of rows), so a small batch gives Adam enough steps per epoch, and below about
 * 128 rows DJL's fixed cost per step (some tens of microseconds of JNI calls) dominates
 * the arithmetic (10k rows x 50 epochs at 128: 3-5 s on one core). {@code min_steps} (default
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
 */
public final class MlpSpec implements SurrogateSpec {
  private static final long serialVersionUID = 1L;

  public static final String TYPE = "mlp";
  public static final List<String> KEYS = List.of("type", "hidden", "activation", "dropout", "batch_norm", "output",
      "loss", "learning_rate", "beta1", "beta2", "epochs", "min_steps", "batch_size", "standardize", "ensemble");
  /** Member i of an ensemble trains with seed + i times this odd constant (so member 0 is the single network). */
  static final long MEMBER_SEED_STEP = 0x9E3779B97F4A7C15L;
  public static final String[] ACTIVATIONS = {"relu", "tanh", "sigmoid", "leaky-relu", "gelu", "softplus"};

  private final Task task;
  private final int[] hidden;
  private final String activation;
  private final double dropout;
  private final boolean batchNorm;
  private final String output;
  private final String loss;
  private final double learningRate;
  private final double beta1;
  private final double beta2;
  private final int epochs;
  private final int batchSize;
  private final int minSteps;
  private final boolean standardize;
  private final TrainingSpec training;
  private final int ensemble;

  private MlpSpec(Builder b) {
    this.task = b.task;
    this.hidden = b.hidden.clone();
    this.activation = b.activation;
    this.dropout = b.dropout;
    this.batchNorm = b.batchNorm;
    this.output = b.output != null ? b.output : (task == Task.CLASSIFICATION ? "sigmoid" : "linear");
    this.loss = b.loss != null ? b.loss : (task == Task.CLASSIFICATION ? "bce" : "mse");
    this.learningRate = b.learningRate;
    this.beta1 = b.beta1;
    this.beta2 = b.beta2;
    this.epochs = b.epochs;
    this.batchSize = b.batchSize;
    this.minSteps = b.minSteps;
    this.standardize = b.standardize;
    this.training = b.training;
    this.ensemble = b.ensemble;
    validate();
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
    Builder b = builder(task);
    if (o.has("hidden")) {
      List<Object> l = o.list("hidden");
      if (l.isEmpty()) {
        throw new ConfigException(o.pathOf("hidden"), "expected at least one hidden layer size, e.g. [100, 100, 100, 100]");
      }
      int[] h = new int[l.size()];
      for (int i = 0; i < h.length; i++) {
        String p = o.pathOf("hidden") + "[" + i + "]";
        long v = Options.toInteger(p, l.get(i));
        if (v < 1 || v > 1_000_000) {
          throw new ConfigException(p, "expected a layer size between 1 and 1000000, got " + v);
        }
        h[i] = (int) v;
      }
      b.hidden(h);
    }
    b.activation(o.choice("activation", "relu", ACTIVATIONS));
    b.dropout(o.number("dropout", 0, 0, 0.99));
    b.batchNorm(o.bool("batch_norm", false));
    String output = o.choice("output", null, "linear", "sigmoid");
    String loss = o.choice("loss", null, "mse", "mae", "bce");
    if ("bce".equals(loss) && task != Task.CLASSIFICATION) {
      throw new ConfigException(o.pathOf("loss"), "bce (binary cross-entropy) is for classifiers; a regression model takes mse or mae");
    }
    if (task == Task.CLASSIFICATION && "linear".equals(output)) {
      throw new ConfigException(o.pathOf("output"), "a classifier outputs a probability: use sigmoid (the default)");
    }
    b.output(output).loss(loss);
    b.learningRate(o.number("learning_rate", 1e-3, 1e-9, 10));
    if (o.has("learning_rate") && !(b.learningRate > 0)) {
      throw new ConfigException(o.pathOf("learning_rate"), "expected a positive number");
    }
    b.beta1(o.number("beta1", 0.9, 0, 0.999999));
    b.beta2(o.number("beta2", 0.999, 0, 0.999999999));
    b.epochs((int) o.integer("epochs", 1000, 1, 10_000_000));
    b.batchSize((int) o.integer("batch_size", 128, 1, 1 << 24));
    b.minSteps((int) o.integer("min_steps", 0, 0, 100_000_000));
    b.standardize(o.bool("standardize", true));
    b.ensemble((int) o.integer("ensemble", 1, 1, 1000));
    b.training(training);
    return b.build();
  }

  public static Builder builder(Task task) {
    return new Builder(task);
  }

  public Builder toBuilder() {
    Builder b = new Builder(task).hidden(hidden).activation(activation).dropout(dropout).batchNorm(batchNorm)
        .output(output).loss(loss).learningRate(learningRate).beta1(beta1).beta2(beta2).epochs(epochs)
        .batchSize(batchSize).minSteps(minSteps).standardize(standardize).training(training).ensemble(ensemble);
    return b;
  }

  private void validate() {
    if (hidden.length == 0) {
      throw new IllegalArgumentException("an MLP needs at least one hidden layer");
    }
    for (int h : hidden) {
      if (h < 1) {
        throw new IllegalArgumentException("hidden layer sizes must be positive: " + Arrays.toString(hidden));
      }
    }
    if (!List.of(ACTIVATIONS).contains(activation)) {
      throw new IllegalArgumentException("unknown activation " + activation);
    }
    if (!(dropout >= 0 && dropout < 1)) {
      throw new IllegalArgumentException("dropout must be in [0, 1): " + dropout);
    }
    if (!List.of("linear", "sigmoid").contains(output)) {
      throw new IllegalArgumentException("unknown output " + output);
    }
    if (!List.of("mse", "mae", "bce").contains(loss)) {
      throw new IllegalArgumentException("unknown loss " + loss);
    }
    if ("bce".equals(loss) && task != Task.CLASSIFICATION) {
      throw new IllegalArgumentException("bce loss is for classifiers");
    }
    if (task == Task.CLASSIFICATION && !"sigmoid".equals(output)) {
      throw new IllegalArgumentException("a classifier needs a sigmoid output");
    }
    if (!(learningRate > 0) || !(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1)) {
      throw new IllegalArgumentException("learning rate must be positive and betas in [0, 1)");
    }
    if (epochs < 1 || batchSize < 1 || minSteps < 0) {
      throw new IllegalArgumentException("epochs and batch size must be positive, min_steps not negative");
    }
    if (training == null || ensemble < 1) {
      throw new IllegalArgumentException("a training section and at least one ensemble member are needed");
    }
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

  /**
   * Trains as one Spark job with a task per network ({@link #ensemble()} of them), placed
   * as the {@link TrainingPlan} of this spec's training section on this cluster says:
   * GPU tasks under a stage-level resource profile where the cluster has GPUs and the
   * spec allows them, CPU tasks otherwise. Without Spark the networks train here.
   */
  @Override
  public Surrogate fit(SparkSession spark, TrainingSet data, long seed, Surrogate warmStart, int epochs) {
    if (data.task() != task) {
      throw new IllegalArgumentException("a " + task + " model cannot learn a " + data.task() + " training set");
    }
    List<MlpSurrogate> warm = warmMembers(warmStart);
    TrainingPlan plan = plan(spark);
    int ep = epochsFor(data.size(), epochs > 0 ? epochs : this.epochs);
    List<byte[]> members = new ArrayList<>(ensemble);
    for (int i = 0; i < ensemble; i++) {
      members.add(memberHeader(memberSeed(seed, i), ep, warm == null ? null : warm.get(i).toBytes(), plan.summary()));
    }
    long t0 = System.nanoTime();
    MlpSpec spec = this;
    List<byte[]> out = TrainingJob.run(spark, plan, dataBytes(data), members, spec::trainMember,
        "hepscan: train " + (ensemble > 1 ? "an ensemble of " + ensemble + " mlps" : "mlp") + " on " + data.size() + " rows"
            + (plan.gpu() ? " (GPU)" : ""));
    double seconds = (System.nanoTime() - t0) / 1e9;
    if (ensemble == 1) {
      return MlpSurrogate.fromBytes(out.get(0));
    }
    List<MlpSurrogate> trained = new ArrayList<>(ensemble);
    try {
      for (byte[] b : out) {
        trained.add(MlpSurrogate.fromBytes(b));
      }
    } catch (RuntimeException e) {
      trained.forEach(MlpSurrogate::close);
      throw e;
    }
    Map<String, Object> prov = new LinkedHashMap<>();
    prov.put("type", TYPE);
    prov.put("task", task.name().toLowerCase());
    prov.put("ensemble", ensemble);
    prov.put("hyperparameters", describe());
    prov.put("rows", data.size());
    prov.put("inputs", data.inputs());
    prov.put("outputs", data.outputs());
    prov.put("epochs", ep);
    prov.put("total_epochs", trained.get(0).provenance().get("total_epochs"));
    prov.put("warm_start", warm != null);
    prov.put("seed", seed);
    prov.put("seconds", seconds);
    prov.put("training", plan.summary());
    return new MlpEnsemble(trained, prov);
  }

  /**
   * Checks on the driver, before the first training, that the cluster can train as the
   * training section asks: a GPU request the master cannot honour fails here, before any
   * oracle call.
   */
  @Override
  public void prepare(SparkSession spark) {
    plan(spark);
  }

  private TrainingPlan plan(SparkSession spark) {
    IntSupplier gpus = () -> ai.djl.engine.Engine.getInstance().getGpuCount();
    return spark == null ? TrainingPlan.here(training, gpus) : TrainingPlan.of(training, spark.sparkContext(), gpus);
  }

  /** The warm start's networks, one per member; null for none. */
  private List<MlpSurrogate> warmMembers(Surrogate warmStart) {
    if (warmStart == null) {
      return null;
    }
    List<MlpSurrogate> members;
    if (warmStart instanceof MlpSurrogate m) {
      members = List.of(m);
    } else if (warmStart instanceof MlpEnsemble e) {
      members = e.members();
    } else {
      throw new IllegalArgumentException("an mlp can only warm-start from an mlp, not a " + warmStart.type());
    }
    if (members.size() != ensemble) {
      throw new IllegalArgumentException("the warm start model has " + members.size() + " network(s); this spec trains "
          + ensemble);
    }
    return members;
  }

  /**
   * Trains one network in this JVM (an ensemble's member i is {@code train(data,
   * memberSeed(seed, i), ...)}): on the GPU DJL sees when the training device is gpu, or
   * auto and there is one, else on the CPU. What tests without Spark call.
   */
  public MlpSurrogate train(TrainingSet data, long seed, Surrogate warmStart, int epochs) {
    if (data.task() != task) {
      throw new IllegalArgumentException("a " + task + " model cannot learn a " + data.task() + " training set");
    }
    MlpSurrogate warm = null;
    if (warmStart != null) {
      if (!(warmStart instanceof MlpSurrogate m)) {
        throw new IllegalArgumentException("an mlp network can only warm-start from an mlp network, not a "
            + (warmStart instanceof MlpEnsemble ? "ensemble" : warmStart.type()));
      }
      warm = m;
    }
    TrainingPlan plan = plan(null);
    return MlpTrainer.train(member(), data, seed, warm, epochsFor(data.size(), epochs > 0 ? epochs : this.epochs),
        TaskDevice.current(plan.gpu(), 0)).toSurrogate(plan.gpu() ? "auto" : "cpu");
  }

  /** Reads a network's or an ensemble's bytes. */
  @Override
  public Surrogate load(byte[] bytes) {
    return MlpEnsemble.isEnsemble(bytes) ? MlpEnsemble.fromBytes(bytes) : MlpSurrogate.fromBytes(bytes);
  }

  @Override
  public Map<String, Object> describe() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("type", TYPE);
    m.put("task", task.name().toLowerCase());
    m.put("hidden", Arrays.stream(hidden).boxed().toList());
    m.put("activation", activation);
    m.put("dropout", dropout);
    m.put("batch_norm", batchNorm);
    m.put("output", output);
    m.put("loss", loss);
    m.put("learning_rate", learningRate);
    m.put("beta1", beta1);
    m.put("beta2", beta2);
    m.put("epochs", epochs);
    m.put("batch_size", batchSize);
    m.put("min_steps", minSteps);
    m.put("standardize", standardize);
    m.put("ensemble", ensemble);
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

  public int[] hidden() {
    return hidden.clone();
  }

  public String activation() {
    return activation;
  }

  public double dropout() {
    return dropout;
  }

  public boolean batchNorm() {
    return batchNorm;
  }

  public String output() {
    return output;
  }

  public String loss() {
    return loss;
  }

  public double learningRate() {
    return learningRate;
  }

  public double beta1() {
    return beta1;
  }

  public double beta2() {
    return beta2;
  }

  public int epochs() {
    return epochs;
  }

  public int batchSize() {
    return batchSize;
  }

  /** At least this many optimizer steps per training, whatever the epochs: see {@link #epochsFor}. */
  public int minSteps() {
    return minSteps;
  }

  /**
   * The epochs a training on {@code rows} rows runs: {@code requested}, raised so that the
   * optimizer takes at least {@code min_steps} steps. An epoch count fit for tens of
   * thousands of rows is a few hundred Adam steps on the first few hundred, too few for a
   * classifier to find a rare class; a step floor trains small sets enough without making
   * large ones slower.
   */
  public int epochsFor(int rows, int requested) {
    if (minSteps <= 0 || rows <= 0) {
      return requested;
    }
    long stepsPerEpoch = (rows + (long) Math.min(batchSize, rows) - 1) / Math.min(batchSize, rows);
    long needed = (minSteps + stepsPerEpoch - 1) / stepsPerEpoch;
    return (int) Math.max(requested, Math.min(needed, Integer.MAX_VALUE));
  }

  public boolean standardize() {
    return standardize;
  }

  /** cpu, gpu or auto: {@link #training()}'s device. */
  public String device() {
    return training.device().key();
  }

  public TrainingSpec training() {
    return training;
  }

  /** Networks trained and averaged; 1 for a single network. */
  public int ensemble() {
    return ensemble;
  }

  /** The spec of one network of this one: the same, with ensemble 1. */
  MlpSpec member() {
    return ensemble == 1 ? this : toBuilder().ensemble(1).build();
  }

  /** The seed member {@code i} of an ensemble trains with when the ensemble's is {@code seed}. */
  public static long memberSeed(long seed, int i) {
    return seed + i * MEMBER_SEED_STEP;
  }

  /** Whether regression targets are standardized: with a sigmoid output they must stay in [0, 1]. */
  boolean scalesTargets() {
    return standardize && task == Task.REGRESSION && "linear".equals(output);
  }

  // ---- the bytes of a spec and of a training payload ---------------------------------

  void write(DataOutputStream out) throws IOException {
    out.writeUTF(task.name());
    out.writeInt(hidden.length);
    for (int h : hidden) {
      out.writeInt(h);
    }
    out.writeUTF(activation);
    out.writeDouble(dropout);
    out.writeBoolean(batchNorm);
    out.writeUTF(output);
    out.writeUTF(loss);
    out.writeDouble(learningRate);
    out.writeDouble(beta1);
    out.writeDouble(beta2);
    out.writeInt(epochs);
    out.writeInt(batchSize);
    out.writeBoolean(standardize);
    out.writeUTF(training.device().key());
    out.writeInt(minSteps);
  }

  /** Reads {@link #write}; {@code format} 1 (before min_steps) reads as min_steps 0. */
  static MlpSpec read(DataInputStream in, int format) throws IOException {
    Builder b = builder(Task.valueOf(in.readUTF()));
    int[] h = new int[in.readInt()];
    for (int i = 0; i < h.length; i++) {
      h[i] = in.readInt();
    }
    return b.hidden(h).activation(in.readUTF()).dropout(in.readDouble()).batchNorm(in.readBoolean())
        .output(in.readUTF()).loss(in.readUTF()).learningRate(in.readDouble()).beta1(in.readDouble())
        .beta2(in.readDouble()).epochs(in.readInt()).batchSize(in.readInt()).standardize(in.readBoolean())
        .device(in.readUTF()).minSteps(format >= 2 ? in.readInt() : 0).build();
  }

  /** The training set as one byte[], broadcast once to all members' tasks. */
  static byte[] dataBytes(TrainingSet data) {
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      DataOutputStream out = new DataOutputStream(bytes);
      out.writeUTF(data.task().name());
      out.writeInt(data.size());
      out.writeInt(data.inputs());
      out.writeInt(data.outputs());
      for (int i = 0; i < data.size(); i++) {
        for (double v : data.x()[i]) {
          out.writeDouble(v);
        }
        for (double v : data.y()[i]) {
          out.writeDouble(v);
        }
      }
      out.flush();
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static TrainingSet readData(byte[] b) throws IOException {
    DataInputStream in = new DataInputStream(new ByteArrayInputStream(b));
    Task t = Task.valueOf(in.readUTF());
    int n = in.readInt();
    int d = in.readInt();
    int k = in.readInt();
    double[][] x = new double[n][d];
    double[][] y = new double[n][k];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < d; j++) {
        x[i][j] = in.readDouble();
      }
      for (int j = 0; j < k; j++) {
        y[i][j] = in.readDouble();
      }
    }
    return new TrainingSet(x, y, t);
  }

  /** What one member's task needs beyond the data: its seed, the epochs, its warm start, the plan (for provenance). */
  static byte[] memberHeader(long seed, int epochs, byte[] warm, String plan) {
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      DataOutputStream out = new DataOutputStream(bytes);
      out.writeLong(seed);
      out.writeInt(epochs);
      out.writeUTF(plan);
      out.writeInt(warm == null ? -1 : warm.length);
      if (warm != null) {
        out.write(warm);
      }
      out.flush();
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Executor side of {@link #fit}: one network from the broadcast data and its header, as bytes. */
  byte[] trainMember(byte[] data, byte[] header, TaskDevice device) throws IOException {
    DataInputStream in = new DataInputStream(new ByteArrayInputStream(header));
    long seed = in.readLong();
    int ep = in.readInt();
    String plan = in.readUTF();
    int wl = in.readInt();
    MlpSurrogate warm = null;
    if (wl >= 0) {
      byte[] w = new byte[wl];
      in.readFully(w);
      warm = MlpSurrogate.fromBytes(w);
    }
    try {
      MlpTrainer.Trained t = MlpTrainer.train(member(), readData(data), seed, warm, ep, device);
      t.provenance().put("training", plan);
      return t.toBytes();
    } finally {
      if (warm != null) {
        warm.close();
      }
    }
  }

  /** Programmatic construction, for tests and code that does not start from YAML. */
  public static final class Builder {
    private final Task task;
    private int[] hidden = {100, 100, 100, 100};
    private String activation = "relu";
    private double dropout;
    private boolean batchNorm;
    private String output;
    private String loss;
    private double learningRate = 1e-3;
    private double beta1 = 0.9;
    private double beta2 = 0.999;
    private int epochs = 1000;
    private int batchSize = 128;
    private int minSteps;
    private boolean standardize = true;
    private TrainingSpec training = TrainingSpec.defaults();
    private int ensemble = 1;

    private Builder(Task task) {
      this.task = java.util.Objects.requireNonNull(task, "task");
    }

    public Builder hidden(int... h) {
      this.hidden = h.clone();
      return this;
    }

    public Builder activation(String a) {
      this.activation = a;
      return this;
    }

    public Builder dropout(double d) {
      this.dropout = d;
      return this;
    }

    public Builder batchNorm(boolean b) {
      this.batchNorm = b;
      return this;
    }

    /** linear or sigmoid; null for the task's default. */
    public Builder output(String o) {
      this.output = o;
      return this;
    }

    /** mse, mae or bce; null for the task's default. */
    public Builder loss(String l) {
      this.loss = l;
      return this;
    }

    public Builder learningRate(double lr) {
      this.learningRate = lr;
      return this;
    }

    public Builder beta1(double b) {
      this.beta1 = b;
      return this;
    }

    public Builder beta2(double b) {
      this.beta2 = b;
      return this;
    }

    public Builder epochs(int e) {
      this.epochs = e;
      return this;
    }

    public Builder batchSize(int b) {
      this.batchSize = b;
      return this;
    }

    /** 0 (the default) for no floor. */
    public Builder minSteps(int s) {
      this.minSteps = s;
      return this;
    }

    public Builder standardize(boolean s) {
      this.standardize = s;
      return this;
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
      this.training = java.util.Objects.requireNonNull(t, "training");
      return this;
    }

    public Builder ensemble(int n) {
      this.ensemble = n;
      return this;
    }

    public MlpSpec build() {
      return new MlpSpec(this);
    }
  }
}
