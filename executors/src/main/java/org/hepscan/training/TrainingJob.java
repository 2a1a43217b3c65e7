package org.hepscan.training;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.SparkSession;

/**
 * One training stage as one Spark job: a task per member (one network, or each member of
 * an ensemble), all in one stage under the plan's {@link TrainingPlan#profile()}, so that a
 * cluster trains the members side by side, each on the GPU Spark assigned its task where
 * the plan asks for GPUs. What all members learn from ({@code shared}: the training set)
 * is broadcast once; each task gets its own small {@code member} bytes (seed, warm start).
 * Everything travels as {@code byte[]}, which Kryo has registered.
 */
public final class TrainingJob {
  private TrainingJob() {
  }

  /** What a task runs: trains one member on {@code device}, returns its bytes. */
  @FunctionalInterface
  public interface Work extends Serializable {
    byte[] train(byte[] shared, byte[] member, TaskDevice device) throws Exception;
  }

  /**
   * The members' results in the order of {@code members}. Without Spark ({@code spark}
   * null) the members train here, one after the other.
   */
  public static List<byte[]> run(SparkSession spark, TrainingPlan plan, byte[] shared, List<byte[]> members, Work work,
      String description) {
    if (members.isEmpty()) {
      throw new IllegalArgumentException("nothing to train");
    }
    if (spark == null) {
      List<byte[]> out = new ArrayList<>(members.size());
      for (int i = 0; i < members.size(); i++) {
        try {
          out.add(work.train(shared, members.get(i), TaskDevice.current(plan.gpu(), i)));
        } catch (RuntimeException e) {
          throw e;
        } catch (Exception e) {
          throw new IllegalStateException("training member " + i + " failed: " + e.getMessage(), e);
        }
      }
      return out;
    }
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    Broadcast<byte[]> data = jsc.broadcast(shared);
    // The caller's own description (an iteration label) comes back afterwards.
    String previous = jsc.getLocalProperty("spark.job.description");
    jsc.setJobDescription(description);
    try {
      boolean gpu = plan.gpu();
      JavaRDD<byte[]> rdd = jsc.parallelize(members, members.size())
          .map(m -> work.train(data.value(), m, TaskDevice.current(gpu, -1)));
      if (plan.profile() != null) {
        rdd = rdd.withResources(plan.profile());
      }
      List<byte[]> out = rdd.collect();
      if (out.size() != members.size()) {
        throw new IllegalStateException("trained " + out.size() + " of " + members.size() + " members");
      }
      return out;
    } finally {
      jsc.setLocalProperty("spark.job.description", previous);
      data.destroy(false);
    }
  }

  /**
   * The bytes a task of a family that trains afresh gets: its seed and the plan's summary
   * (for the model's provenance).
   */
  public record Member(long seed, String plan) {
    public byte[] toBytes() {
      try {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        java.io.DataOutputStream out = new java.io.DataOutputStream(bytes);
        out.writeLong(seed);
        out.writeUTF(plan);
        out.flush();
        return bytes.toByteArray();
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }

    public static Member read(byte[] b) throws java.io.IOException {
      java.io.DataInputStream in = new java.io.DataInputStream(new java.io.ByteArrayInputStream(b));
      return new Member(in.readLong(), in.readUTF());
    }
  }
}
