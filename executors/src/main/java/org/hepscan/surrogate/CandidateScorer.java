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
 * {@link Surrogate#predict}. What travels through Kryo: flat {@code float[]} slices,
 * {@code float[][]} results and the broadcast {@code byte[]}.
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

  /** Below this many rows a pool is predicted on the calling thread: splitting costs more than it saves. */
  static final int PARALLEL_ABOVE = 8192;

  /**
   * Predicts {@code x} in this JVM with one thread per core, each on a contiguous share.
   * Measured on 2 cores (4 x 100 MLP, 2M points): one thread 1.1 M/s, two threads with one
   * PyTorch thread each 2.2 M/s, one thread with two PyTorch intra-op threads 0.1 M/s;
   * so parallelism comes from Java threads, never from PyTorch's own pool.
   */
  public static Prediction predictHere(Surrogate model, double[][] x) {
    int threads = Math.min(Runtime.getRuntime().availableProcessors(), Math.max(1, x.length / PARALLEL_ABOVE));
    if (threads <= 1) {
      return model.predict(x);
    }
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads, r -> {
      Thread t = new Thread(r, "hepscan-score");
      t.setDaemon(true);
      return t;
    });
    try {
      List<java.util.concurrent.Future<Prediction>> parts = new ArrayList<>(threads);
      for (int t = 0; t < threads; t++) {
        int from = (int) ((long) x.length * t / threads);
        int to = (int) ((long) x.length * (t + 1) / threads);
        double[][] part = java.util.Arrays.copyOfRange(x, from, to);
        parts.add(pool.submit(() -> model.predict(part)));
      }
      double[][] mean = new double[x.length][];
      double[][] std = null;
      double[][][] members = null;
      int row = 0;
      for (var f : parts) {
        Prediction p = f.get();
        System.arraycopy(p.mean(), 0, mean, row, p.size());
        if (p.std() != null) {
          if (std == null) {
            std = new double[x.length][];
          }
          System.arraycopy(p.std(), 0, std, row, p.size());
        }
        if (p.members() != null) {
          if (members == null) {
            members = new double[p.memberCount()][x.length][];
          }
          for (int m = 0; m < members.length; m++) {
            System.arraycopy(p.members()[m], 0, members[m], row, p.size());
          }
        }
        row += p.size();
      }
      return new Prediction(mean, std, members);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while scoring candidates", e);
    } catch (java.util.concurrent.ExecutionException e) {
      throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
    } finally {
      pool.shutdownNow();
    }
  }

  /**
   * Predictions for the rows of {@code x}, in order. Pools of at most
   * {@code distributedAbove} rows (or any pool, when {@code spark} is null) are scored
   * with {@code model} here.
   */
  public static Prediction score(SparkSession spark, SurrogateSpec spec, Surrogate model, double[][] x, int distributedAbove) {
    if (spark == null || x.length <= distributedAbove) {
      return predictHere(model, x);
    }
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    int slices = Math.max(1, Math.min(x.length, jsc.defaultParallelism()));
    int d = x[0].length;
    // Candidates travel as flat float32 rows: half the bytes of doubles and no per-row
    // objects for Kryo; the networks compute in float32 anyway.
    List<float[]> parts = new ArrayList<>(slices);
    int[] starts = new int[slices + 1];
    for (int s = 0; s < slices; s++) {
      int from = (int) ((long) x.length * s / slices);
      int to = (int) ((long) x.length * (s + 1) / slices);
      starts[s] = from;
      float[] part = new float[(to - from) * d];
      for (int i = from; i < to; i++) {
        for (int j = 0; j < d; j++) {
          part[(i - from) * d + j] = (float) x[i][j];
        }
      }
      parts.add(part);
    }
    starts[slices] = x.length;
    Broadcast<byte[]> bytes = jsc.broadcast(model.toBytes());
    String key = UUID.randomUUID().toString();
    int outputs = model.outputs();
    jsc.setJobDescription("hepscan: score " + x.length + " candidates with " + spec.type());
    try {
      List<float[][]> out = jsc.parallelize(parts, slices)
          .mapPartitions((Iterator<float[]> it) -> scorePartition(it, d, spec, bytes, key))
          .collect();
      if (out.size() != slices) {
        throw new IllegalStateException("scored " + out.size() + " of " + slices + " slices of candidates");
      }
      double[][] mean = new double[x.length][];
      double[][] std = null;
      for (int s = 0; s < slices; s++) {
        float[][] r = out.get(s);
        int rows = starts[s + 1] - starts[s];
        if (r[0].length != rows * outputs) {
          throw new IllegalStateException("slice " + s + " came back with " + r[0].length + " values for " + rows + " rows");
        }
        if (r.length > 1 && std == null) {
          std = new double[x.length][];
        }
        for (int i = 0; i < rows; i++) {
          mean[starts[s] + i] = widen(r[0], i * outputs, outputs);
          if (r.length > 1) {
            std[starts[s] + i] = widen(r[1], i * outputs, outputs);
          }
        }
      }
      return new Prediction(mean, std);
    } finally {
      jsc.setJobDescription(null);
      bytes.destroy(false);
    }
  }

  private static double[] widen(float[] a, int from, int n) {
    double[] r = new double[n];
    for (int j = 0; j < n; j++) {
      r[j] = a[from + j];
    }
    return r;
  }

  /** Executor side: one result {@code {mean}} or {@code {mean, std}} per slice, flat row-major float32. */
  private static Iterator<float[][]> scorePartition(Iterator<float[]> slices, int d, SurrogateSpec spec, Broadcast<byte[]> bytes,
      String key) {
    List<float[][]> out = new ArrayList<>();
    Cached c = acquire(key, spec, bytes);
    try {
      while (slices.hasNext()) {
        float[] flat = slices.next();
        double[][] x = new double[flat.length / d][d];
        for (int i = 0; i < x.length; i++) {
          for (int j = 0; j < d; j++) {
            x[i][j] = flat[i * d + j];
          }
        }
        Prediction p = c.model.predict(x);
        out.add(p.std() == null ? new float[][] {narrow(p.mean())} : new float[][] {narrow(p.mean()), narrow(p.std())});
      }
    } finally {
      release(c);
    }
    return out.iterator();
  }

  private static float[] narrow(double[][] m) {
    int k = m.length == 0 ? 0 : m[0].length;
    float[] f = new float[m.length * k];
    for (int i = 0; i < m.length; i++) {
      for (int j = 0; j < k; j++) {
        f[i * k + j] = (float) m[i][j];
      }
    }
    return f;
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
