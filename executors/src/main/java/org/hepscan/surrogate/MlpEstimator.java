package org.hepscan.surrogate;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.hepscan.training.TaskDevice;
import org.hepscan.training.TrainingJob;
import org.hepscan.training.TrainingPlan;

/**
 * Fits an {@link MlpSpec} on Spark (like a Spark ML {@code Estimator}): the training set is
 * broadcast once as bytes, every network (an ensemble's members) trains as one task of one
 * job with its own seed, placed as the {@link TrainingPlan} of the spec's training section
 * says, and the networks come back as bytes ({@link MlpCodec}) to become one model.
 * Serializable because its {@link #trainMember} runs in those tasks.
 */
final class MlpEstimator implements Serializable {
  private static final long serialVersionUID = 1L;

  private final MlpSpec spec;

  MlpEstimator(MlpSpec spec) {
    this.spec = spec;
  }

  /**
   * Trains as one Spark job with a task per network ({@link #ensemble()} of them), placed
   * as the {@link TrainingPlan} of this spec's training section on this cluster says:
   * GPU tasks under a stage-level resource profile where the cluster has GPUs and the
   * spec allows them, CPU tasks otherwise. Without Spark the networks train here.
   */
  public Surrogate fit(SparkSession spark, TrainingSet data, long seed, Surrogate warmStart, int epochs) {
    check(data);
    List<MlpSurrogate> warm = warmMembers(warmStart);
    TrainingPlan plan = plan(spark);
    int ep = spec.epochsFor(data.size(), epochs > 0 ? epochs : spec.epochs());
    List<byte[]> members = new ArrayList<>(spec.ensemble());
    for (int i = 0; i < spec.ensemble(); i++) {
      members.add(memberHeader(MlpSpec.memberSeed(seed, i), ep, warm == null ? null : warm.get(i).toBytes(), plan.summary()));
    }
    long t0 = System.nanoTime();
    List<byte[]> out = TrainingJob.run(spark, plan, data.toBytes(), members, this::trainMember,
        "hepscan: train " + (spec.ensemble() > 1 ? "an ensemble of " + spec.ensemble() + " mlps" : "mlp") + " on " + data.size() + " rows"
            + (plan.gpu() ? " (GPU)" : ""));
    double seconds = (System.nanoTime() - t0) / 1e9;
    if (spec.ensemble() == 1) {
      return MlpSurrogate.fromBytes(out.get(0));
    }
    List<MlpSurrogate> trained = new ArrayList<>(spec.ensemble());
    try {
      for (byte[] b : out) {
        trained.add(MlpSurrogate.fromBytes(b));
      }
    } catch (RuntimeException e) {
      trained.forEach(MlpSurrogate::close);
      throw e;
    }
    Map<String, Object> prov = new LinkedHashMap<>();
    prov.put("type", MlpSpec.TYPE);
    prov.put("task", spec.task().name().toLowerCase());
    prov.put("ensemble", spec.ensemble());
    prov.put("hyperparameters", spec.describe());
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
  public void prepare(SparkSession spark) {
    plan(spark);
  }

  private TrainingPlan plan(SparkSession spark) {
    return TrainingPlan.forModels(spec.training(), spark);
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
    if (members.size() != spec.ensemble()) {
      throw new IllegalArgumentException("the warm start model has " + members.size() + " network(s); this spec trains "
          + spec.ensemble());
    }
    return members;
  }

  /**
   * Trains one network in this JVM (an ensemble's member i is {@code train(data,
   * MlpSpec.memberSeed(seed, i), ...)}): on the GPU DJL sees when the training device is gpu, or
   * auto and there is one, else on the CPU. What tests without Spark call.
   */
  public MlpSurrogate train(TrainingSet data, long seed, Surrogate warmStart, int epochs) {
    check(data);
    MlpSurrogate warm = null;
    if (warmStart != null) {
      if (!(warmStart instanceof MlpSurrogate m)) {
        throw new IllegalArgumentException("an mlp network can only warm-start from an mlp network, not a "
            + (warmStart instanceof MlpEnsemble ? "ensemble" : warmStart.type()));
      }
      warm = m;
    }
    TrainingPlan plan = plan(null);
    return MlpTrainer.train(spec.member(), data, seed, warm, spec.epochsFor(data.size(), epochs > 0 ? epochs : spec.epochs()),
        TaskDevice.current(plan.gpu(), 0)).toSurrogate(plan.gpu() ? "auto" : "cpu");
  }

  private void check(TrainingSet data) {
    if (data.task() != spec.task()) {
      throw new IllegalArgumentException("a " + spec.task() + " model cannot learn a " + data.task() + " training set");
    }
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
      MlpTrainer.Trained t = MlpTrainer.train(spec.member(), TrainingSet.fromBytes(data), seed, warm, ep, device);
      t.provenance().put("training", plan);
      return t.toBytes();
    } finally {
      if (warm != null) {
        warm.close();
      }
    }
  }

}
