package org.hepscan.surrogate.bnn;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.spark.sql.SparkSession;
import org.hepscan.config.ConfigException;
import org.hepscan.config.Options;
import org.hepscan.surrogate.Surrogate;
import org.hepscan.surrogate.SurrogateSpec;
import org.hepscan.surrogate.Task;
import org.hepscan.surrogate.TrainingSet;
import org.hepscan.surrogate.family.ModelEnvelope;
import org.hepscan.training.TaskDevice;
import org.hepscan.training.TrainingJob;
import org.hepscan.training.TrainingPlan;
import org.hepscan.training.TrainingSpec;

/**
 * {@code model: {type: bnn, ...}}: a Bayesian neural network (papers/003) whose weights are
 * sampled by HMC, each chain one task of one Spark job (side by side on a cluster, on GPU
 * executors where the strategy's {@code training:} section and the cluster allow), the
 * chains' networks pooled into one {@link BnnSurrogate}. Defaults ({@link BnnSettings#defaults()}):
 * <pre>
 *   model:
 *     type: bnn
 *     hidden: 5             # PReLU layers (papers/003: 5 x 50)
 *     width: 50
 *     chains: 1             # independent chains, one training task each
 *     networks: 135         # networks kept per chain (papers/003 used 135)
 *     thin: 4               # trajectories between kept networks
 *     burn_in: 150          # trajectories while the step size adapts, none kept
 *     leapfrog: 30          # leapfrog steps per trajectory (the cap, with trajectory_length)
 *     trajectory_length: 0  # > 0: during burn-in the leapfrog count follows the step,
 *                           # trajectory_length / step_size, and is frozen with it
 *     step_size: 0.001      # first step size; dual averaging tunes it during burn-in
 *     target_accept: 0.8
 *     pretrain_epochs: 60   # Adam epochs towards the posterior's mode before sampling
 *     pretrain_holdout: 0.15 # this share of the rows held out of pre-training, the chain
 *                           # starting from the epoch that fits them best (0: the last epoch)
 *     batch_size: 128       # rows per pre-training step
 *     learning_rate: 0.001
 *     prior_shape: 1.0      # Gamma hyper-prior on every precision
 *     prior_rate: 0.01
 *     output_sigma: 0.1     # a regressor's likelihood sigma before it is learnt (target std units)
 * </pre>
 */
public final class BnnSpec implements SurrogateSpec {
  private static final long serialVersionUID = 1L;
  static final List<String> KEYS = List.of("type", "hidden", "width", "chains", "networks", "thin", "burn_in",
      "leapfrog", "trajectory_length", "step_size", "target_accept", "pretrain_epochs", "pretrain_holdout", "batch_size", "learning_rate", "prior_shape",
      "prior_rate", "output_sigma");

  private final BnnSettings settings;
  private final Task task;
  private final TrainingSpec training;

  public BnnSpec(BnnSettings settings, Task task, TrainingSpec training) {
    this.settings = Objects.requireNonNull(settings);
    this.task = Objects.requireNonNull(task);
    this.training = Objects.requireNonNull(training);
    if (task == Task.DENSITY) {
      throw new IllegalArgumentException("a Bayesian network learns targets, not a density");
    }
  }

  /** Reads a {@code model:} section whose type is bnn; errors carry the section's paths. */
  public static BnnSpec parse(Options o, Task task, TrainingSpec training) {
    if (task == Task.DENSITY) {
      throw new ConfigException(o.pathOf("type"), "a Bayesian network learns classes or values, not a density of "
          + "points: use type flow");
    }
    o.allowOnly(KEYS);
    BnnSettings d = BnnSettings.defaults();
    BnnSettings s = new BnnSettings(
        (int) o.integer("hidden", d.hidden(), 1, 64),
        (int) o.integer("width", d.width(), 1, 100_000),
        (int) o.integer("chains", d.chains(), 1, 1024),
        (int) o.integer("networks", d.networks(), 1, 1_000_000),
        (int) o.integer("thin", d.thin(), 1, 1_000_000),
        (int) o.integer("burn_in", d.burnIn(), 0, 10_000_000),
        (int) o.integer("leapfrog", d.leapfrog(), 1, 1_000_000),
        o.number("trajectory_length", d.trajectoryLength(), 0, 1e6),
        o.number("step_size", d.stepSize(), 1e-12, 10),
        o.number("target_accept", d.targetAccept(), 0.05, 0.99),
        (int) o.integer("pretrain_epochs", d.pretrainEpochs(), 0, 1_000_000),
        o.number("pretrain_holdout", d.pretrainHoldout(), 0, 0.9),
        (int) o.integer("batch_size", d.batchSize(), 1, 1 << 20),
        o.number("learning_rate", d.learningRate(), 1e-9, 10),
        o.number("prior_shape", d.priorShape(), 1e-9, 1e9),
        o.number("prior_rate", d.priorRate(), 1e-12, 1e9),
        o.number("output_sigma", d.outputSigma(), 1e-9, 1e3));
    return new BnnSpec(s, task, training);
  }

