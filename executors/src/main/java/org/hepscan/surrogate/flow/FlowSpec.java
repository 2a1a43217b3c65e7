package org.hepscan.surrogate.flow;

import java.io.IOException;
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
 * {@code model: {type: flow, ...}}: a {@link FlowDensity} over unit-cube coordinates, trained
 * as one task of one Spark job like a network (on a GPU executor where the strategy's
 * {@code training:} section and the cluster allow), every random choice from the seed.
 * Defaults are papers/000's Table V ({@link FlowDensity.Spec#paper()}):
 * <pre>
 *   model:
 *     type: flow
 *     transforms: 3        # autoregressive spline transforms, coordinates reversed between them
 *     hidden: 64           # units of each transform's two hidden layers
 *     bins: 10             # K, spline bins on [-bound, bound]; identity outside
 *     bound: 2.0           # B, in standardized coordinates
 *     epochs: 300
 *     batch_size: 1024
 *     learning_rate: 0.001
 *     patience: 0          # above 0: hold out 15 % of the points, stop after this many epochs without
 *                          # a better log-density on them, keep the best epoch's weights; 0: all epochs,
 *                          # as Table V (on the real SoftSUSY points of FlowOnSoftsusyTest, 30
 *                          # stopped early and matched the marginals less well)
 * </pre>
 */
public final class FlowSpec implements SurrogateSpec {
  private static final long serialVersionUID = 1L;
  static final List<String> KEYS = List.of("type", "transforms", "hidden", "bins", "bound", "epochs", "batch_size",
      "learning_rate", "patience");
  /** Epochs without a better held-out log-density before training stops (see {@link FlowDensity.Spec}). */
  static final int DEFAULT_PATIENCE = 0;

  private final FlowDensity.Spec flow;
  private final TrainingSpec training;

  public FlowSpec(FlowDensity.Spec flow, TrainingSpec training) {
    this.flow = Objects.requireNonNull(flow).withUnitCube(true);
    this.training = Objects.requireNonNull(training);
  }

  /** Reads a {@code model:} section whose type is flow; errors carry the section's paths. */
  @Override
  public int maxRows() {
    return training.maxRows();
  }

  public static FlowSpec parse(Options o, Task task, TrainingSpec training) {
    if (task != Task.DENSITY) {
      throw new ConfigException(o.pathOf("type"), "a flow learns a density of points; this model must learn "
          + task.name().toLowerCase() + " targets: use type mlp, random-forest or gbt");
    }
    o.allowOnly(KEYS);
    FlowDensity.Spec p = FlowDensity.Spec.paper();
    FlowDensity.Spec spec = new FlowDensity.Spec(
        (int) o.integer("transforms", p.transforms(), 1, 64),
        (int) o.integer("hidden", p.hidden(), 1, 100_000),
        (int) o.integer("bins", p.bins(), 2, 1000),
        o.number("bound", p.bound(), 1e-3, 1e3),
        (int) o.integer("epochs", p.epochs(), 1, 1_000_000),
        (int) o.integer("batch_size", p.batchSize(), 1, 1 << 20),
        o.number("learning_rate", p.learningRate(), 1e-9, 10),
        true,
        (int) o.integer("patience", DEFAULT_PATIENCE, 0, 1_000_000));
    return new FlowSpec(spec, training);
  }

  public FlowDensity.Spec flow() {
    return flow;
  }

  @Override
  public String type() {
    return FlowDensity.TYPE;
  }

  @Override
  public Task task() {
    return Task.DENSITY;
  }

  /**
   * One Spark job with one task (the flow), placed as the training section's plan says; the
   * training set is broadcast as bytes. Without Spark it trains here. A flow does not warm-start:
   * each iteration's flow learns the points so far afresh, so what it learnt from an earlier,
   * smaller sample cannot linger.
   */
  @Override
  public Surrogate fit(SparkSession spark, TrainingSet data, long seed, Surrogate warmStart, int epochs) {
    if (data.task() != Task.DENSITY) {
      throw new IllegalArgumentException("a flow learns a density, not a " + data.task() + " training set");
    }
    if (warmStart != null) {
      throw new IllegalArgumentException("a flow trains afresh each time; it does not continue from an earlier one");
    }
    FlowDensity.Spec s = epochs > 0 ? flow.withEpochs(epochs) : flow;
    TrainingPlan plan = plan(spark);
    byte[] member = new TrainingJob.Member(seed, plan.summary()).toBytes();
    List<byte[]> out = TrainingJob.run(spark, plan, data.toBytes(), List.of(member), new Work(s),
        "hepscan: train a flow on " + data.size() + " points" + (plan.gpu() ? " (GPU)" : ""));
    return FlowDensity.read(ModelEnvelope.read(out.get(0)));
  }

  @Override
  public void prepare(SparkSession spark) {
    plan(spark);
  }

  private TrainingPlan plan(SparkSession spark) {
    return TrainingPlan.forModels(training, spark);
  }

  /** What the training task runs: the flow from the broadcast points and its seed, as bytes. */
  private record Work(FlowDensity.Spec spec) implements TrainingJob.Work {
    @Override
    public byte[] train(byte[] shared, byte[] member, TaskDevice device) throws IOException {
      TrainingJob.Member m = TrainingJob.Member.read(member);
      long seed = m.seed();
      String plan = m.plan();
      try (FlowDensity f = FlowDensity.fit(TrainingSet.fromBytes(shared), spec, seed, device.djl())) {
        Map<String, Object> prov = new LinkedHashMap<>(f.provenance());
        prov.put("training", plan);
        prov.put("device", device.describe());
        return f.toBytes(prov);
      }
    }
  }


  @Override
  public Surrogate load(byte[] bytes) {
    return FlowDensity.read(ModelEnvelope.read(bytes));
  }

  @Override
  public Map<String, Object> describe() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("type", FlowDensity.TYPE);
    m.put("task", "density");
    m.putAll(flow.describe());
    m.put("device", training.device().key());
    return m;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof FlowSpec f && f.flow.equals(flow) && f.training.equals(training);
  }

  @Override
  public int hashCode() {
    return Objects.hash(flow, training);
  }

  @Override
  public String toString() {
    return "FlowSpec" + describe();
  }
}
