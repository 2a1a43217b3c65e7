package org.hepscan.surrogate;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scores a pool of candidate points with a surrogate: in this JVM when the pool is small,
 * else as one Spark job: the model's bytes are broadcast, the pool is cut into
 * {@code defaultParallelism} contiguous slices, every executor JVM loads the model once
 * (a cache keyed by the broadcast's own id, like {@code OracleRunner}'s oracles) and
 * predicts its slices; the rows come back in the order given.
 *
 * <p>Generic over {@link SurrogateSpec}: it only calls {@link SurrogateSpec#load} and
 * {@link Surrogate#predict}. What travels through Kryo: {@code double[][]} slices,
 * {@code double[][][]} results and the broadcast {@code byte[]}.
 */
public final class CandidateScorer {
  private static final Logger LOG = LoggerFactory.getLogger(CandidateScorer.class);

  /** Models loaded in this JVM; the oldest are closed once no task uses them any more. */
  private static final int CACHED_MODELS = 3;
  private static final LinkedHashMap<String, Cached> MODELS = new LinkedHashMap<>();

  static {
    Runtime.getRuntime().addShutdownHook(new Thread(CandidateScorer::closeAll, "hepscan-surrogate-close"));
  }

  private CandidateScorer() {
  }

  /**
   * Predictions for the rows of {@code x}, in order. Pools of at most
   * {@code distributedAbove} rows (or any pool, when {@code spark} is null) are scored
   * with {@code model} here.
   */
  public static Prediction score(SparkSession spark, SurrogateSpec spec, Surrogate model, double[][] x, int distributedAbove) {
    if (spark == null || x.length <= distributedAbove) {
      return model.predict(x);
    }
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    int slices = Math.max(1, Math.min(x.length, jsc.defaultParallelism()));
    List<double[][]> parts = new ArrayList<>(slices);
    for (int s = 0; s < slices; s++) {
      int from = (int) ((long) x.length * s / slices);
      int to = (int) ((long) x.length * (s + 1) / slices);
      double[][] part = new double[to - from][];
      System.arraycopy(x, from, part, 0, to - from);
      parts.add(part);
    }
    Broadcast<byte[]> bytes = jsc.broadcast(model.toBytes());
    String key = UUID.randomUUID().toString();
    jsc.setJobDescription("hepscan: score " + x.length + " candidates with " + spec.type());
    try {
      List<double[][][]> out = jsc.parallelize(parts, slices)
          .mapPartitions((Iterator<double[][]> it) -> scorePartition(it, spec, bytes, key))
          .collect();
      double[][] mean = new double[x.length][];
      double[][] std = null;
      int row = 0;
      for (double[][][] r : out) {
        System.arraycopy(r[0], 0, mean, row, r[0].length);
        if (r.length > 1) {
          if (std == null) {
            std = new double[x.length][];
          }
          System.arraycopy(r[1], 0, std, row, r[1].length);
        }
        row += r[0].length;
      }
      if (row != x.length) {
        throw new IllegalStateException("scored " + row + " of " + x.length + " candidates");
      }
      return new Prediction(mean, std);
    } finally {
      jsc.setJobDescription(null);
      bytes.destroy(false);
    }
  }

  /** Executor side: one result {@code {mean}} or {@code {mean, std}} per slice. */
  private static Iterator<double[][][]> scorePartition(Iterator<double[][]> slices, SurrogateSpec spec, Broadcast<byte[]> bytes,
      String key) {
    List<double[][][]> out = new ArrayList<>();
    Cached c = acquire(key, spec, bytes);
    try {
      while (slices.hasNext()) {
        Prediction p = c.model.predict(slices.next());
        out.add(p.std() == null ? new double[][][] {p.mean()} : new double[][][] {p.mean(), p.std()});
      }
    } finally {
      release(c);
    }
    return out.iterator();
  }

  private static final class Cached {
    final Surrogate model;
    int users;
    boolean evicted;

    Cached(Surrogate model) {
      this.model = model;
    }
  }

  private static Cached acquire(String key, SurrogateSpec spec, Broadcast<byte[]> bytes) {
    synchronized (MODELS) {
      Cached c = MODELS.get(key);
      if (c == null) {
        // Loading under the lock: the other task threads of this JVM want the same model.
        c = new Cached(spec.load(bytes.value()));
        MODELS.put(key, c);
        Iterator<Map.Entry<String, Cached>> it = MODELS.entrySet().iterator();
        while (MODELS.size() > CACHED_MODELS && it.hasNext()) {
          Cached old = it.next().getValue();
          it.remove();
          old.evicted = true;
          closeIfUnused(old);
        }
      }
      c.users++;
      return c;
    }
  }

  private static void release(Cached c) {
    synchronized (MODELS) {
      c.users--;
      closeIfUnused(c);
    }
  }

  private static void closeIfUnused(Cached c) {
    if (c.evicted && c.users == 0) {
      try {
        c.model.close();
      } catch (Exception e) {
        LOG.warn("closing a cached surrogate failed: {}", e.toString());
      }
    }
  }

  private static void closeAll() {
    synchronized (MODELS) {
      for (Cached c : MODELS.values()) {
        c.evicted = true;
        closeIfUnused(c);
      }
      MODELS.clear();
    }
  }
}