  public BnnSettings settings() {
    return settings;
  }

  @Override
  public String type() {
    return BnnSurrogate.TYPE;
  }

  @Override
  public Task task() {
    return task;
  }

  @Override
  public int maxRows() {
    return training.maxRows();
  }

  /**
   * One Spark job with a task per chain; the rows are broadcast once. Without Spark the
   * chains run here one after the other. {@code epochs}, when positive, replaces the
   * pre-training epochs. A chain does not continue from an earlier model: the posterior of
   * more rows is sampled afresh, so the networks of a smaller sample cannot linger.
   */
  @Override
  public Surrogate fit(SparkSession spark, TrainingSet data, long seed, Surrogate warmStart, int epochs) {
    if (data.task() != task) {
      throw new IllegalArgumentException("a " + task.name().toLowerCase() + " network cannot learn a "
          + data.task().name().toLowerCase() + " training set");
    }
    BnnSettings s = epochs > 0 ? settings.withPretrainEpochs(epochs) : settings;
    TrainingPlan plan = plan(spark);
    List<byte[]> members = new ArrayList<>(s.chains());
    java.util.SplittableRandom seeds = new java.util.SplittableRandom(seed);
    for (int c = 0; c < s.chains(); c++) {
      members.add(new TrainingJob.Member(seeds.nextLong(), plan.summary()).toBytes());
    }
    long started = System.nanoTime();
    List<byte[]> out = TrainingJob.run(spark, plan, data.toBytes(), members, new Work(s, describe()),
        "hepscan: sample a Bayesian network (" + s.chains() + " chain" + (s.chains() == 1 ? "" : "s") + ") on "
            + data.size() + " rows" + (plan.gpu() ? " (GPU)" : ""));
    List<BnnSurrogate> chains = new ArrayList<>(out.size());
    for (byte[] b : out) {
      chains.add(BnnSurrogate.read(ModelEnvelope.read(b)));
    }
    Map<String, Object> prov = new LinkedHashMap<>();
    prov.put("type", BnnSurrogate.TYPE);
    prov.put("task", task.name().toLowerCase());
    prov.put("rows", data.size());
    prov.put("seed", seed);
    prov.put("chains", chains.size());
    List<Object> perChain = new ArrayList<>();
    for (BnnSurrogate c : chains) {
      perChain.add(c.provenance());
    }
    prov.put("chain", perChain);
    prov.put("seconds", (System.nanoTime() - started) / 1e9);
    prov.put("networks", chains.stream().mapToInt(BnnSurrogate::networks).sum());
    try {
      return BnnSurrogate.merge(chains, prov);
    } finally {
      chains.forEach(BnnSurrogate::close);
    }
  }

  @Override
  public void prepare(SparkSession spark) {
    plan(spark);
  }

  private TrainingPlan plan(SparkSession spark) {
    return TrainingPlan.forModels(training, spark);
  }

  /** What a training task runs: one chain from the broadcast rows and its seed, as bytes. */
  private record Work(BnnSettings settings, Map<String, Object> parameters) implements TrainingJob.Work {
    @Override
    public byte[] train(byte[] shared, byte[] member, TaskDevice device) throws IOException {
      TrainingJob.Member m = TrainingJob.Member.read(member);
      long seed = m.seed();
      String plan = m.plan();
      try (BnnSurrogate chain = BnnChain.run(TrainingSet.fromBytes(shared), settings, seed, device.djl(),
          parameters)) {
        Map<String, Object> prov = new LinkedHashMap<>(chain.provenance());
        prov.put("training", plan);
        prov.put("device", device.describe());
        return chain.toBytes(prov);
      }
    }
  }


  @Override
  public Surrogate load(byte[] bytes) {
    return BnnSurrogate.read(ModelEnvelope.read(bytes));
  }

  @Override
  public Map<String, Object> describe() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("type", BnnSurrogate.TYPE);
    m.put("task", task.name().toLowerCase());
    m.putAll(settings.describe());
    m.put("device", training.device().key());
    return m;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof BnnSpec b && b.settings.equals(settings) && b.task == task && b.training.equals(training);
  }

  @Override
  public int hashCode() {
    return Objects.hash(settings, task, training);
  }

  @Override
  public String toString() {
    return "BnnSpec" + describe();
  }
}
